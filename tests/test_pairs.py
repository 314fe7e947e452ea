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


def test_mutual_neighbours_beyond_each_claims_own_nearest_and_the_floor():
    """A story: four near-duplicate "for" claims and one "against" claim, less similar to them
    (cos ~0.7), plus three unrelated claims. Each "for" claim's nearest are the other "for" ones,
    so per-claim top-2 pairs the "against" claim with two of them; mutual neighbours add all four.
    The unrelated claims stay unpaired: under the floor, however much room the budget leaves."""
    f = [[1, 0.05 * i, 0, 0, 0, 0] for i in range(4)]
    emb = unit(f + [[0.7, 0, 0.7, 0, 0, 0], [0, 0, 0, 1, 0, 0], [0, 0, 0, 0, 1, 0], [0, 0, 0, 0, 0.3, 1]])
    ids = [str(i) for i in range(8)]
    got = {(p.a, p.b) for p in candidate_pairs(emb, ids, Config(top_k=2, min_similarity=0.5))}
    assert {(i, 4) for i in range(4)} <= got  # every "for" claim meets the "against" one
    assert not any(i >= 5 or j >= 5 for i, j in got)  # unrelated: cos <= 0.29, under the floor
    assert len(got) == 10  # all pairs above the floor: 6 among the "for" claims, 4 with "against"
    nearest = [set(np.argsort(-(emb @ emb[i]))[1:3]) for i in range(4)]
    assert all(4 not in n for n in nearest)  # ...though no "for" claim has it among its own top 2


def test_budget_goes_to_the_best_mutual_ranks():
    """When n * top_k pairs do not hold every pair above the floor, each claim keeps its own nearest
    top_k/2, and the rest of the budget goes to the pairs of best mutual rank, max(rank of b for a,
    rank of a for b): no pair left out ranks better than one taken."""
    rng = np.random.default_rng(3)
    centers = rng.normal(size=(15, 24))
    emb = unit(np.repeat(centers, 20, axis=0) + 0.8 * rng.normal(size=(300, 24)))
    k = 4
    pairs = candidate_pairs(emb, [str(i) for i in range(300)], Config(top_k=k, min_similarity=0.0))
    got = {(p.a, p.b) for p in pairs}
    assert len(got) == 300 * k
    sims = emb @ emb.T
    np.fill_diagonal(sims, -np.inf)
    rank = np.argsort(np.argsort(-sims, axis=1), axis=1)  # rank[i, j]: place of j among i's neighbours
    width = 4 * k
    own = {(min(i, j), max(i, j)) for i in range(300) for j in np.argsort(-sims[i])[: k // 2]}
    assert own <= got
    mutual = lambda a, b: max(min(rank[a, b], width), min(rank[b, a], width))  # noqa: E731
    pool = {(min(i, int(j)), max(i, int(j))) for i in range(300) for j in np.argsort(-sims[i])[:width] if sims[i, j] >= 0}
    taken = max(mutual(a, b) for a, b in got - own)
    left = min(mutual(a, b) for a, b in pool - got)
    assert taken <= left and taken < width


def test_claims_of_the_same_text_are_never_paired():
    # claims 0 and 1 are one sentence in two articles (case and spacing differ): a copy, not a contradiction
    texts = ["Police said the bridge  is closed.", "police said the bridge is closed.", "The bridge is open.",
             "Rain fell.", "Rain fell all day.", "Snow."]
    emb = EMB.copy()
    emb[1] = emb[0]
    for scope in ("all", "cross", "within"):
        cfg = Config(top_k=2, min_similarity=0.5, scope=scope)
        with_texts = {(p.a, p.b) for p in candidate_pairs(emb, ARTS, cfg, texts)}
        assert (0, 1) not in with_texts
        if scope != "cross":  # across articles only, 0 and 1 (one article) are no pair anyway
            assert (0, 1) in {(p.a, p.b) for p in candidate_pairs(emb, ARTS, cfg)}
    # the copy's clash with claim 2 is the original's: paired once, the first by index
    got = {(p.a, p.b) for p in candidate_pairs(emb, ARTS, Config(top_k=2, min_similarity=0.5), texts)}
    assert (0, 2) in got and (1, 2) not in got
    assert {(0, 2), (1, 2)} <= {(p.a, p.b) for p in candidate_pairs(emb, ARTS, Config(top_k=2, min_similarity=0.5))}


def test_a_claim_and_its_restatement_are_never_paired():
    """Quote marks and punctuation aside the same sentence, or the same with a name more, is no pair;
    a near copy that clashes ("not", a name, a debunk frame) still is. These are FNC-1
    sentences the shipped judge reported as contradicting their own copy."""
    base = "CNN aired the tape but cautioned that it could not independently verify whether it was authentic."
    variants = {
        "“CNN aired the tape but cautioned that it could not independently verify whether it was authentic.”": False,
        "CNN aired the tape on Monday but cautioned that it could not independently verify whether it was authentic.": False,
        "CNN aired the tape but cautioned that it could independently verify whether it was authentic.": True,  # "not" dropped
        "BBC aired the tape but cautioned that it could not independently verify whether it was authentic.": True,  # who
        "The fake report says CNN aired the tape but cautioned that it could not independently verify whether it was authentic.": True,
    }
    for text, paired in variants.items():
        texts = [base, text]
        emb = unit([[1, 0, 0], [0.99, 0.1, 0]])
        got = {(p.a, p.b) for p in candidate_pairs(emb, ["a", "b"], Config(top_k=2, min_similarity=0.5), texts)}
        assert ((0, 1) in got) == paired, text
        assert (0, 1) in {(p.a, p.b) for p in candidate_pairs(emb, ["a", "b"], Config(top_k=2, min_similarity=0.5))}
