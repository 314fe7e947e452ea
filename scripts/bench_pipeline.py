#!/usr/bin/env python
"""Run the whole pipeline on the first N articles of the FNC-1 corpus and print, per N: claims,
candidate pairs, seconds per stage, claims/s and NLI pairs/s (each pair is judged both ways, so
NLI pairs/s counts directional inferences).

    python scripts/bench_pipeline.py --n 100
"""
from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from nli.bench import CORPUS, first_articles, loaded_detector, machine, table  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, nargs="+", default=[100])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = ap.parse_args()

    articles = first_articles(args.corpus, max(args.n))
    det = loaded_detector()
    rows = []
    for n in args.n:
        arts = articles[:n]
        det.embedder._cache.clear()
        t = time.perf_counter()
        rep = det.detect(arts)
        total = time.perf_counter() - t
        s = rep.timings
        rows.append(
            {
                "articles": n, "claims": len(rep.claims), "pairs": len(rep.verdicts),
                "pairs_per_claim": round(len(rep.verdicts) / max(1, len(rep.claims)), 2),
                "contradictions": len(rep.contradictions),
                **{f"s_{k}": round(v, 2) for k, v in s.items()},
                "s_total": round(total, 2),
                "claims_per_s": round(len(rep.claims) / total, 1),
                "nli_pairs_per_s": round(2 * len(rep.verdicts) / max(s["judge"], 1e-9), 1),
            }
        )
    m = machine()
    print(f"machine: {m['processor']}, {m['cpus']} CPUs, torch {m['torch']}, threads {m['torch_threads']}")
    print(table(rows, {c: c for c in rows[0]}))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
