#!/usr/bin/env python
"""Exact block-wise top-k search against the FAISS HNSW index, on random unit vectors of the
bi-encoder's size (384): seconds and the HNSW recall of the exact neighbours, per corpus size.
This is where Config.exact_search_max comes from.

    python scripts/bench_pairs.py --n 2000 10000 20000 50000
"""
import argparse
import time

import numpy as np

from nli.pairs import _exact, _hnsw


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, nargs="+", default=[2000, 10000, 20000, 50000])
    ap.add_argument("--k", type=int, default=5)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    print("| claims | exact s | HNSW s | exact/HNSW | HNSW recall@k |")
    print("|---:|---:|---:|---:|---:|")
    for n in args.n:
        # clustered vectors, like claims on shared topics, rather than uniform noise
        centers = rng.normal(size=(max(1, n // 20), 384)).astype(np.float32)
        x = centers[rng.integers(0, len(centers), n)] + 0.5 * rng.normal(size=(n, 384)).astype(np.float32)
        x /= np.linalg.norm(x, axis=1, keepdims=True)
        t = time.perf_counter(); _, ex = _exact(x, args.k); te = time.perf_counter() - t
        t = time.perf_counter(); _, ap_ = _hnsw(x, args.k); th = time.perf_counter() - t
        recall = np.mean([len(set(ex[i]) & set(ap_[i])) / args.k for i in range(n)])
        print(f"| {n} | {te:.2f} | {th:.2f} | {te / th:.2f} | {recall:.3f} |", flush=True)


if __name__ == "__main__":
    main()
