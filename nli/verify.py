"""Claim versus corpus: which claims in a corpus contradict or support a given claim?

The fact-checker's question "does anything here contradict this?": the corpus is split into
claims and embedded as usual, the most similar corpus claims are retrieved for each query claim,
and each retrieved pair is judged both ways. A corpus claim *contradicts* the query when its score
reaches the threshold, and *supports* it when P(entailment) with the corpus claim as premise and
the query as hypothesis reaches 0.5.

The score is not the corpus run's calibrated one. That combiner was fitted on all candidate pairs
of a corpus, where a few in a thousand are real contradictions; a claim checked against the
documents retrieved for it is disputed far more often, and the combiner's base rate hid most
disputes. Verify scores a pair with the model's verifier (`verify.json`: the same features, fitted
on claim-versus-headline pairs by `scripts/fit_verify.py` on one half of the emergent rumours and
measured on the other) and its threshold; with --aggregate, the score that names; a model without
a verifier scores by the larger of its two P(contradiction).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from .claims import extract_all
from .judge import fact_checked, label_probs, judged_text, pair_score, premise_text
from .nlidata import LABELS
from .pipeline import Detector
from .records import Article, Claim


VERIFY_FILE = "verify.json"
SUPPORT_AT = 0.5  # support is the model's own P(entailment), whatever score decides contradictions


@lru_cache(maxsize=16)
def load_verifier(model: str):
    """The NLI model's verifier (`verify.json`: a Combiner fitted on claim-versus-document pairs), or None."""
    from .combiner import load_model_file

    return load_model_file(model, VERIFY_FILE)


@dataclass
class Evidence:
    claim: Claim
    article: Article | None
    similarity: float
    p_contradiction: float  # the pair's score: see the module docstring
    p_support: float  # P(entailment): corpus claim as premise, query as hypothesis
    relation: str  # "contradicts" | "supports" | "unrelated"
    p_corpus_to_query: dict = field(default_factory=dict)  # label -> probability, both directions
    p_query_to_corpus: dict = field(default_factory=dict)


@dataclass
class Verification:
    query: str
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def contradicting(self) -> list[Evidence]:
        return [e for e in self.evidence if e.relation == "contradicts"]

    @property
    def supporting(self) -> list[Evidence]:
        return [e for e in self.evidence if e.relation == "supports"]

    def rows(self) -> list[dict]:
        return [
            {
                "query": self.query, "relation": e.relation, "p_contradiction": round(e.p_contradiction, 6),
                "p_support": round(e.p_support, 6), "similarity": round(e.similarity, 6), "claim": e.claim.text,
                "claim_id": e.claim.id, "article": e.claim.article_id,
                "title": e.article.title if e.article else None, "source": e.article.source if e.article else None,
                "start": e.claim.start, "end": e.claim.end,
            }
            for e in self.evidence
        ]


def verify(queries: list[str], corpus, detector: Detector | None = None, top_k: int = 10, **options) -> list[Verification]:
    """Judge each query claim against its `top_k` most similar claims in `corpus`."""
    det = detector or Detector(**options)
    cfg = det.pair_config  # max of both directions unless the user chose an aggregate
    verifier = load_verifier(cfg.model) if det.requested.aggregate == "auto" else None
    threshold = cfg.threshold
    if verifier is not None and det.requested.threshold is None:
        threshold = verifier.threshold
    articles = det.read(corpus if isinstance(corpus, list) else [corpus])
    by_id = {a.id: a for a in articles}
    claims = extract_all(articles, cfg)
    if not claims or not queries:
        return [Verification(q) for q in queries]
    emb = det.embedder.encode([c.text for c in claims])
    qemb = det.embedder.encode(list(queries))
    sims = qemb @ emb.T
    k = min(top_k, len(claims))
    jobs = []  # (query index, claim index, similarity)
    for qi, row in enumerate(sims):
        top = np.argsort(-row)[:k]
        jobs += [(qi, int(ci), float(row[ci])) for ci in top if row[ci] >= cfg.min_similarity]
    ctext = {ci: judged_text(claims[ci].text, cfg) for _, ci, _ in jobs}
    cprem = {ci: premise_text(claims[ci], cfg) for _, ci, _ in jobs}
    qtext = [judged_text(q, cfg) for q in queries]
    prem = [cprem[ci] for _, ci, _ in jobs] + [qtext[qi] for qi, _, _ in jobs]
    hyp = [qtext[qi] for qi, _, _ in jobs] + [ctext[ci] for _, ci, _ in jobs]
    probs = det.nli.predict(prem, hyp, batch_size=cfg.nli_batch_size) if jobs else np.zeros((0, 3))
    e = LABELS.index("entailment")
    out = [Verification(q) for q in queries]
    n = len(jobs)
    for j, (qi, ci, sim) in enumerate(jobs):
        corpus_to_query, query_to_corpus = probs[j], probs[n + j]
        p_cq, p_qc = label_probs(corpus_to_query), label_probs(query_to_corpus)
        if verifier is not None:
            pc = fact_checked(verifier.score(claims[ci].text, queries[qi], p_cq, p_qc, sim, False), claims[ci].text, queries[qi], cfg)
        else:
            pc = pair_score(p_cq, p_qc, cfg, claims[ci].text, queries[qi], sim)
        ps = float(corpus_to_query[e])
        relation = "contradicts" if pc >= threshold else "supports" if ps >= SUPPORT_AT else "unrelated"
        out[qi].evidence.append(Evidence(claims[ci], by_id.get(claims[ci].article_id), sim, pc, ps, relation, p_cq, p_qc))
    for v in out:
        v.evidence.sort(key=lambda x: (-max(x.p_contradiction, x.p_support), -x.similarity))
    return out
