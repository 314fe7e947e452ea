"""Second directions judged only where they can matter (nli.judge.reverse_needed): the report is the
one both directions give, fewer inferences run, and batch runs resume and complete their caches."""
import json
import math
from pathlib import Path

import pytest

import nli
from nli.batch import BatchRun
from nli.combiner import COMBINER_FILE, Combiner, load_combiner, logit
from nli.config import Config
from nli.judge import premise_first, reverse_needed
from nli.models import resolve_nli
from tests.conftest import NEWS, SCORE_TOL, SEED, assert_same_rows, shipped_judge_with_combiner

FAR = {"contradiction": 0.004, "entailment": 0.002, "neutral": 0.994}  # a typical first direction of a news pair
CLOSE = {"contradiction": 0.9, "entailment": 0.02, "neutral": 0.08}
A = "The dam on the river was completed in 2010 and produces power for the region."
B = "Residents said the dam flooded the valley below in 2012."


@pytest.fixture(scope="module")
def fast():
    return nli.Detector()


@pytest.fixture(scope="module")
def both():
    return nli.Detector(both_directions=True)


@pytest.fixture(scope="module")
def reports(fast, both):
    inputs = [str(NEWS), str(SEED)]
    return fast.detect(inputs), both.detect(inputs)


def _ids(report, verdicts):
    return {(report.claims[v.pair.a].id, report.claims[v.pair.b].id): v for v in verdicts}


def test_same_report_with_fewer_inferences(reports):
    one, full = reports
    assert one.summary()["pairs_one_way"] > len(one.verdicts) / 3  # on news most second directions are skipped
    assert full.summary()["pairs_one_way"] == 0
    got, want = _ids(one, one.contradictions), _ids(full, full.contradictions)
    assert got.keys() == want.keys() and len(want) >= 4  # the planted contradictions of tests/data
    assert all(abs(got[k].score - want[k].score) <= SCORE_TOL for k in want)
    assert not any(v.one_way for v in one.contradictions)  # a reported pair was always judged both ways
    # every pair judged one way really was out of reach: with both directions it scores below the threshold
    full_all = _ids(full, full.verdicts)
    skipped = [k for k, v in _ids(one, one.verdicts).items() if v.one_way]
    assert skipped and all(full_all[k].score < full.config.threshold for k in skipped)


def test_a_one_way_verdict_says_so(reports):
    one, _ = reports
    v = next(v for v in one.verdicts if v.one_way)
    row = one.rows([v])[0]
    assert (row["contradiction_ab"] is None) != (row["contradiction_ba"] is None)
    assert v.score < one.config.threshold
    assert "pairs_one_way" in json.loads(one.render("json"))["summary"]
    one.render("csv"), one.render("html")  # a direction that was not judged renders as empty / a dash


def test_reverse_needed_rules(tmp_path):
    cfg = Config()
    margin = load_combiner("default").reverse_margin
    assert margin is not None and margin > 0
    assert not reverse_needed(FAR, cfg, A, B, 0.5)
    assert reverse_needed(CLOSE, cfg, A, B, 0.5)
    assert reverse_needed(FAR, Config(both_directions=True), A, B, 0.5)
    assert reverse_needed(FAR, Config(aggregate="max"), A, B, 0.5)  # max, mean, min: always both
    assert reverse_needed(FAR, Config(threshold=1e-4), A, B, 0.5)  # a threshold at the floor keeps every pair in reach
    # a combiner fitted without a margin judges both directions
    doc = json.loads((Path(resolve_nli("default").location) / COMBINER_FILE).read_text())
    del doc["reverse_margin"]
    bare = shipped_judge_with_combiner(tmp_path, doc)
    assert reverse_needed(FAR, Config(model=str(bare)), A, B, 0.5)


def test_the_skip_is_relative_to_the_threshold():
    """The same first direction is out of reach at the default threshold and within reach at a low one."""
    comb = load_combiner("default")
    alone = logit(comb.score(A, B, FAR, FAR, 0.5, False))
    assert alone < logit(comb.threshold) - comb.reverse_margin
    low = 1 / (1 + math.exp(-(alone + comb.reverse_margin - 0.5)))  # its logit lies less than the margin above `alone`
    assert low < comb.threshold and reverse_needed(FAR, Config(threshold=low), A, B, 0.5)


def test_premise_first_picks_one_direction_whatever_the_order():
    assert premise_first(A, B) != premise_first(B, A)
    assert premise_first(A, B)  # the longer claim is the first premise
    same_length = ("abc", "abd")
    assert premise_first(*same_length) != premise_first(*same_length[::-1])


def test_negative_margin_is_refused(tmp_path):
    doc = json.loads((Path(resolve_nli("default").location) / COMBINER_FILE).read_text())
    doc["reverse_margin"] = -1
    bad = tmp_path / COMBINER_FILE
    bad.write_text(json.dumps(doc))
    with pytest.raises(ValueError, match=str(bad)):
        Combiner.load(bad)


def _rows(report):
    return sorted((r["claim_a_id"], r["claim_b_id"], float(r["score"])) for r in report.rows(report.contradictions))


def test_batch_killed_between_directions_resumes(tmp_path, fast, monkeypatch):
    clean, clean_stats = BatchRun(tmp_path / "clean", fast.config, batch_claims=16).run([str(NEWS), str(SEED)], fast.embedder, fast.nli)
    real = BatchRun._judge_pass

    def killed(self, todo, keys, judged, cache, description):
        if "second" in description:
            raise KeyboardInterrupt("killed")
        return real(self, todo, keys, judged, cache, description)

    monkeypatch.setattr(BatchRun, "_judge_pass", killed)
    with pytest.raises(KeyboardInterrupt):
        BatchRun(tmp_path / "cut", fast.config, batch_claims=16).run([str(NEWS), str(SEED)], fast.embedder, fast.nli)
    monkeypatch.setattr(BatchRun, "_judge_pass", real)
    cut = BatchRun(tmp_path / "cut", fast.config, batch_claims=16)
    first_only = cut._verdict_cache()
    assert first_only and all((ab is None) != (ba is None) for ab, ba in first_only.values())  # pass 1 was kept
    again, stats = cut.run([], fast.embedder, fast.nli)
    assert stats.judged == 0 and stats.directions == clean_stats.directions - clean_stats.judged  # only second directions
    assert_same_rows(_rows(again), _rows(clean))
    assert sum(v.one_way for v in again.verdicts) == sum(v.one_way for v in clean.verdicts)


def test_batch_rerun_with_both_directions_completes_the_cache(tmp_path, fast, both):
    run_dir = tmp_path / "run"
    one, st1 = BatchRun(run_dir, fast.config, batch_claims=16).run([str(NEWS), str(SEED)], fast.embedder, fast.nli)
    skipped = sum(v.one_way for v in one.verdicts)
    assert st1.directions == st1.judged + (st1.judged - skipped) and skipped > 0
    full, st2 = BatchRun(run_dir, both.config, batch_claims=16).run([], both.embedder, both.nli)
    assert st2.judged == 0 and st2.directions == skipped  # exactly the second directions the first run skipped
    assert not any(v.one_way for v in full.verdicts)
    assert_same_rows(_rows(full), _rows(one))
    assert not any(v.one_way for v in BatchRun(run_dir, fast.config).run([], fast.embedder, fast.nli)[0].verdicts)
