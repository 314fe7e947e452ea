#!/usr/bin/env python
"""Choose how the two directions combine and where the threshold sits, on a development set.

Each pair is judged both ways, as the pipeline judges candidate pairs; for each aggregate (max,
mean, min) it prints precision / recall / F1 of "contradiction" at thresholds 0.1 … 0.9, the
curve a user picks `--threshold` from.

    python scripts/calibrate_pipeline.py --set stanford_contradiction_partial/rte2_dev_negated_slice
"""
import argparse
import json
import os

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from nli.evaluate import contradiction_prf  # noqa: E402
from nli.judge import combine  # noqa: E402
from nli.models import load_nli  # noqa: E402
from nli.nlidata import LABELS, load_pairs  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", action="append", dest="sets")
    ap.add_argument("--model", default="default")
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    sets = args.sets or ["stanford_contradiction_partial/rte2_dev_negated_slice"]
    model = load_nli(args.model)
    ci = LABELS.index("contradiction")
    out = {}
    for name in sets:
        ps = load_pairs(name)
        n = len(ps)
        probs = model.predict(ps.premises + ps.hypotheses, ps.hypotheses + ps.premises)
        ab, ba = probs[:n, ci], probs[n:, ci]
        gold = np.array([y == "contradiction" for y in ps.labels])
        print(f"\n{name}: {n} pairs, {gold.sum()} contradictions")
        print("| aggregate | threshold | precision | recall | F1 |")
        print("|---|---:|---:|---:|---:|")
        out[name] = {}
        for how in ("max", "mean", "min"):
            score = np.array([combine(a, b, how) for a, b in zip(ab, ba)])
            rows = []
            for t in np.round(np.arange(0.1, 0.91, 0.1), 2):
                p, r, f = contradiction_prf(score, gold, t)
                rows.append({"threshold": float(t), "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)})
                print(f"| {how} | {t:.1f} | {p:.3f} | {r:.3f} | {f:.3f} |")
            out[name][how] = rows
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=2)


if __name__ == "__main__":
    main()
