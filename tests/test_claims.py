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
        assert a.text[c.start : c.end] == c.text
        assert c.article_id == a.id and c.id.startswith(a.id + "#")


def test_seed_keeps_the_opium_claims_and_drops_noise():
    (a,) = read_articles([SEED])
    got = [c.text for c in extract_claims(a)]
    assert any("flood the UK and other European nations with heroin" in t for t in got)
    assert any("eradicated opium and heroin production in Nangarhar" in t for t in got)
    assert not any("Please let us know" in t for t in got)
    assert not any(t.startswith("Sipa via AP") for t in got)
    assert not any(t.startswith("Afghan Experts Accuse") for t in got)  # the title


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
