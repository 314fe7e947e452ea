import pytest

from nli.contrast import Contrast, Fact, classify_contrast, extract_facts, fact_conflicts

# the project's seed pair (seeds/afghan_experts_pakistan_isis.txt)
OPIUM_A = "ISIS is involved in Afghanistan's illicit opium trade."
OPIUM_B = "Nevertheless, VOA reported in May that ISIL-K eradicated opium and heroin production in Nangarhar province."
HIRED_40 = "The company hired 40 people."


def numbers(text):
    return [(f.value, f.unit) for f in extract_facts(text) if f.kind == "number"]


def kinds(a, b):
    return [c.kind for c in fact_conflicts(a, b)]


def spans(text, found):
    return [text[s:e] for s, e in found]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Officials counted 12,000 troops and -5 degrees.", [(12000.0, "troops"), (-5.0, "degrees")]),
        ("Turnout: 40% from 35 per cent, not 3.5 percent.", [(40.0, "percent"), (35.0, "percent"), (3.5, "percent")]),
        ("Russia said the group could make $50 billion.", [(5e10, "usd")]),
        ("They paid £3m and 2bn, then 3 thousand more.", [(3e6, "gbp"), (2e9, None), (3000.0, None)]),
        ("Some 1.5 million people fled.", [(1.5e6, "people")]),
        ("Twenty-five soldiers and three hundred and fifty civilians", [(25.0, "soldiers"), (350.0, "civilians")]),
        ("A dozen villages and forty percent of the land", [(12.0, "villages"), (40.0, "percent")]),
        ("The 3rd raid in the 1990s at 7:30 hit one of them, with COVID-19 and F-16s.", []),
        ("The raid killed 5 soldiers 7 km away.", [(5.0, "soldiers"), (7.0, "km")]),
        ("Flight 77 and a Boeing 737 flew; nine three, apartment 21B.", []),  # labels, not quantities
    ],
)
def test_numbers_are_normalised_with_their_unit(text, expected):
    assert numbers(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("A photo posted on April 7, 2015 shows ISIS.", [(2015, 4, 7)]),
        ("It began on 7 April 2015 and ended 2016-05-09.", [(2015, 4, 7), (2016, 5, 9)]),
        ("ISIS announced its presence in January 2015.", [(2015, 1, None)]),
        ("VOA reported last May that Theresa May may march in March.", [(None, 5, None), (None, 3, None)]),
        ("In 2015, 2000 soldiers voted in the 2016 election on Monday.", [(2015, None, None), (2016, None, None)]),
        ("The attack happened in May.", [(None, 5, None)]),
    ],
)
def test_dates_have_year_month_day_parts(text, expected):
    assert [f.value for f in extract_facts(text) if f.kind == "date"] == expected


def test_years_are_dates_not_numbers():
    assert numbers("In 2015, 2000 soldiers arrived.") == [(2000.0, "soldiers")]


def test_entities_are_capitalised_runs_and_acronyms():
    text = ("Earlier, Mohammad Hanif Atmar said the U.S., NATO and the Islamic State of Iraq "
            "fund Afghanistan's ISIL-K and al-Qaeda, VOA reported.")
    got = [f.value for f in extract_facts(text) if f.kind == "entity"]
    assert got == ["mohammad hanif atmar", "us", "nato", "islamic state of iraq", "afghanistan", "isil-k",
                   "al-qaeda", "voa"]
    assert [f.value for f in extract_facts("Prices rose sharply.")] == []  # a sentence opener, not a name


@pytest.mark.parametrize("text", [
    HIRED_40, "Turnout rose to 62 per cent in May.", "Russia said ISIS could make $50 billion on April 7, 2015.",
    OPIUM_B, "Afghanistan’s illicit opium trade is worth twenty-five thousand dollars.",
])
def test_fact_offsets_point_into_the_claim(text):
    facts = extract_facts(text)
    assert facts and all(isinstance(f, Fact) and text[f.start : f.end] == f.text for f in facts)


def test_same_quantity_written_differently_is_no_conflict():
    assert fact_conflicts(HIRED_40, "The company hired forty people.") == []
    assert fact_conflicts("Turnout rose to 62%.", "Turnout rose to 62 percent.") == []
    assert fact_conflicts("1.5 million people fled.", "1,500,000 people fled.") == []
    assert fact_conflicts("About 40 people died.", "41 people died.") == []
    assert fact_conflicts("More than 40 people died.", "60 people died.") == []  # a bound, not a value
    assert fact_conflicts("Between 2 and 4 people died.", "Three people died.") == []  # a range


def test_different_quantities_conflict_with_spans_on_the_numbers():
    b = "The company hired 60 people."
    c = classify_contrast(HIRED_40, b)
    assert (c.type, spans(HIRED_40, c.spans_a), spans(b, c.spans_b)) == ("numeric", ["40"], ["60"])
    assert c.detail == "40 people vs 60 people"
    a, b = "Russia estimated the group could make $50 billion.", "Russia estimated the group could make $5 billion."
    assert kinds(a, b) == ["numeric"]
    assert kinds("The toll rose to 40 on Monday.", "The toll rose to 60 on Monday.") == ["numeric"]
    assert kinds("41 people died.", "About 60 people died.") == ["numeric"]


def test_numbers_in_different_units_or_roles_do_not_conflict():
    assert fact_conflicts("The raid killed 5 soldiers.", "The raid was 7 km away.") == []
    assert fact_conflicts(HIRED_40, "The protest drew 60 people.") == []  # same unit, another story


def test_dates_conflict_on_a_shared_part_only():
    a, b = "ISIS announced its presence in January 2015.", "ISIS announced its presence in January 2016."
    c = classify_contrast(a, b)
    assert (c.type, spans(a, c.spans_a), spans(b, c.spans_b)) == ("date", ["January 2015"], ["January 2016"])
    # two months named for one event clash even though only one claim gives a year
    assert kinds("The attack happened in May.", "The attack happened on April 7, 2015.") == ["date"]
    assert fact_conflicts("The bomb hit Kabul in 2015.", "The bomb hit Kabul on April 7, 2015.") == []
    assert fact_conflicts("The bomb killed 12 people in Kabul in 2015.", "The bomb killed 12 people in Kabul.") == []
    assert fact_conflicts("The group formed before 2007.", "The group formed in 1993.") == []  # a bound
    # the same month in another story is no clash
    assert fact_conflicts("Turnout fell in May.", "The army said the rebels attacked a base in April.") == []


def test_entity_swapped_in_the_same_place_conflicts():
    a, b = "Pakistan is funding ISIS.", "Iran is funding ISIS."
    c = classify_contrast(a, b)
    assert (c.type, spans(a, c.spans_a), spans(b, c.spans_b)) == ("entity", ["Pakistan"], ["Iran"])
    assert fact_conflicts("ISIS funds the Taliban in Kunar.", "ISIL funds the Taliban in Kunar.") == []  # aliases
    assert fact_conflicts("Pakistani officials denied the report.", "Pakistan officials denied the report.") == []
    assert fact_conflicts("Bin Ladin wanted to return to Sudan.", "Bin Laden wanted to return to Sudan.") == []
    assert fact_conflicts("Britain is funding the militia.", "The UK is funding the militia.") == []
    assert fact_conflicts("Pakistan is funding ISIS.", "Iran hosts a summit on trade.") == []  # another topic


def test_negation_in_one_claim_only():
    a, b = "The man is sleeping.", "The man is not sleeping."
    c = classify_contrast(a, b)
    assert (c.type, c.spans_a, spans(b, c.spans_b), c.detail) == ("negation", [], ["not"], "'not' only in b")
    assert classify_contrast("The man isn't sleeping.", "The man is not asleep.").type != "negation"  # cancels


def test_antonyms_with_inflections():
    a, b = "Prices rose sharply.", "Prices fell sharply."
    c = classify_contrast(a, b)
    got = (c.type, spans(a, c.spans_a), spans(b, c.spans_b), c.detail)
    assert got == ("antonym", ["rose"], ["fell"], "rise vs fall")
    assert classify_contrast("He won the election.", "He lost the election.").detail == "win vs lose"
    assert classify_contrast("The border is open.", "The border was closed.").type == "antonym"


@pytest.mark.parametrize("b", [OPIUM_B, "ISIL-K eradicated opium and heroin production in Nangarhar province."])
def test_seed_opium_pair_is_typed_with_a_span_on_eradicated(b):
    ab, ba = classify_contrast(OPIUM_A, b), classify_contrast(b, OPIUM_A)  # either order
    assert ab.type in ("negation", "antonym") and ba.type == ab.type
    assert "eradicated" in spans(b, ab.spans_b) and "eradicated" in spans(b, ba.spans_a)


def test_no_cue_falls_back_to_other():
    c = classify_contrast("The sky is blue.", "Grass grows in the park.")
    assert isinstance(c, Contrast) and c.type == "other"


def test_restates_needs_nearly_the_same_words_and_no_clash():
    from nli.contrast import restates

    a = "Theologians cautioned that Francis had spoken casually, not made a doctrinal statement."
    assert restates(a, "Theologians cautioned that Pope Francis had spoken casually, not made a doctrinal statement.")
    assert not restates(a, "Theologians cautioned that Francis had spoken casually and made a doctrinal statement.")  # negation
    assert not restates("Police arrested the man in Paris on Monday after a long chase.",
                        "Police arrested the man in London on Monday after a long chase.")  # a place
    assert not restates("Police said 12 people were killed in the attack on Monday.",
                        "Police said 15 people were killed in the attack on Monday.")  # a number
    assert not restates("Sources are reporting that Macaulay Culkin has been found dead at the age of 34.",
                        "The hoax story reads: Sources are reporting that Macaulay Culkin has been found dead at the age of 34.")
    assert not restates(a, "Theologians said Francis spoke about doctrine.")  # too few words shared
