#!/usr/bin/env python
"""Contradiction precision / recall / F1 of the whole tool in pair mode (both directions,
combined as the pipeline combines them), with and without the attribution stripping, on
labelled news sets. The issue-5 table: before / after each addition.

    python scripts/eval_pipeline_modes.py --set emergent/train --set stanford_contradiction_partial/rte2_test_negated
"""
import argparse
import os

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from nli.config import Config  # noqa: E402
from nli.judge import combine, judged_text  # noqa: E402
from nli.models import load_nli  # noqa: E402
from nli.nlidata import LABELS, load_pairs  # noqa: E402

MODES = {"whole sentences": Config(judge_content=False), "attribution stripped": Config(judge_content=True)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", action="append", dest="sets")
    ap.add_argument("--threshold", type=float, default=Config.threshold)
    args = ap.parse_args()
    sets = args.sets or ["emergent/train", "stanford_contradiction_partial/rte2_test_negated"]
    model = load_nli("default")
    ci = LABELS.index("contradiction")
    print(f"| set | mode | pairs | texts changed | precision | recall | F1 |  (threshold {args.threshold}, aggregate {Config.aggregate})")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name in sets:
        ps = load_pairs(name)
        gold = np.array([y == "contradiction" for y in ps.labels])
        n = len(ps)
        for mode, cfg in MODES.items():
            p = [judged_text(x, cfg) for x in ps.premises]
            h = [judged_text(x, cfg) for x in ps.hypotheses]
            changed = sum(a != b for a, b in zip(p + h, ps.premises + ps.hypotheses))
            probs = model.predict(p + h, h + p)
            score = np.array([combine(a, b, cfg.aggregate) for a, b in zip(probs[:n, ci], probs[n:, ci])])
            pred = score >= args.threshold
            tp = int((pred & gold).sum())
            prec, rec = tp / max(1, pred.sum()), tp / max(1, gold.sum())
            f1 = 2 * prec * rec / max(1e-9, prec + rec)
            print(f"| {name} | {mode} | {n} | {changed} | {prec:.3f} | {rec:.3f} | {f1:.3f} |", flush=True)


if __name__ == "__main__":
    main()
