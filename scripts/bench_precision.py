#!/usr/bin/env python
"""fp32, bf16 autocast and int8 (dynamic quantisation) side by side, in one process.

1. The judge on MNLI dev-mismatched (first `--limit` pairs): accuracy, contradiction F1, pairs/s.
2. The judge on news: candidate pairs of the first `--articles` FNC-1 bodies (an evenly spread
   `--pairs` of them, both directions): directional inferences/s, largest and mean change of a
   probability against fp32, and how many P(contradiction) cross 0.5 (label flips).
3. The embedder on those articles' claims: claims/s for fp32 and bf16, the lowest cosine between a
   claim's two embeddings, and the share of candidate pairs that stay the same.

    python scripts/bench_precision.py                   # 1,500 MNLI pairs, 2,000 news pairs
"""
from __future__ import annotations

import argparse
import os
import time

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
from nli.bench import CORPUS, first_articles, machine  # noqa: E402

MODES = {"fp32": (False, "fp32"), "bf16": (False, "bf16"), "int8": (True, "fp32")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=1500, help="MNLI dev-mismatched pairs")
    ap.add_argument("--articles", type=int, default=150, help="FNC-1 bodies whose candidate pairs are judged")
    ap.add_argument("--pairs", type=int, default=2000)
    args = ap.parse_args()

    import nli
    from nli.claims import extract_all
    from nli.embed import Embedder
    from nli.evaluate import evaluate
    from nli.models import load_nli
    from nli.pairs import candidate_pairs

    m = machine()
    print(f"{m['processor']}, {m['cpus']} CPUs, torch {m['torch']}, {m['torch_threads']} threads, load average {m['load_avg_1min']:.2f}\n")
    articles = first_articles(CORPUS, args.articles)
    claims = extract_all(articles, nli.Config())
    texts = [c.text for c in claims]

    emb = {}
    for prec in ("fp32", "bf16"):
        e = Embedder(nli.Config(precision=prec))
        e.encode(texts[:32])  # warm-up outside the timing
        e._cache.clear()
        t = time.perf_counter()
        emb[prec] = (e.encode(texts), time.perf_counter() - t)
    ids = [c.article_id for c in claims]
    pairs = candidate_pairs(emb["fp32"][0], ids, nli.Config())
    same = {(p.a, p.b) for p in pairs} & {(p.a, p.b) for p in candidate_pairs(emb["bf16"][0], ids, nli.Config())}
    picked = pairs[:: max(1, len(pairs) // args.pairs)][: args.pairs]
    a, b = [texts[p.a] for p in picked], [texts[p.b] for p in picked]

    results = {}
    for name, (quantize, prec) in MODES.items():
        model = load_nli("default", None, None, quantize, prec)
        model.predict(a[:64], b[:64])  # warm-up
        t = time.perf_counter()
        probs = model.predict(a + b, b + a)
        news_s = time.perf_counter() - t
        (score,) = evaluate(model, ["mnli/dev_mismatched"], limit=args.limit)
        results[name] = {"probs": probs, "news_rate": 2 * len(a) / news_s, "acc": score.accuracy,
                         "f1": score.contradiction_f1, "mnli_rate": score.pairs_per_s}
    ref = results["fp32"]["probs"]
    print(f"## Judge: MNLI dev-mismatched (first {args.limit}) and {2 * len(a)} directional news inferences "
          f"({len(a)} candidate pairs of the first {args.articles} FNC-1 bodies)\n")
    print("| judge | MNLI accuracy | contr. F1 | MNLI pairs/s | news inferences/s | x fp32 | max prob. change | mean change | flips at 0.5 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, r in results.items():
        d = np.abs(r["probs"] - ref)
        flips = int(((r["probs"][:, 0] >= 0.5) != (ref[:, 0] >= 0.5)).sum())
        print(f"| {name} | {r['acc']:.4f} | {r['f1']:.4f} | {r['mnli_rate']:.0f} | {r['news_rate']:.0f} | "
              f"{r['news_rate'] / results['fp32']['news_rate']:.2f} | {d.max():.4f} | {d.mean():.5f} | {flips} |")
    cos = (emb["fp32"][0] * emb["bf16"][0]).sum(1)
    print(f"\n## Embedder on {len(texts)} claims\n")
    print("| embedder | claims/s | x fp32 | lowest cosine to fp32 | candidate pairs unchanged |\n|---|---:|---:|---:|---:|")
    for prec in ("fp32", "bf16"):
        rate = len(texts) / emb[prec][1]
        print(f"| {prec} | {rate:.0f} | {rate * emb['fp32'][1] / len(texts):.2f} | "
              f"{1.0 if prec == 'fp32' else cos.min():.5f} | {1.0 if prec == 'fp32' else len(same) / len(pairs):.4f} |")


if __name__ == "__main__":
    main()
