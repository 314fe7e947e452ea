import json

import pytest

from nli.claims import extract_claims, is_claim
from nli.config import Config
from nli.corpus import read_articles
from nli.records import Article
from tests.conftest import SEED

CFG = Config()


def texts(text):
    return [c.text for c in extract_claims(Article(id="t", text=text))]


def test_offsets_point_into_the_article():
    (a,) = read_articles([SEED])
    claims = extract_claims(a)
    assert len(claims) >= 20
    for c in claims:
        assert a.text[c.start : c.end] == c.sentence_text  # an atomic claim points at its sentence
        assert c.article_id == a.id and c.id.startswith(a.id + "#")


def test_seed_keeps_the_opium_claims_and_drops_noise():
    (a,) = read_articles([SEED])
    got = [c.text for c in extract_claims(a, Config(titles=False))]
    assert any("flood the UK and other European nations with heroin" in t for t in got)
    assert any("eradicated opium and heroin production in Nangarhar" in t for t in got)
    assert not any("Please let us know" in t for t in got)
    assert not any("Sipa via AP" in t for t in got)  # the photo caption
    assert not any(t.startswith("Afghan Experts Accuse") for t in got)  # the title, with --no-titles


def test_title_is_a_claim_of_its_article(tmp_path):
    (a,) = read_articles([SEED])
    first = extract_claims(a)[0]  # titles are on by default
    assert first.text == a.title == "Afghan Experts Accuse Pakistan of Backing Islamic State Ops in Afghanistan"
    assert a.text[first.start : first.end] == first.text and first.id == f"{a.id}#0"
    assert len(extract_claims(a)) == len(extract_claims(a, Config(titles=False))) + 1
    # a table's title column is not part of the text: offsets -1, the body is read as before
    rows = tmp_path / "news.jsonl"
    rows.write_text(json.dumps({"id": "n1", "title": "Apple will release a gold iPhone next month",
                                "text": "The company told investors about its plans on Monday. Analysts said the plan had surprised them."}) + "\n")
    (b,) = read_articles([rows])
    got = extract_claims(b)
    assert [(c.text, c.start, c.end) for c in got[:1]] == [("Apple will release a gold iPhone next month", -1, -1)]
    assert [c.text for c in got[1:]] == [c.text for c in extract_claims(b, Config(titles=False))] and len(got) == 3
    # a question as title stays out, as a question sentence does
    q = Article(id="q", text="The plant closed in 2019 after the flood.", title="Will the plant ever reopen?")
    assert [c.text for c in extract_claims(q)] == ["The plant closed in 2019 after the flood."]


def test_abbreviations_initials_and_decimals_do_not_split():
    out = texts(
        "Dr. J. R. Smith of the U.S. Army said inflation rose 3.5 percent in Jan. last year. "
        "The company, based in St. Louis, hired 1,200 workers at $4.25 an hour."
    )
    assert out == [
        "Dr. J. R. Smith of the U.S. Army said inflation rose 3.5 percent in Jan. last year.",
        "The company, based in St. Louis, hired 1,200 workers at $4.25 an hour.",
    ]


def test_quotes_stay_attached():
    out = texts('"We will not leave. The town is our home," the mayor told reporters on Sunday.')
    assert out == ['"We will not leave. The town is our home," the mayor told reporters on Sunday.']


def test_drops_questions_fragments_bylines_and_boilerplate():
    assert not is_claim("Is the government hiding something from voters?", CFG)
    assert not is_claim("Photo: Reuters", CFG)
    assert not is_claim("By John Smith, Associated Press", CFG)
    assert not is_claim("Please let us know if you're having issues with commenting.", CFG)
    assert not is_claim("Sign up for our newsletter to get the latest news.", CFG)
    assert not is_claim("Prime Minister Visits Flood Zone", CFG)
    assert is_claim("The prime minister visited the flood zone on Tuesday.", CFG)
    assert is_claim("“The flood destroyed 300 homes,” the governor said.", CFG)


def test_extraction_precision_recall_on_hand_labelled_gold():
    """202 sentences from 14 FNC-1 articles, labelled by hand (tests/data/claims_gold.jsonl).
    Measured: precision 0.956, recall 0.994; the rule set was adjusted on this file, so it is a
    development set: these bounds guard against regressions."""
    import json

    from tests.conftest import ROOT

    rows = [json.loads(line) for line in (ROOT / "tests" / "data" / "claims_gold.jsonl").open()]
    assert len(rows) >= 150 and len({r["article_id"] for r in rows}) >= 10
    pred = [is_claim(r["text"], CFG) for r in rows]
    gold = [r["is_claim"] for r in rows]
    tp = sum(p and g for p, g in zip(pred, gold))
    precision = tp / sum(pred)
    recall = tp / sum(gold)
    assert precision >= 0.95 and recall >= 0.99, (precision, recall)


@pytest.mark.parametrize(
    "sentence, unresolved",
    [
        ("He said the army would leave by May.", True),
        ("“They are coming back,” he said.", True),
        ("However, the group denied any role in the attack.", True),
        ("It employs 400 people at the site.", True),
        ("The group of experts met in Kabul on Monday.", False),
        ("Pakistan is funding the Islamic State in Afghanistan.", False),
        ("Atmar said most militants come from Pakistan.", False),
    ],
)
def test_needs_context(sentence, unresolved):
    from nli.claims import needs_context

    assert needs_context(sentence) is unresolved


HEADLINES = [
    "Apple will release a gold iPhone",
    "ISIS Beheads American Journalist",
    "Reports that the leader was killed are false",
    "Batmobile wasn't stolen: Cops",
    "UPDATED Jihadi John identified as Mohammed Emwazi of London, reports say",
]
NOT_CLAIMS = [
    "Is Kim Jong-un dead?",  # a question
    "Would you pay $10,000 for the Apple Watch?",
    "Kim Jong-un at a military parade in Pyongyang (KCNA via Reuters)",  # a caption with its credit
    "A photo posted on internet shows ISIS fighters Sipa via AP Images",
    "Photo: Reuters/Getty Images",  # a credit
    "Sign up for our newsletter to get the latest news",  # boilerplate
    "By John Smith, Associated Press",  # a byline
    "World's oldest burger",  # too short to assert anything
]


def _rows(tmp_path, texts, name="rows.jsonl"):
    path = tmp_path / name
    path.write_text("".join(json.dumps({"id": f"r{i}", "text": t}) + "\n" for i, t in enumerate(texts)))
    return read_articles([path])


def test_a_row_without_a_full_stop_is_one_claim(tmp_path):
    arts = list(_rows(tmp_path, HEADLINES))
    got = [[c.text for c in extract_claims(a)] for a in arts]
    assert got == [[h] for h in HEADLINES]
    for a in arts:
        (c,) = extract_claims(a)
        assert a.text[c.start : c.end] == c.text
    # the same under --unit record, and for a .txt of one line
    assert [[c.text for c in extract_claims(a, Config(unit="record"))] for a in arts] == got
    one = tmp_path / "one.txt"
    one.write_text("Apple will not release a gold iPhone this year\n")
    assert [c.text for c in extract_claims(next(read_articles([one])))] == ["Apple will not release a gold iPhone this year"]


def test_unit_sentence_is_the_full_stop_rule_of_before(tmp_path):
    arts = list(_rows(tmp_path, HEADLINES + ["The prime minister visited the flood zone on Tuesday."]))
    got = [c.sentence_text for a in arts for c in extract_claims(a, Config(unit="sentence"))]
    assert got == ["The prime minister visited the flood zone on Tuesday."]


def test_questions_captions_credits_and_boilerplate_are_not_claims(tmp_path):
    for unit in ("auto", "record"):
        got = [c.text for a in _rows(tmp_path, NOT_CLAIMS) for c in extract_claims(a, Config(unit=unit))]
        assert got == [], unit
    # a question before a statement: only the statement
    (a,) = _rows(tmp_path, ["Is this the world's oldest burger? Man kept a Quarter Pounder for 20 years"])
    assert [c.text for c in extract_claims(a)] == ["Man kept a Quarter Pounder for 20 years"]
    # captions and headings inside an article stay out, as before: the record rule is for short records only
    (s,) = read_articles([SEED])
    assert not any("Sipa via AP" in c.text or c.text.startswith("A photo posted") for c in extract_claims(s))


def test_long_records_are_articles(tmp_path):
    body = " ".join(["The council approved the budget on Monday after a long debate"] * 6)  # one line, no full stop
    (a,) = _rows(tmp_path, [body])
    assert len(body) > CFG.record_max_chars and extract_claims(a) == []
    assert [c.text for c in extract_claims(a, Config(unit="record"))] == [body]


def test_stdin_lines_are_records(monkeypatch):
    import io
    import sys

    from nli.corpus import read_file

    def stdin(text):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))

    stdin("Apple will release a gold iPhone\nApple will not release a gold iPhone\n")
    arts = read_file("-", CFG)
    assert [a.id for a in arts] == ["stdin:1", "stdin:2"]
    assert [c.text for a in arts for c in extract_claims(a)] == ["Apple will release a gold iPhone", "Apple will not release a gold iPhone"]
    stdin("Apple will release a gold iPhone\nApple will not release a gold iPhone\n")
    assert len(read_file("-", Config(unit="sentence"))) == 1  # one article, as before
    # hard-wrapped article text is one article: its lines start in mid-sentence
    stdin("The council approved the budget on Monday after\na long debate that lasted until late in the\nevening.\n")
    assert len(read_file("-", CFG)) == 1
