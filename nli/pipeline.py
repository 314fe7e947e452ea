"""The one place that wires the stages together:
read articles -> extract claims -> embed -> pair -> filter (optional) -> judge -> report.

    import nli
    report = nli.detect(["seeds/"])            # paths, Article objects, dicts or plain strings
    report.contradictions                      # list of Verdict
    report.to_pandas()                         # one row per contradiction
"""
from __future__ import annotations

import time
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from .claims import extract_all
from .config import Config
from .corpus import SUFFIXES, articles_from, read_articles
from .embed import Embedder
from .judge import decide_label, judge_pairs, judged_text, pair_score
from .models import load_nli
from .nlidata import LABELS
from .pairfilter import filter_pairs
from .pairs import candidate_pairs
from .records import Article
from .report import Report
from .resolve import resolved


@dataclass(frozen=True)
class PairJudgement:
    """`nli pair`: two claims judged directly, both directions."""

    a: str
    b: str
    p_ab: dict
    p_ba: dict
    score: float
    threshold: float
    aggregate: str = "max"

    @property
    def contradiction(self) -> bool:
        return self.score >= self.threshold

    @property
    def label(self) -> str:
        mean = [(self.p_ab[k] + self.p_ba[k]) / 2 for k in LABELS]
        return decide_label(mean, self.score, self.threshold)


@contextmanager
def _timed(timings: dict, stage: str):
    t = time.perf_counter()
    yield
    timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - t


class Detector:
    """Holds a configuration and the models it needs (loaded on first use, once per process)."""

    def __init__(self, config: Config | None = None, **options):
        requested = (config or Config()).with_options(**options)
        self.requested = requested  # as the user gave it: verify tells "auto" from a chosen aggregate
        self.config = resolved(requested)
        # Two claims given directly are judged by max unless asked otherwise: the combiner's probability
        # carries the base rate of a corpus's candidate pairs (a few in a thousand are real), which a
        # pair someone already suspects does not share.
        self.pair_config = resolved(replace(requested, aggregate="max") if requested.aggregate == "auto" else requested)
        self.embedder = Embedder(self.config)

    @property
    def nli(self):
        c = self.config
        return load_nli(c.model, c.device, c.max_length, c.quantize, c.precision)

    def read(self, inputs: Iterable, errors: list[str] | None = None) -> list[Article]:
        items = list(inputs)
        if all(isinstance(i, (str, Path)) for i in items) and all(_looks_like_path(i) for i in items):
            return list(read_articles(items, self.config, errors))
        return articles_from(items, self.config)

    def detect(self, inputs: Iterable) -> Report:
        timings: dict[str, float] = {}
        errors: list[str] = []
        with _timed(timings, "read"):
            articles = self.read(inputs, errors)
        with _timed(timings, "claims"):
            claims = extract_all(articles, self.config)
        texts = [c.text for c in claims]
        with _timed(timings, "embed"):
            emb = self.embedder.encode(texts)
        with _timed(timings, "pair"):
            candidates = candidate_pairs(emb, [c.article_id for c in claims], self.config, texts, [c.sentence_id for c in claims])
        with _timed(timings, "filter"):
            pairs = filter_pairs(candidates, emb, texts, self.config)
        with _timed(timings, "judge"):
            verdicts = judge_pairs(claims, pairs, self.nli, self.config) if pairs else []
        return Report(articles, claims, verdicts, self.config, errors, timings, pairs_filtered=len(candidates) - len(pairs))

    def judge(self, a: str, b: str) -> PairJudgement:
        cfg = self.pair_config
        ja, jb = judged_text(a, cfg), judged_text(b, cfg)
        probs = self.nli.predict([ja, jb], [jb, ja])
        p_ab = {k: float(v) for k, v in zip(LABELS, probs[0])}
        p_ba = {k: float(v) for k, v in zip(LABELS, probs[1])}
        similarity = 0.0
        if cfg.aggregate == "calibrated":  # the combiner weighs in how similar the claims are
            u, v = self.embedder.encode([a, b])
            similarity = float(u @ v)
        score = pair_score(p_ab, p_ba, cfg, a, b, similarity)
        return PairJudgement(a, b, p_ab, p_ba, score, cfg.threshold, cfg.aggregate)


def _looks_like_path(item) -> bool:
    if isinstance(item, Path):
        return True
    if item == "-" or "\n" in item or len(item) > 1024:
        return item == "-"
    p = Path(item)
    no_space = not any(ch.isspace() for ch in item)
    return p.exists() or (no_space and (p.suffix.lower() in SUFFIXES or any(ch in item for ch in "*?[/\\")))


def detect(articles: Iterable, config: Config | None = None, **options) -> Report:
    """Find contradicting claims in `articles` (paths, Article objects, dicts or strings)."""
    if isinstance(articles, (str, Path)):
        articles = [articles]
    return Detector(config, **options).detect(articles)


def judge_pair(a: str, b: str, config: Config | None = None, **options) -> PairJudgement:
    """Judge two claims directly, in both directions."""
    return Detector(config, **options).judge(a, b)
