#!/usr/bin/env python
"""The shipped judge's rate on one device: precision and batch size side by side, in one process.

Scores news claim pairs in both directions through `nli.judge.NLIModel` (the code path every
engine uses: tokenise, sort by length, pad per batch, forward), so a row's directions/s is what
the judge stage of a corpus run gets on that device. Pairs come from a JSONL file of
{premise, hypothesis} rows (by default the rule-made news dev pairs, FNC-1 sentences), repeated
until `--n` directions. Probability changes are measured against the first row.

    python scripts/bench_judge_device.py --device cpu --n 2000
    python scripts/bench_judge_device.py --device cuda --n 40000 --batch-sizes 64 256 1024
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pairs", type=Path, default=ROOT / "runs/news_pairs/fnc1news/dev.jsonl",
                    help="JSONL with premise and hypothesis (scripts/make_news_pairs.py writes the default)")
    ap.add_argument("--n", type=int, default=2000, help="directional inferences a row")
    ap.add_argument("--device", default=None)
    ap.add_argument("--precisions", nargs="+", default=["fp32", "bf16"])
    ap.add_argument("--batch-sizes", nargs="+", type=int, default=[64])
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()

    import torch

    from nli.judge import NLIModel
    from nli.models import resolve_nli

    if not args.pairs.is_file():
        sys.exit(f"{args.pairs}: pairs file not found (python scripts/make_news_pairs.py --out runs/news_pairs writes it)")
    rows = [json.loads(line) for line in args.pairs.read_text().splitlines() if line.strip()]
    a = [r["premise"] for r in rows] + [r["hypothesis"] for r in rows]
    b = [r["hypothesis"] for r in rows] + [r["premise"] for r in rows]
    reps = -(-args.n // len(a))
    prem, hyp = (a * reps)[: args.n], (b * reps)[: args.n]

    device = args.device or ("cuda" if torch.cuda.is_available() else "cpu")
    name = torch.cuda.get_device_name() if device.startswith("cuda") else f"CPU, {torch.get_num_threads()} threads"
    results, ref = [], None
    for precision in args.precisions:
        model = NLIModel(resolve_nli("default"), device=device, precision=precision)
        for bs in args.batch_sizes:
            model.predict(prem[: bs * 2], hyp[: bs * 2], batch_size=bs)  # warm-up: kernels, allocator
            if device.startswith("cuda"):
                torch.cuda.synchronize()
            t0 = time.perf_counter()
            probs = model.predict(prem, hyp, batch_size=bs)
            if device.startswith("cuda"):
                torch.cuda.synchronize()
            secs = time.perf_counter() - t0
            pc = probs[:, 0]  # predict's columns: contradiction, entailment, neutral
            if ref is None:
                ref = pc
            results.append({"precision": precision, "batch": bs, "directions": len(prem), "seconds": round(secs, 2),
                            "per_s": round(len(prem) / secs, 1), "max_change": float(np.abs(pc - ref).max()),
                            "flips": int(((pc >= 0.5) != (ref >= 0.5)).sum())})
        del model
    base = results[0]["per_s"]
    print(f"\njudge on {name}: {args.n} directions of {len(rows)} news pairs ({args.pairs.name})\n")
    print("| precision | batch | directions/s | x first row | largest P(contr.) change | flips at 0.5 |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['precision']} | {r['batch']} | {r['per_s']:.0f} | {r['per_s'] / base:.2f} | {r['max_change']:.3f} | {r['flips']} |")
    if args.json:
        args.json.write_text(json.dumps({"device": name, "results": results}, indent=1))


if __name__ == "__main__":
    main()
