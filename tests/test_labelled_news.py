"""The hand-labelled news pairs (data/labels/*_labels.jsonl) name claims by id only; the FNC-1 text
is rebuilt by re-extracting claims. If claim extraction changes, the ids would silently point at
other sentences: these tests catch that."""
import json

import pytest

from nli.claims import extract_claims
from nli.config import Config
from nli.records import Article
from tests.conftest import ROOT, SHARED

CORPUS = SHARED / "corpora" / "fnc1_train_bodies.jsonl"


@pytest.mark.parametrize("labels", ["news_hardneg_labels.jsonl", "news_reported_labels.jsonl", "news_census_labels.jsonl",
                                    "news_w4_labels.jsonl", "news_gold_labels.jsonl"])
def test_labelled_claim_ids_still_name_extracted_claims(labels):
    if not CORPUS.is_file():
        pytest.skip(f"{CORPUS} is absent: the corpus lives beside the checkout")
    rows = [json.loads(line) for line in (ROOT / "data" / "labels" / labels).open()][:60]
    assert {r["label"] for r in rows} <= {"contradiction", "same", "compatible", "not_contradiction", "unclear"}
    wanted = {cid.rsplit("#", 1)[0] for r in rows for cid in r["id"].split("|")}
    ids = set()
    for row in map(json.loads, CORPUS.open(encoding="utf-8")):
        if str(row["id"]) in wanted:
            # labels name sentences: an atomic claim's sentence id is the id its sentence had as one claim
            ids |= {c.sentence_id for c in extract_claims(Article(id=str(row["id"]), text=row["text"]), Config())}
    missing = [cid for r in rows for cid in r["id"].split("|") if cid not in ids]
    assert not missing, f"{labels}: claims no longer extracted: {missing[:5]}"


@pytest.mark.parametrize("key_file", ["news_gold_key.json", "news_gold_key_dev189.json", "news_gold_key_units.json"])
def test_gold_key_is_fully_labelled(key_file):
    """Every pair a stored key sampled has a blind label, so `news_gold.py --score` scores them all."""
    key = json.loads((ROOT / "data" / "labels" / key_file).read_text())
    labels = {json.loads(line)["id"] for line in (ROOT / "data" / "labels" / "news_gold_labels.jsonl").open()}
    assert key["models"]
    for name, m in key["models"].items():
        assert len(m["sampled"]) == (min(m["per_model"], m["reported"]) if m["per_model"] else m["reported"]), name
        assert all(s["id"] in labels for s in m["sampled"]), name
        assert all(s["score"] >= m["threshold"] for s in m["sampled"]), name  # reported pairs only


def test_labelled_news_become_training_pairs_of_the_chosen_quarter_only(tmp_path):
    """nli.training.news_labels: contradiction stays, not a contradiction becomes neutral, both orders;
    a quarter's pairs only, so a judge trained on quarter 0 leaves quarter 1 to measure it."""
    if not CORPUS.is_file():
        pytest.skip(f"{CORPUS} is absent: the corpus lives beside the checkout")
    from nli.training.fnc1 import quarter
    from nli.training.news_labels import labelled_pairs, write

    rows, stats = labelled_pairs({1}, CORPUS, atomic=False)
    assert rows and {r["label"] for r in rows} == {"contradiction", "neutral"}
    assert all(quarter(r["id"].split("|")[0].rsplit("#", 1)[0]) == 1 for r in rows)
    first, second = rows[0], rows[1]  # both orders of one labelled pair
    assert (first["premise"], first["hypothesis"]) == (second["hypothesis"], second["premise"])
    assert not any("no longer makes" in k for k in stats)  # sentence ids still name their sentences
    write(rows, tmp_path / "train.jsonl", repeat_contradiction=3)
    n = sum(1 for _ in (tmp_path / "train.jsonl").open())
    assert n == len(rows) + 2 * sum(r["label"] == "contradiction" for r in rows)
