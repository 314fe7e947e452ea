#!/usr/bin/env python
"""fp16 weights on disk against the fp32 checkpoint they came from: the largest change in any
probability, and accuracy / contradiction F1 of both, on the same pairs.

    python scripts/compare_fp16.py runs/judge2/best models/nli-minilm-l6-h384 --set mnli/dev_mismatched --limit 3000
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from nli.evaluate import score_set  # noqa: E402
from nli.models import load_nli  # noqa: E402
from nli.nlidata import load_pairs  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("fp32_dir")
    ap.add_argument("fp16_dir")
    ap.add_argument("--set", default="mnli/dev_mismatched")
    ap.add_argument("--limit", type=int, default=3000)
    args = ap.parse_args(argv)
    pairs = load_pairs(args.set, limit=args.limit)
    out = {}
    for name, d in (("fp32", args.fp32_dir), ("fp16", args.fp16_dir)):
        m = load_nli(d)
        # the same temperature for both, so only the weights differ
        m.temperature = json.loads((Path(args.fp16_dir) / "config.json").read_text())["nli_temperature"]
        out[name] = m.predict(pairs.premises, pairs.hypotheses)
    diff = float(np.abs(out["fp32"] - out["fp16"]).max())
    flips = int((out["fp32"].argmax(1) != out["fp16"].argmax(1)).sum())
    for name, probs in out.items():
        s = score_set(pairs, probs, 1.0)
        print(f"{name}: accuracy {s.accuracy:.4f}  contradiction F1 {s.contradiction_f1:.4f}")
    print(f"{len(pairs)} pairs of {args.set}: largest probability change {diff:.2e}, argmax changed on {flips}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
