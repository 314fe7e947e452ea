"""The whole pipeline through the Python API, with the real local models."""
import json

import pytest

import nli
from nli.records import Article
from tests.conftest import OPIUM_MISSED, SEED, is_opium_pair


@pytest.fixture(scope="module")
def seed_report():
    return nli.detect([SEED])


@OPIUM_MISSED
def test_seed_opium_pair_in_top_three(seed_report):
    rows = seed_report.rows()
    assert any(is_opium_pair(r) for r in rows[:3]), [(r["claim_a"][:60], r["claim_b"][:60]) for r in rows[:3]]


def test_report_shapes(seed_report):
    r = seed_report
    assert r.contradictions and all(v.score >= r.config.threshold for v in r.contradictions)
    scores = [v.score for v in r.verdicts]
    assert scores == sorted(scores, reverse=True)
    df = r.to_pandas()
    assert len(df) == len(r.contradictions) and {"claim_a", "claim_b", "score", "start_a", "end_b"} <= set(df.columns)
    art = r.articles[0]
    for row in r.rows():
        assert art.text[row["start_a"] : row["end_a"]] == row["claim_a"]
    data = json.loads(r.to_json())
    assert data["summary"]["claims"] == len(r.claims) and len(data["contradictions"]) == len(r.contradictions)
    assert len(r.to_jsonl().splitlines()) == len(r.contradictions)
    assert r.to_csv().splitlines()[0].startswith("rank,score,")
    top = r.rows()[0]
    assert "<table" in r._repr_html_() and top["claim_a"][:40] in r._repr_html_()
    assert set(r.timings) == {"read", "claims", "embed", "pair", "judge"}


def test_pairs_are_never_all_pairs(seed_report):
    n = len(seed_report.claims)
    assert len(seed_report.verdicts) <= n * seed_report.config.top_k < n * (n - 1) / 2


def test_scopes_and_plain_strings():
    a = Article(id="a", text="The factory closed in March. It employed 300 people.")
    b = Article(id="b", text="The factory is still open and running. It employed 300 people.")
    cross = nli.detect([a, b], scope="cross", min_similarity=0.3)
    assert cross.claims and all(
        cross.claims[v.pair.a].article_id != cross.claims[v.pair.b].article_id for v in cross.verdicts
    )
    within = nli.detect([a, b], scope="within", min_similarity=0.0)
    assert all(within.claims[v.pair.a].article_id == within.claims[v.pair.b].article_id for v in within.verdicts)
    texts = nli.detect(["The factory closed in March last year.", "The factory never closed and is open today."], min_similarity=0.3)
    assert [a.id for a in texts.articles] == ["doc0", "doc1"]
    assert texts.contradictions


def test_unknown_option_is_a_clear_error():
    with pytest.raises(TypeError, match="unknown option"):
        nli.detect([SEED], topk=3)
