"""Evaluation harness: score any NLI model on labelled sets (`nli eval` and scripts/evaluate.py).

Per set: accuracy, macro-F1, contradiction precision/recall/F1, contradiction-vs-rest ROC-AUC,
expected calibration error and pairs/s. Three-way sets are scored on the argmax; binary sets
(contradiction / not_contradiction) on P(contradiction) >= 0.5.
"""
from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass

import numpy as np

from .nlidata import DEFAULT_EVAL_SETS, LABELS, PairSet, load_pairs

CI = LABELS.index("contradiction")


@dataclass
class SetScore:
    set: str
    pairs: int
    accuracy: float
    macro_f1: float
    contradiction_precision: float
    contradiction_recall: float
    contradiction_f1: float
    contradiction_auc: float
    ece: float
    pairs_per_s: float


def expected_calibration_error(confidence: np.ndarray, correct: np.ndarray, bins: int = 15) -> float:
    """Mean |accuracy - confidence| over equal-width confidence bins, weighted by bin size."""
    edges = np.linspace(0, 1, bins + 1)
    idx = np.clip(np.digitize(confidence, edges[1:-1]), 0, bins - 1)
    ece = 0.0
    for b in range(bins):
        m = idx == b
        if m.any():
            ece += m.mean() * abs(correct[m].mean() - confidence[m].mean())
    return float(ece)


def contradiction_prf(score: np.ndarray, gold: np.ndarray, threshold: float) -> tuple[float, float, float]:
    """Precision, recall and F1 of "contradiction" when pairs scoring at least `threshold` are called one."""
    pred = np.asarray(score) >= threshold
    gold = np.asarray(gold, dtype=bool)
    tp = int((pred & gold).sum())
    p, r = tp / max(1, int(pred.sum())), tp / max(1, int(gold.sum()))
    return p, r, 2 * p * r / max(1e-9, p + r)


def score_set(pairs: PairSet, probs: np.ndarray, seconds: float) -> SetScore:
    from sklearn.metrics import f1_score, precision_recall_fscore_support, roc_auc_score

    is_c = np.array([y == "contradiction" for y in pairs.labels])
    pc = probs[:, CI]
    if pairs.binary:
        pred_c = pc >= 0.5
        gold = is_c.astype(int)
        pred = pred_c.astype(int)
        acc = float((pred == gold).mean())
        macro = float(f1_score(gold, pred, average="macro", zero_division=0))
        # calibration of the binary question "is this a contradiction?"
        conf = np.where(pred_c, pc, 1 - pc)
        ece = expected_calibration_error(conf, pred == gold)
    else:
        gold_i = np.array([LABELS.index(y) for y in pairs.labels])
        pred_i = probs.argmax(1)
        pred_c = pred_i == CI
        acc = float((pred_i == gold_i).mean())
        present = sorted(set(gold_i.tolist()))
        macro = float(f1_score(gold_i, pred_i, labels=present, average="macro", zero_division=0))
        ece = expected_calibration_error(probs.max(1), pred_i == gold_i)
    p, r, f, _ = precision_recall_fscore_support(is_c, pred_c, average="binary", zero_division=0)
    auc = float(roc_auc_score(is_c, pc)) if 0 < is_c.sum() < len(is_c) else float("nan")
    return SetScore(
        pairs.name, len(pairs), round(acc, 4), round(macro, 4), round(float(p), 4), round(float(r), 4),
        round(float(f), 4), round(auc, 4), round(ece, 4), round(len(pairs) / max(seconds, 1e-9), 1),
    )


def evaluate(model, sets=DEFAULT_EVAL_SETS, limit: int | None = None, batch_size: int = 64, progress: bool = False) -> list[SetScore]:
    """Score `model` (an nli.judge.NLIModel) on each set; sets missing on disk are an error."""
    out = []
    for name in sets:
        pairs = load_pairs(name, limit=limit)
        t = time.perf_counter()
        probs = model.predict(pairs.premises, pairs.hypotheses, batch_size=batch_size)
        out.append(score_set(pairs, probs, time.perf_counter() - t))
        if progress:
            print(f"  {name}: accuracy {out[-1].accuracy}  contradiction F1 {out[-1].contradiction_f1}", flush=True)
    return out


def markdown_table(scores: list[SetScore]) -> str:
    head = "| set | pairs | accuracy | macro-F1 | contr. P | contr. R | contr. F1 | contr. AUC | ECE | pairs/s |"
    sep = "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    rows = [
        f"| {s.set} | {s.pairs} | {s.accuracy:.3f} | {s.macro_f1:.3f} | {s.contradiction_precision:.3f} | "
        f"{s.contradiction_recall:.3f} | {s.contradiction_f1:.3f} | {s.contradiction_auc:.3f} | {s.ece:.3f} | {s.pairs_per_s:.0f} |"
        for s in scores
    ]
    return "\n".join([head, sep, *rows])


def to_json(model_name: str, scores: list[SetScore], **extra) -> str:
    return json.dumps({"model": model_name, **extra, "sets": [asdict(s) for s in scores]}, indent=2)
