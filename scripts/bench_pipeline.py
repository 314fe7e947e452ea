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
import platform
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "corpora" / "fnc1_train_bodies.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, nargs="+", default=[100])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = ap.parse_args()

    import torch

    import nli
    from nli.records import Article

    records = [json.loads(line) for line in args.corpus.open()]
    det = nli.Detector()
    det.nli  # load both models before timing, so that no stage pays for loading
    det.embedder.model
    rows = []
    for n in args.n:
        arts = [Article(id=r["id"], text=r["text"]) for r in records[:n]]
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
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, torch {torch.__version__}, threads {torch.get_num_threads()}")
    cols = list(rows[0])
    print("| " + " | ".join(cols) + " |")
    print("|" + "---:|" * len(cols))
    for r in rows:
        print("| " + " | ".join(str(r[c]) for c in cols) + " |")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
