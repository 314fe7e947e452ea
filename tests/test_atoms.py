"""Atomic claims (nli.atoms): what a sentence asserts, without its frame, on real news sentences."""
import pytest

from nli.atoms import decompose, load_parser
from nli.claims import extract_claims
from nli.config import Config
from nli.corpus import read_articles
from tests.conftest import OPIUM_MISSED, SEED

ATOMIC = Config(claims="atomic")
OPIUM_1 = ("In November 2015, terrorism experts indicated that ISIS was planning to flood the UK and other European "
           "nations with heroin, suggesting that the terrorist group is involved in Afghanistan’s illicit opium trade.")
OPIUM_2 = ("Nevertheless, Voice of America (VOA) reported in May that ISIL-K eradicated opium and heroin production "
           "in Nangarhar province, arguing that it is illegal.")


def one(sentence):
    (atoms,) = decompose([sentence])
    return atoms


def test_the_parser_is_explosions_small_english_pipeline():
    nlp = load_parser("en_core_web_sm")
    assert nlp.meta["version"] == "3.8.0" and nlp.meta["lang"] == "en"
    assert {"parser", "ner"} <= set(nlp.pipe_names)


def test_a_missing_parser_is_named():
    with pytest.raises(RuntimeError, match="no_such_pipeline"):
        load_parser("no_such_pipeline")


def test_the_seed_opium_sentence_splits_into_its_two_reported_claims():
    atoms = one(OPIUM_1)
    assert [a.text for a in atoms] == ["ISIS was planning to flood the UK and other European nations with heroin.",
                                       "ISIS is involved in Afghanistan’s illicit opium trade."]
    # the frame leaves the text and becomes fields
    assert all(a.speaker == "terrorism experts" and a.time == "In November 2015" for a in atoms)
    assert [a.hedge for a in atoms] == ["indicated", "suggesting"]


def test_the_other_opium_sentence_keeps_its_claim_and_drops_the_unresolvable_clause():
    (atom,) = one(OPIUM_2)  # "arguing that it is illegal": "it" is nothing the sentence names
    assert atom.text == "ISIL-K eradicated opium and heroin production in Nangarhar province."
    assert atom.speaker == "Voice of America (VOA)" and atom.time == "in May"


def test_spans_point_at_the_claims_words_in_the_sentence():
    for atom in one(OPIUM_1) + one(OPIUM_2):
        words = " ".join(OPIUM_1[s:e] if "terrorism" in atom.speaker else OPIUM_2[s:e] for s, e in atom.spans)
        assert "opium" in words or "heroin" in words
        for s, e in atom.spans:
            assert 0 <= s < e


def test_coordinated_clauses_carry_the_subject_over():
    atoms = one("The company cut 500 jobs and closed two factories in Ohio.")
    assert [a.text for a in atoms] == ["The company cut 500 jobs.", "The company closed two factories in Ohio."]


def test_a_clause_with_its_own_subject_stands_alone_and_a_conditional_does_not():
    texts = [a.text for a in one("The minister resigned after the report was published.")]
    assert texts == ["The minister resigned.", "The report was published."]
    (atom,) = one("The strike will end if the company raises wages.")
    assert atom.text == "The strike will end if the company raises wages."


def test_the_speaker_of_a_report_is_not_the_antecedent_of_its_content():
    (atom,) = one("However, TOLO News points out that the group is also operating in neighboring Kunar province.")
    assert atom.text == "The group is operating in neighboring Kunar province." and atom.speaker == "TOLO News"


def test_a_pronoun_is_resolved_only_when_one_candidate_fits():
    (first, second) = decompose(["Mohammad Hanif Atmar met the envoy on Monday.", "He said that he will visit Russia soon."])
    assert second[0].text == "Mohammad Hanif Atmar will visit Russia soon." and second[0].speaker == "Mohammad Hanif Atmar"
    (_, second) = decompose(["Atmar met Sias on Monday.", "He said that the talks went well."])
    assert second[0].text == "The talks went well." and second[0].speaker == "He"  # two people: "he" stays


def test_reportedly_is_a_hedge_not_part_of_the_claim():
    (atom,) = one("Moscow has reportedly already supplied the Afghan security forces with weapons.")
    assert atom.text == "Moscow has already supplied the Afghan security forces with weapons." and atom.hedge == "reportedly"


def test_a_denial_is_not_split_from_what_it_denies():
    (atom,) = one("The ministry denied that the minister had resigned.")
    assert atom.text == "The ministry denied that the minister had resigned."


def test_a_claim_nothing_resolves_is_no_claim():
    # "he" names nobody here: compared with other articles' claims it could only add noise
    assert decompose(["“We will never give up, and we will win,” he said.", "He denied the report."]) == [[], []]


def test_a_bare_definite_description_takes_the_articles_fuller_description():
    first, second = decompose(["A video purporting to show the beheading of James Foley was posted on Tuesday.",
                               "The video is fake, experts said."])
    assert second[0].text == "The video purporting to show the beheading of James Foley is fake."
    # a description with other modifiers, or of another number, is another thing
    _, other = decompose(["The militant group loyal to the regime seized the town.", "The rebel group denied it."])
    assert all("loyal to the regime" not in a.text for a in other)


def test_an_object_or_demonstrative_nothing_names_is_no_claim():
    assert decompose(["Surgeons were unable to save it.", "This phone sure isn’t hipster-friendly."]) == [[], []]
    # a pronoun bound inside the claim is understandable alone
    (atom,) = one("A Chinese woman spent a week in a KFC after being dumped by her boyfriend.")
    assert atom.text == "A Chinese woman spent a week in a KFC after being dumped by her boyfriend."


def test_commands_and_bare_attributions_assert_nothing():
    assert decompose(["Share it in the comments.", "Please delete the tweet or face legal charges."]) == [[], []]
    (atom,) = one("As The Hollywood Reporter revealed in April, Jobs left the project over compensation.")
    assert atom.text == "Jobs left the project over compensation." and atom.speaker == "The Hollywood Reporter"
    # "this year" is a time, not something the article must name
    (atom,) = one("Lego became the biggest toymaker this year, due to the success of The LEGO Movie.")
    assert "this year" in atom.text


def test_a_possessive_apostrophe_keeps_its_word_apart():
    (atom,) = one("Pope Francis’ apparent reversal of the policy could be enormous.")
    assert "Francis’ apparent" in atom.text


@pytest.mark.parametrize("sentence", [
    "Breaking news from the capital this morning.",  # no verb
    "“We will never give up, and we will win,” Atmar said.",  # all quotation, first person
    "El gobierno anunció que la planta cerrará el próximo año según los informes oficiales del ministerio.",
    " ".join(["The committee met and discussed the budget and the plan"] * 12) + ".",  # very long
])
def test_what_the_parser_cannot_take_stays_the_sentence(sentence):
    (atom,) = one(sentence)
    assert atom.text == sentence and atom.speaker is None and atom.spans == ((0, len(sentence)),)


def test_every_claim_has_a_subject_and_a_finite_verb_on_the_seed():
    (a,) = read_articles([SEED])
    claims = extract_claims(a, ATOMIC)
    nlp = load_parser("en_core_web_sm")
    split = [c for c in claims if c.sentence]
    assert len(split) >= 10
    for doc, c in zip(nlp.pipe(c.text for c in split), split):
        assert any(t.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for t in doc), c.text
        assert any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in doc), c.text
        assert a.text[c.start:c.end] == c.sentence  # the sentence the report shows
        assert c.text != c.sentence


def test_sentence_mode_keeps_each_sentence_whole():
    (a,) = read_articles([SEED])
    whole = extract_claims(a, Config(claims="sentence"))
    atomic = extract_claims(a, ATOMIC)
    assert all(c.sentence is None and a.text[c.start:c.end] == c.text for c in whole if c.start >= 0)
    # the same sentences, numbered the same: an atomic claim's sentence id is its sentence's claim id;
    # a sentence whose subject nothing resolves ("he added") yields none
    kept = {c.sentence_id for c in atomic}
    assert kept <= {c.id for c in whole} and len(kept) >= 0.8 * len(whole)
    assert len(atomic) > len(whole)


@pytest.fixture(scope="module")
def seed_atomic_report():
    import nli

    return nli.detect([SEED], claims="atomic", aggregate="max", threshold=0.0)


@pytest.fixture(scope="module")
def seed_atomic_rows(seed_atomic_report):
    return seed_atomic_report.rows()


def test_the_seed_opium_claims_are_paired_and_marked_inside_their_sentences(seed_atomic_report, seed_atomic_rows):
    """Whole sentences drown the clash; split, the two claims that clash meet as one candidate pair,
    and the report shows the two sentences with the words of a pair of their claims marked inside them
    (the pair of those sentences' claims that scores highest)."""
    from tests.conftest import OPIUM_CLAIM_A, OPIUM_CLAIM_B

    rep = seed_atomic_report
    texts = [{rep.claims[v.pair.a].text, rep.claims[v.pair.b].text} for v in rep.verdicts]
    assert any(any(OPIUM_CLAIM_A in t for t in pair) and any(OPIUM_CLAIM_B in t for t in pair) for pair in texts), \
        "the opium claims were never paired"
    row = next((r for r in seed_atomic_rows if "In November 2015, terrorism experts indicated" in r["sentence_a"] + r["sentence_b"]
                and "Nangarhar" in r["sentence_a"] + r["sentence_b"]), None)
    assert row is not None, "the opium sentences have no row in the report"
    for side in "ab":
        s, e = row[f"claim_spans_{side}"][0]
        assert row[f"claim_{side}"] != row[f"sentence_{side}"]  # a claim split out of its sentence
        assert row[f"sentence_{side}"][s:e] in row[f"claim_{side}"] or row[f"claim_{side}"].startswith(row[f"sentence_{side}"][s:e][:10])


@OPIUM_MISSED
def test_the_seed_opium_claims_are_among_the_three_clearest_clashes(seed_atomic_rows):
    from tests.conftest import is_opium_pair

    rows = seed_atomic_rows
    assert any(is_opium_pair(r) for r in rows[:3]), [(r["claim_a"][:50], r["claim_b"][:50]) for r in rows[:3]]