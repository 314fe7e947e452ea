"""Candidate pairs: n * top_k pairs of similar claims above a similarity floor, never all O(n^2).

Which pairs: each claim's own nearest top_k/2 neighbours first (no claim goes unpaired), then the
pairs with the best *mutual rank*, max(rank of b among a's neighbours, rank of a among b's), from
each claim's 4 * top_k nearest, until there are n * top_k pairs. Plain per-claim top-k spends its
slots on near-duplicates: on the emergent headlines a "for" headline's nearest are the other "for"
headlines of its story, and the "against" ones ("X is a hoax") come later, yet within each other's
top 40. Mutual rank keeps a story's pairs and drops a popular claim's one-sided neighbours.
Pairing recall there (scripts/bench_quality.py; gold "for" x "against" pairs that become candidates):
plain per-claim top-k 0.31 at k 5 / floor 0.45 (3.2 pairs a claim), 0.70 at k 18 / 0.40 (8.7 a
claim); this 0.52 at top_k 5 / 0.45 and 0.81 at top_k 10 / 0.40 (10 a claim).

Search: exact search computes similarities a block of rows at a time and keeps only the top of
each row; above `Config.exact_search_max` claims a FAISS HNSW index answers the same question
approximately in roughly n log n. scripts/bench_pairs.py measured the switch on the 2-core CPU:
exact 13.9 s vs HNSW 18.5 s at 20,000 claims, 110 s vs 72 s at 50,000 (recall@5 of HNSW 1.000
on both), hence 30,000.
Each unordered pair is kept once, with a < b. Two claims with the same words (case, spacing, quote
marks and punctuation aside: syndicated copies, a quote repeated) are never paired: a sentence cannot
contradict itself, and a copy is its twin's nearest neighbour, so it would spend a slot of the budget.
And two texts are paired once: a claim against a sentence that its article repeats, or against both
copies of a syndicated article, is one clash, judged and reported once (the first pair by index).
Nor is a claim paired with its restatement (nli.contrast.restates: nearly the same words and nothing
that could clash, e.g. a copy with a name or a clause more), which the judge sometimes calls a
contradiction.
"""
from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np

from .config import Config
from .records import Pair

_BLOCK = 1024  # rows of the similarity matrix held at once: memory is BLOCK x n floats
# neighbours searched per claim, as a multiple of top_k: the pool mutual ranks come from. Pairing
# recall on the emergent headlines: 0.73 at 2x, 0.78 at 3x, 0.81 at 4x, 0.81 at 5x and 10x.
_WIDTH = 4
# restatements are looked for among neighbours at least this similar, and the text check is skipped for
# the rest: the 872 restatements among the candidate pairs of FNC-1 quarters 0-1 had cosine >= 0.656
# (99% of them >= 0.77)
_RESTATE_MIN_SIM = 0.6


def candidate_pairs(embeddings: np.ndarray, article_ids: list[str], config: Config | None = None,
                    texts: Sequence[str] | None = None, sentence_ids: Sequence[str] | None = None) -> list[Pair]:
    """Candidate pairs of claims, given their embeddings (normalised) and article ids; with `texts`,
    claims of the same words, or one restating the other, are not paired; with `sentence_ids`, nor
    are two atomic claims of one sentence (a sentence's parts do not contradict each other)."""
    config = config or Config()
    n = len(article_ids)
    if n < 2:
        return []
    if texts is not None and len(texts) != n:
        raise ValueError(f"{len(texts)} texts for {n} claims")
    emb = np.ascontiguousarray(embeddings, dtype=np.float32)
    groups = np.unique(np.asarray(article_ids), return_inverse=True)[1]
    same_text = restated = None
    if texts is not None:
        from .contrast import restates, tokens

        # same words, case and punctuation aside
        same_text = np.unique(np.asarray([" ".join(tokens(t)) for t in texts], dtype=object), return_inverse=True)[1]

        def restated(a: int, b: int) -> bool:
            return restates(texts[a], texts[b])
    # two atomic claims of one sentence: a sentence's parts do not contradict each other
    same_sentence = None
    if sentence_ids is not None and len(set(sentence_ids)) < n:
        same_sentence = np.unique(np.asarray(list(sentence_ids), dtype=object), return_inverse=True)[1]
    width = _WIDTH * config.top_k
    if config.scope == "within":
        found: dict[tuple[int, int], float] = {}
        for g in np.unique(groups):
            idx = np.flatnonzero(groups == g)
            if len(idx) > 1:
                _select(found, idx, *_exact(emb[idx], width), config, None, same_text, restated, same_sentence)
        return _once_per_text_pair(_to_pairs(found), same_text)
    # for "cross", ask for more neighbours so that those in the claim's own article can be dropped
    k = width
    if config.scope == "cross":
        k += int(np.bincount(groups).max()) - 1
    k = min(k, n - 1)
    if n <= config.exact_search_max:
        sims, nbrs = _exact(emb, k)
    else:
        sims, nbrs = _hnsw(emb, k)
    found = {}
    _select(found, np.arange(n), sims, nbrs, config, groups if config.scope == "cross" else None, same_text, restated,
            same_sentence)
    return _once_per_text_pair(_to_pairs(found), same_text)


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


def _select(found, idx, sims, nbrs, config: Config, groups=None, same_text=None, restated=None, same_sentence=None) -> None:
    """Add the len(idx) * top_k best pairs among these rows (see the module docstring) to `found`.
    Neighbours are positions within idx, sorted by similarity; -1 marks a missing one. `groups` and
    `same_text` (indexed by claim) mark neighbours that do not count: same article, same text; so does
    a neighbour for which `restated(claim, neighbour)` is true."""
    m, k = len(idx), config.top_k
    width = _WIDTH * k
    valid = (nbrs >= 0) & (sims >= config.min_similarity)
    if groups is not None:  # "cross": a neighbour in the claim's own article does not count
        valid &= groups[idx][:, None] != groups[idx[np.maximum(nbrs, 0)]]
    for same in (same_text, same_sentence):
        if same is not None:
            valid &= same[idx][:, None] != same[idx[np.maximum(nbrs, 0)]]
    if restated is not None:
        for row, col in zip(*np.nonzero(valid & (sims >= _RESTATE_MIN_SIM))):
            if restated(int(idx[row]), int(idx[nbrs[row, col]])):
                valid[row, col] = False
    rank = np.cumsum(valid, axis=1) - 1  # rank among the row's counted neighbours
    valid &= rank < width
    i, col = np.nonzero(valid)
    if not len(i):
        return
    j, r, s = nbrs[i, col], rank[i, col], sims[i, col]
    # the rank of i among j's neighbours; `width` (last) when i is not among them
    code = i * m + j
    order = np.argsort(code)
    back = np.searchsorted(code[order], j * m + i)
    back = np.minimum(back, len(code) - 1)
    hit = code[order][back] == j * m + i
    r_back = np.where(hit, r[order][back], width)
    mutual = np.maximum(r, r_back)
    own = r < (k + 1) // 2  # each claim's nearest come first, whatever their mutual rank
    key = np.minimum(i, j) * m + np.maximum(i, j)
    best = np.lexsort((key, -s, mutual, ~own))  # last key sorts first
    _, first = np.unique(key[best], return_index=True)
    keep = best[np.sort(first)][: m * k]  # each unordered pair once, at its best place
    for a, b, sim in zip(idx[np.minimum(i, j)[keep]], idx[np.maximum(i, j)[keep]], s[keep]):
        pair = (int(a), int(b))
        found[pair] = max(found.get(pair, -1.0), float(sim))


def _once_per_text_pair(pairs: list[Pair], same_text) -> list[Pair]:
    """The pairs less those whose two texts an earlier pair already has: a sentence repeated in its
    article, or a syndicated copy, would otherwise report one clash twice and be judged twice."""
    if same_text is None:
        return pairs
    seen: set[tuple[int, int]] = set()
    out = []
    for p in pairs:
        key = tuple(sorted((int(same_text[p.a]), int(same_text[p.b]))))
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def _to_pairs(found: dict[tuple[int, int], float]) -> list[Pair]:
    return [Pair(a, b, round(s, 6)) for (a, b), s in sorted(found.items())]
