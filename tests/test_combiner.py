"""The calibrated combiner: features, the shipped fit, how configurations resolve to it, real scores."""
import json
from pathlib import Path

import pytest

import nli
from nli.combiner import COMBINER_FILE, Combiner, load_combiner, pair_features
from nli.config import Config
from nli.models import resolve_nli
from nli.resolve import resolved
from tests.conftest import shipped_judge_with_combiner

ROOT = Path(__file__).resolve().parent.parent
CULKIN_DEAD = "Macaulay Culkin was found dead in his New York apartment on Tuesday."
CULKIN_HOAX = "Reports that Macaulay Culkin died are a hoax: the actor is alive and well."
CATFISH_WEIGHT = "The catfish weighed 280 pounds and was caught in the Po river."
CATFISH_TIME = "The fisherman needed 40 minutes to land the catfish in Italy."


def test_features_are_symmetric():
    p = {"contradiction": 0.7, "entailment": 0.1, "neutral": 0.2}
    q = {"contradiction": 0.2, "entailment": 0.3, "neutral": 0.5}
    assert pair_features(CULKIN_DEAD, CULKIN_HOAX, p, q, 0.6, False) == pair_features(CULKIN_HOAX, CULKIN_DEAD, q, p, 0.6, False)
    f = pair_features(CULKIN_DEAD, CULKIN_HOAX, p, q, 0.6, False)
    assert f["debunk_one_side"] == 1.0 and f["contradiction_max"] > f["contradiction_min"]


def test_shipped_combiner_is_documented_and_complete():
    comb = load_combiner("default")
    assert comb is not None and 0.0 < comb.threshold < 0.5
    known = pair_features("a b c", "d e f", *[{"contradiction": 0.5, "entailment": 0.25, "neutral": 0.25}] * 2, 0.5, False)
    assert set(comb.features) <= set(known) and len(comb.features) == len(comb.coef) == len(comb.mean) == len(comb.scale)
    doc = json.loads((Path(resolve_nli("default").location) / COMBINER_FILE).read_text())
    for label_file in doc["fitted_on"]["labels"]:  # the labels it was fitted on ship with the repository
        assert (ROOT / label_file).is_file(), label_file
    assert doc["fitted_on"]["contradictions"] > 100


def test_config_resolution(tmp_path):
    comb = load_combiner("default")
    c = resolved(Config())
    assert (c.aggregate, c.threshold) == ("calibrated", comb.threshold)
    assert resolved(Config(threshold=0.3)).threshold == 0.3
    assert (resolved(Config(aggregate="max")).aggregate, resolved(Config(aggregate="max")).threshold) == ("max", 0.5)
    bare = str(shipped_judge_with_combiner(tmp_path, None))
    c = resolved(Config(model=bare))
    assert (c.aggregate, c.threshold) == ("max", 0.5)  # "auto" on a model without a combiner
    with pytest.raises(ValueError, match="combiner.json"):
        resolved(Config(model=bare, aggregate="calibrated"))


def test_calibrated_scores_on_real_claims():
    """A death report against its debunk is reported; two details of one fishing story are not (the
    judge before the labelled-news stage called them a contradiction at 0.79; the combiner kept them out)."""
    det = nli.Detector()
    report = det.detect([{"id": "a", "text": f"{CULKIN_DEAD} {CATFISH_WEIGHT}"},
                         {"id": "b", "text": f"{CULKIN_HOAX} {CATFISH_TIME}"}])
    assert report.config.aggregate == "calibrated"
    by_text = {frozenset((report.claims[v.pair.a].text, report.claims[v.pair.b].text)): v for v in report.verdicts}
    culkin, catfish = by_text[frozenset((CULKIN_DEAD, CULKIN_HOAX))], by_text[frozenset((CATFISH_WEIGHT, CATFISH_TIME))]
    assert culkin in report.contradictions and catfish not in report.contradictions
    assert culkin.score > 10 * catfish.score
    # a pair far below the threshold may be judged one way only (reverse_margin): its other direction is None
    judged = lambda v: [p for p in (v.contradiction_ab, v.contradiction_ba) if p is not None]  # noqa: E731
    assert len(judged(culkin)) == 2 and max(judged(catfish)) < 0.5 < min(judged(culkin))
    assert report.summary()["aggregate"] == "calibrated"


def test_pair_judged_directly_uses_max_by_default():
    j = nli.judge_pair("The man is sleeping.", "The man is running a marathon.")
    assert j.aggregate == "max" and j.threshold == 0.5 and j.label == "contradiction"
    c = nli.judge_pair(CULKIN_DEAD, CULKIN_HOAX, aggregate="calibrated")
    assert c.aggregate == "calibrated" and c.contradiction and 0.0 < c.score < 1.0


def test_combiner_file_errors_name_the_file(tmp_path):
    bad = tmp_path / COMBINER_FILE
    bad.write_text("{not json")
    with pytest.raises(ValueError, match=str(bad)):
        Combiner.load(bad)


def test_fit_script_weights_and_threshold():
    """nli.training.combiner_fit (scripts/fit_combiner.py): labelled pairs stand for the population they
    were drawn from, and the default threshold is the one with the best F1."""
    import numpy as np

    from nli.training import combiner_fit as fc

    hi, lo = {"contradiction": 0.9}, {"contradiction": 0.1}
    rows = [{"id": f"r{i}", "p_ab": hi, "p_ba": lo} for i in range(10)] + [{"id": f"u{i}", "p_ab": lo, "p_ba": lo} for i in range(90)]
    data, y, w = fc.training_set(rows, {"r0": 1, "r1": 0}, below=30, seed=0)
    assert len(data) == 32 and int(y.sum()) == 1 and [r["id"] for r in data[:2]] == ["r0", "r1"]
    assert w[0] == w[1] == 5.0 and np.allclose(w[2:], 3.0)  # 2 labelled of 10 reported; 30 sampled of 90 unreported
    # a census stratum (here 4 reported and 5 unreported pairs, all labelled) weighs 1 a pair; the rest as before
    census = frozenset([f"r{i}" for i in range(6, 10)] + [f"u{i}" for i in range(85, 90)])
    labels = {"r0": 1, "r1": 0, **{i: 0 for i in census}, "u89": 1}
    data, y, w = fc.training_set(rows, labels, below=17, seed=0, census=census)
    weight = {r["id"]: x for r, x in zip(data, w)}
    assert len(data) == 2 + 9 + 17 and int(y.sum()) == 2
    assert weight["r0"] == 3.0 and weight["r9"] == weight["u89"] == 1.0  # 2 labelled of the 6 other reported
    assert all(x == 5.0 for i, x in weight.items() if i[0] == "u" and i not in census)  # 17 sampled of 85 other unreported
    t, prec, rec, f1 = fc.best_threshold(np.array([0.9, 0.8, 0.2, 0.1]), np.array([1, 0, 1, 0]), np.ones(4))
    assert (t, round(prec, 3), rec, round(f1, 3)) == (0.11, 0.667, 1.0, 0.8)
    # --target-precision: the lowest 0.1-grid threshold whose weighted precision reaches the target
    p, y = np.array([0.9, 0.8, 0.2, 0.1]), np.array([1, 0, 1, 0])
    assert fc.threshold_for_precision(p, y, np.ones(4), 0.5) == (0.1, 0.5)
    t, prec = fc.threshold_for_precision(p, y, np.ones(4), 0.6)
    assert (t, round(prec, 3)) == (0.2, 0.667)  # at 0.1 all four are called (2 of 4), at 0.2 three (2 of 3)
    t, prec = fc.threshold_for_precision(p, y, np.array([1.0, 3.0, 1.0, 1.0]), 0.6)
    assert (t, prec) == (0.9, 1.0)  # the weighted false positive at 0.8 holds precision down to 0.9
    t, prec = fc.threshold_for_precision(np.array([0.95, 0.3]), np.array([0, 1]), np.ones(2), 0.9)
    assert t == 0.9 and np.isnan(prec)  # none reaches it: the grid's top


def test_reported_pairs_are_drawn_uniformly_and_blind(tmp_path):
    """--sample: only pairs the judge reported, the same draw for the same seed, no scores in the file."""
    from nli.training import combiner_fit as fc

    hi, lo = {"contradiction": 0.9}, {"contradiction": 0.1}
    rows = [{"id": f"r{i}|x", "a": f"a{i}", "b": "b", "sentence_a": f"A{i}.", "sentence_b": "B.",
             "p_ab": hi if i < 20 else lo, "p_ba": lo} for i in range(50)]
    got = fc.sample_reported(rows, 8, seed=5, out=tmp_path / "blind.jsonl")
    assert got["reported"] == 20 and got["sampled"] == 8
    lines = [json.loads(line) for line in (tmp_path / "blind.jsonl").open()]
    assert {int(r["id"][1:].split("|")[0]) for r in lines} <= set(range(20)) and len({r["id"] for r in lines}) == 8
    assert set(lines[0]) == {"id", "claim_a", "sentence_a", "claim_b", "sentence_b"}
    fc.sample_reported(rows, 8, seed=5, out=tmp_path / "again.jsonl")
    assert (tmp_path / "again.jsonl").read_text() == (tmp_path / "blind.jsonl").read_text()


def test_an_empty_report_says_how_close_the_closest_call_was():
    report = nli.detect([ROOT / "seeds"], threshold=1.0)  # nothing reaches 1.0
    assert not report.contradictions and report.verdicts
    text = report.to_text()
    assert f"highest score {report.verdicts[0].score:.3f} (calibrated), below the threshold {report.config.threshold}" in text
    # instead of an empty table, the three closest calls, each a different pair of sentences, marked as not reported
    near = report.nearest(3)
    assert len(near) == 3 and near[0] is report.verdicts[0] and all(v.score < 1.0 for v in near)
    assert len({frozenset((report.claims[v.pair.a].sentence_id, report.claims[v.pair.b].sentence_id)) for v in near}) == 3
    assert "the 3 closest call(s), not reported" in text and "0 contradiction(s)" in text
    assert all(f"{v.score:.3f}" in text for v in near)
    assert "the 3 closest call(s), not reported" in report._repr_html_()  # the notebook's view says the same
    full = nli.detect([ROOT / "seeds"], threshold=0.0)
    assert "highest score" not in full.to_text() and "closest call" not in full.to_text() and not full.nearest(3)
