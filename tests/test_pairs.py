import numpy as np

from nli.config import Config
from nli.pairs import _exact, _hnsw, candidate_pairs


def unit(rows):
    x = np.asarray(rows, dtype=np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


EMB = unit([[1, 0, 0], [0.95, 0.3, 0], [0.9, 0, 0.4], [0, 1, 0], [0, 0.98, 0.2], [0, 0, 1]])
ARTS = ["a", "a", "b", "b", "c", "c"]


def test_top_k_floor_and_each_pair_once():
    pairs = candidate_pairs(EMB, ARTS, Config(top_k=2, min_similarity=0.5))
    keys = [(p.a, p.b) for p in pairs]
    assert len(keys) == len(set(keys)) and all(a < b for a, b in keys)
    assert set(keys) == {(0, 1), (0, 2), (1, 2), (3, 4)}
    sims = {(p.a, p.b): p.similarity for p in pairs}
    assert abs(sims[(0, 1)] - float(EMB[0] @ EMB[1])) < 1e-5


def test_scopes():
    cross = {(p.a, p.b) for p in candidate_pairs(EMB, ARTS, Config(top_k=2, min_similarity=0.5, scope="cross"))}
    within = {(p.a, p.b) for p in candidate_pairs(EMB, ARTS, Config(top_k=2, min_similarity=0.5, scope="within"))}
    assert cross == {(0, 2), (1, 2), (3, 4)}
    assert within == {(0, 1)}


def test_never_more_than_k_per_claim():
    rng = np.random.default_rng(0)
    emb = unit(rng.normal(size=(500, 16)))
    pairs = candidate_pairs(emb, [str(i % 50) for i in range(500)], Config(top_k=3, min_similarity=-1.0))
    assert len(pairs) <= 500 * 3
    assert len(pairs) >= 500 * 3 // 2


def test_hnsw_agrees_with_exact():
    rng = np.random.default_rng(1)
    centers = rng.normal(size=(100, 32))
    emb = unit(np.repeat(centers, 20, axis=0) + 0.3 * rng.normal(size=(2000, 32)))
    _, exact = _exact(emb, 5)
    _, approx = _hnsw(emb, 5)
    recall = np.mean([len(set(exact[i]) & set(approx[i])) / 5 for i in range(len(emb))])
    assert recall > 0.95
    small = Config(top_k=5, min_similarity=0.2, exact_search_max=10)  # forces HNSW
    big = Config(top_k=5, min_similarity=0.2)
    ids = [str(i) for i in range(2000)]
    a = {(p.a, p.b) for p in candidate_pairs(emb, ids, small)}
    b = {(p.a, p.b) for p in candidate_pairs(emb, ids, big)}
    assert len(a & b) / len(b) > 0.95
