#!/usr/bin/env python
"""Judge verdicts on unlabelled news pairs: the distillation data of the pair filter (nli.pairfilter).

Splits the FNC-1 article bodies by a hash of the article id into quarters and runs an ordinary
batch run (nli.batch.BatchRun: claims -> embeddings -> candidate pairs -> the full judge) over the
quarters asked for, one run directory each. A batch run caches everything and resumes where it
stopped, so this script can be killed and rerun. scripts/train_pair_filter.py reads the run
directories (embeddings, pairs, verdicts) back.

    python scripts/make_filter_data.py --out runs/filter_data --precision bf16   # quarters 0 (train) and 1 (dev)
    python scripts/make_filter_data.py --out runs/filter_data --quarters 0 --limit 50   # a quick look

The other two quarters stay unseen by the filter: scripts/bench_batch.py reports its recall on them
separately.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "corpora" / "fnc1_train_bodies.jsonl"
SPLITS = {0: "train", 1: "dev", 2: "test", 3: "test"}


def quarter(article_id: str) -> int:
    """The article's quarter of the corpus, stable across machines and Python versions."""
    return int(hashlib.sha1(article_id.encode()).hexdigest(), 16) % 4


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="runs/filter_data")
    ap.add_argument("--corpus", default=str(CORPUS))
    ap.add_argument("--quarters", type=int, nargs="+", default=[0, 1])
    ap.add_argument("--limit", type=int, default=None, help="at most this many articles per quarter")
    ap.add_argument("--quantize", action="store_true", help="judge with the int8 model (as scripts/bench_batch.py --quantize)")
    ap.add_argument("--precision", default="fp32", choices=["fp32", "bf16"], help="bf16: nearly fp32's verdicts, 1.9x faster on this CPU")
    args = ap.parse_args()

    import nli
    from nli.batch import BatchRun

    rows = [json.loads(line) for line in open(args.corpus, encoding="utf-8") if line.strip()]
    # both directions of every pair: the filter and the combiner learn from them
    det = nli.Detector(quantize=args.quantize, precision=args.precision, progress=True, pair_filter="none", both_directions=True)
    for q in args.quarters:
        part = [r for r in rows if quarter(r["id"]) == q][: args.limit]
        out = Path(args.out) / f"q{q}"
        out.mkdir(parents=True, exist_ok=True)
        inp = out / "articles.jsonl"
        inp.write_text("".join(json.dumps(r) + "\n" for r in part), encoding="utf-8")
        report, stats = BatchRun(out / "run", det.config).run([str(inp)], det.embedder, det.nli)
        print(f"quarter {q} ({SPLITS[q]}): {len(part)} articles, {stats.pairs} pairs, {stats.judged} judged now, "
              f"{stats.contradictions} reported", flush=True)


if __name__ == "__main__":
    main()
