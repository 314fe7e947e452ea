"""The evaluation harness: metrics on known inputs, and a real run on hand-written pairs."""
import json

import numpy as np
from typer.testing import CliRunner

from nli.cli import app
from nli.evaluate import contradiction_prf, evaluate, expected_calibration_error, score_set
from nli.models import load_nli
from nli.nlidata import PairSet
from tests.conftest import ROOT

HAND = str(ROOT / "tests" / "data" / "handwritten_nli.jsonl")


def test_ece_zero_when_confidence_matches_accuracy():
    conf = np.array([0.8] * 10)
    correct = np.array([1] * 8 + [0] * 2, dtype=bool)
    assert expected_calibration_error(conf, correct) < 1e-9
    assert abs(expected_calibration_error(np.array([1.0] * 4), np.array([0, 0, 1, 1], dtype=bool)) - 0.5) < 1e-9


def test_contradiction_prf_at_a_threshold():
    score, gold = np.array([0.9, 0.6, 0.4, 0.2]), np.array([True, False, True, False])
    p, r, f = contradiction_prf(score, gold, 0.5)
    assert (p, r) == (0.5, 0.5) and abs(f - 0.5) < 1e-9
    assert contradiction_prf(score, gold, 0.95) == (0.0, 0.0, 0.0)  # nothing called: no division by zero


def test_three_way_and_binary_scores():
    probs = np.array([[0.8, 0.1, 0.1], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6], [0.6, 0.3, 0.1]], dtype=np.float32)
    three = score_set(PairSet("x/y", [""] * 4, [""] * 4, ["contradiction", "entailment", "neutral", "entailment"]), probs, 1.0)
    assert three.accuracy == 0.75 and three.contradiction_precision == 0.5 and three.contradiction_recall == 1.0
    binary = score_set(PairSet("b/y", [""] * 4, [""] * 4, ["contradiction", "not_contradiction", "not_contradiction", "contradiction"]), probs, 1.0)
    assert binary.accuracy == 1.0 and binary.contradiction_auc == 1.0


def test_shipped_model_on_handwritten_pairs(tmp_path):
    (s,) = evaluate(load_nli("default"), [HAND])
    assert s.pairs == 30 and s.accuracy >= 0.8 and s.contradiction_f1 >= 0.8
    out = tmp_path / "scores.json"
    r = CliRunner().invoke(app, ["eval", "--set", HAND, "--output", str(out)])
    assert r.exit_code == 0, r.output
    assert "| data/handwritten_nli |" in r.stdout
    assert json.loads(out.read_text())["sets"][0]["accuracy"] == s.accuracy
