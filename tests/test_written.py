"""Written training pairs (nli.training.written): validation, what the repository keeps, premises rebuilt."""
import json
from collections import Counter

from nli.training.written import GUIDE_VERSION, LABELS, dev_premise, load, premise_texts, relabel_agreement, validate
from tests.conftest import ROOT

DATA = ROOT / "data" / "written"


def test_validation_keeps_whole_triples_and_names_each_problem(tmp_path):
    raw = tmp_path / "news-00.jsonl"
    rows = [
        {"pid": "p1", "label": "entailment", "hypothesis": "The council approved the new budget on Monday.", "kind": "x"},
        {"pid": "p1", "label": "neutral", "hypothesis": "The budget vote followed a long debate in the council.", "kind": "x"},
        {"pid": "p1", "label": "contradiction", "hypothesis": "The council threw out the budget on Monday.", "kind": "x"},
        {"pid": "p2", "label": "entailment", "hypothesis": "Police said nobody was hurt in the fire.", "kind": "x"},
        {"pid": "p2", "label": "contradiction", "hypothesis": "Police said nobody was hurt in the fire.", "kind": "x"},
        {"pid": "p3", "label": "maybe", "hypothesis": "Something else happened in the town.", "kind": "x"},
        {"pid": "nope", "label": "neutral", "hypothesis": "An id that no task holds.", "kind": "x"},
    ]
    raw.write_text("".join(json.dumps(r) + "\n" for r in rows) + "not json\n")
    texts = {"p1": "The council voted to approve the budget on Monday.", "p2": "Police said no one was injured in the fire.",
             "p3": "The mayor spoke."}
    got, problems = validate(raw, texts)
    assert {r["pid"] for r in got} == {"p1"} and len(got) == 3
    assert all(r["group"] == "news" and r["guide"] == GUIDE_VERSION and r["premise"] == texts["p1"] for r in got)
    text = "\n".join(problems)
    assert "not JSON" in text and "unknown pid 'nope'" in text and "bad label" in text and "p2 has labels" in text


def test_the_repository_keeps_ids_and_hypotheses_not_premises():
    rows = load(DATA / "written.jsonl.xz")
    assert len(rows) >= 20_000
    assert all(set(r) == {"pid", "group", "hypothesis", "label", "kind", "guide"} for r in rows)
    assert {r["label"] for r in rows} == set(LABELS)
    # one of each label per premise, as the guide asks
    per = Counter((r["pid"], r["label"]) for r in rows)
    assert max(per.values()) == 1
    assert {r["group"] for r in rows} == {"news", "headline", "framed", "cue", "genre"}


def test_no_news_premise_comes_from_the_dev_split():
    from nli.training.fnc1 import article_split

    rows = load(DATA / "written.jsonl.xz")
    news = {r["pid"].rsplit(":", 1)[0] for r in rows if r["pid"].startswith("fnc1-")}
    assert news and all(article_split(a) == "train" for a in news)


def test_the_written_dev_split_holds_whole_articles():
    rows = load(DATA / "written.jsonl.xz")
    side = {}
    for r in rows:
        key = r["pid"].rsplit(":", 1)[0] if r["pid"].startswith("fnc1-") else r["pid"]
        side.setdefault(key, set()).add(dev_premise(r["pid"]))
    assert all(len(s) == 1 for s in side.values())
    share = sum(dev_premise(r["pid"]) for r in rows) / len(rows)
    assert 0.05 < share < 0.15


def test_premises_are_rebuilt_from_shared_data(shared_data):
    rows = load(DATA / "written.jsonl.xz")
    pids = {r["pid"] for r in rows if r["pid"].startswith("fnc1-")}
    some = set(sorted(pids)[:20]) | {r["pid"] for r in rows if r["group"] == "genre"}
    texts = premise_texts(some, shared_data)
    assert set(texts) == some
    assert all(len(t.split()) >= 5 for t in texts.values())


def test_blind_relabel_agrees_on_most_pairs():
    got = relabel_agreement(DATA / "relabel")
    assert got["relabelled"] >= 1000
    assert got["disagreement_rate"] < 0.1
