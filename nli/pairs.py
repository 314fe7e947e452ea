"""Candidate pairs: for each claim, its top-k most similar claims above a similarity floor.

Never all O(n^2) pairs: exact search computes similarities a block of rows at a time and keeps
only the top k of each row; above `Config.exact_search_max` claims a FAISS HNSW index answers
the same question approximately in roughly n log n. scripts/bench_pairs.py measured the switch on
the 2-core CPU: exact 13.9 s vs HNSW 18.5 s at 20,000 claims, 110 s vs 72 s at 50,000 (recall@5
of HNSW 1.000 on both), hence 30,000.
Each unordered pair is kept once, with a < b.
"""
from __future__ import annotations

import os

import numpy as np

from .config import Config
from .records import Pair

_BLOCK = 1024  # rows of the similarity matrix held at once: memory is BLOCK x n floats


def candidate_pairs(embeddings: np.ndarray, article_ids: list[str], config: Config | None = None) -> list[Pair]:
    config = config or Config()
    n = len(article_ids)
    if n < 2:
        return []
    emb = np.ascontiguousarray(embeddings, dtype=np.float32)
    groups = np.unique(np.asarray(article_ids), return_inverse=True)[1]
    if config.scope == "within":
        found: dict[tuple[int, int], float] = {}
        for g in np.unique(groups):
            idx = np.flatnonzero(groups == g)
            if len(idx) > 1:
                _collect(found, idx, *_exact(emb[idx], config.top_k), config.min_similarity, None)
        return _to_pairs(found)
    # for "cross", ask for more neighbours so that those in the claim's own article can be dropped
    k = config.top_k
    if config.scope == "cross":
        k += int(np.bincount(groups).max()) - 1
    k = min(k, n - 1)
    if n <= config.exact_search_max:
        sims, nbrs = _exact(emb, k)
    else:
        sims, nbrs = _hnsw(emb, k)
    found = {}
    _collect(found, np.arange(n), sims, nbrs, config.min_similarity, groups if config.scope == "cross" else None, config.top_k)
    return _to_pairs(found)


def _exact(emb: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Top-k neighbours (self excluded) of every row by inner product, block by block."""
    n = len(emb)
    k = min(k, n - 1)
    sims = np.empty((n, k), dtype=np.float32)
    nbrs = np.empty((n, k), dtype=np.int64)
    for s in range(0, n, _BLOCK):
        block = emb[s : s + _BLOCK] @ emb.T
        rows = np.arange(len(block))
        block[rows, rows + s] = -np.inf  # not its own neighbour
        part = np.argpartition(-block, k - 1, axis=1)[:, :k]
        vals = np.take_along_axis(block, part, axis=1)
        order = np.argsort(-vals, axis=1)
        nbrs[s : s + len(block)] = np.take_along_axis(part, order, axis=1)
        sims[s : s + len(block)] = np.take_along_axis(vals, order, axis=1)
    return sims, nbrs


def _hnsw(emb: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    import faiss

    # faiss's OpenMP threads spin while waiting; on a small machine shared with other work (or
    # with torch's own threads) that stalled a 2,000-vector search for minutes. One thread unless
    # NLI_FAISS_THREADS asks for more.
    faiss.omp_set_num_threads(int(os.environ.get("NLI_FAISS_THREADS", "1")))
    index = faiss.IndexHNSWFlat(emb.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = 80
    index.hnsw.efSearch = max(64, 2 * (k + 1))
    index.add(emb)
    sims, nbrs = index.search(emb, k + 1)
    # drop each row's own entry (usually first; absent when duplicates tie with it)
    out_s = np.full((len(emb), k), -np.inf, dtype=np.float32)
    out_n = np.full((len(emb), k), -1, dtype=np.int64)
    for i in range(len(emb)):
        keep = nbrs[i] != i
        s, nb = sims[i][keep][:k], nbrs[i][keep][:k]
        out_s[i, : len(s)], out_n[i, : len(nb)] = s, nb
    return out_s, out_n


def _collect(found, idx, sims, nbrs, floor, groups=None, top_k=None) -> None:
    """Add (i, j) for each row's neighbours above the floor, skipping same-group ones when asked."""
    for row, i in enumerate(idx):
        taken = 0
        for s, j_local in zip(sims[row], nbrs[row]):
            if j_local < 0 or s < floor:
                break  # sorted descending: the rest are lower
            j = int(idx[j_local])  # neighbours are positions within idx
            if groups is not None and groups[i] == groups[j]:
                continue
            key = (min(int(i), j), max(int(i), j))
            found[key] = max(found.get(key, -1.0), float(s))
            taken += 1
            if top_k is not None and taken >= top_k:
                break


def _to_pairs(found: dict[tuple[int, int], float]) -> list[Pair]:
    return [Pair(a, b, round(s, 6)) for (a, b), s in sorted(found.items())]
