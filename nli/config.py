"""All options of a run, in one place, with their defaults, validated.

A plain record: what "auto" becomes for a given model is nli.resolve's business (it reads the model's files)."""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Literal

Scope = Literal["all", "cross", "within"]
Unit = Literal["auto", "sentence", "record"]
Precision = Literal["fp32", "bf16"]
Aggregate = Literal["auto", "calibrated", "max", "mean", "min"]
ClaimUnit = Literal["atomic", "sentence"]


@dataclass(frozen=True)
class Config:
    # models: "default" means the project's own NLI model / the packaged all-MiniLM-L6-v2
    model: str = "default"
    embedder: str = "default"
    device: str | None = None  # None: cuda when available, else cpu
    # pairing
    # candidate pairs per claim (n * top_k in all): each claim's nearest top_k/2, then pairs by mutual rank
    # (nli.pairs). Pairing recall on the emergent headlines (scripts/bench_quality.py): 0.52 at 5 / 0.45
    # (the old defaults), 0.81 at 10 / 0.40. 0.40 is the 10th percentile of the cosine of true
    # contradicting headline pairs; 0.35 gains 0.03 recall but fills the budget with weaker pairs.
    top_k: int = 10
    min_similarity: float = 0.40  # cosine floor for a candidate pair
    scope: Scope = "all"
    exact_search_max: int = 30_000  # above this many claims FAISS HNSW replaces exact search (scripts/bench_pairs.py)
    # filtering: a cheap classifier on the two claims' embeddings (nli.pairfilter) drops candidate
    # pairs the judge would almost surely not report, before the judge sees them. "none" judges all.
    pair_filter: str = "none"
    # judging
    # how the two directions combine into the pair's score (nli.judge): "calibrated" = the model's
    # combiner (nli.combiner: both directions, similarity and cue words -> P(a real contradiction));
    # "auto" = calibrated when the model ships a combiner.json (the project's does), else max
    aggregate: Aggregate = "auto"
    threshold: float | None = None  # score at or above which a pair is reported; None: the combiner's own, or 0.5
    # False: a pair's second direction is judged only where the first leaves it within reach of the
    # threshold (calibrated score, margin fitted with the combiner: nli.judge.reverse_needed); True: always
    both_directions: bool = False
    nli_batch_size: int = 64
    embed_batch_size: int = 64
    max_length: int | None = None  # tokens per pair; None: the model's own (nli_max_length) or 256
    judge_content: bool = False  # judge claims without "X said" (nli.attribution): measured no better, see README
    context: bool = True  # a claim whose subject is a pronoun is judged after its title + previous sentence (measured: scripts/eval_pipeline_modes.py)
    fact_check: bool = False  # raise the score of pairs whose numbers, dates or entities clash (nli.contrast)
    fact_check_weight: float = 0.5  # a clash counts as this much independent evidence: 1 - (1 - p)(1 - w)
    quantize: bool = False  # int8 dynamic quantisation of the NLI model's linear layers (CPU only)
    # bf16: both models run under bfloat16 autocast. On a CPU with AVX512-BF16 (or AMX) and on recent GPUs it
    # is faster at nearly fp32's scores: this 2-core CPU judged FNC-1 pairs 1.66x faster (probabilities within
    # 0.02 of fp32, 1 label flip in 4,000; int8: 2.38x, 45 flips) and embedded 1.72x faster (scripts/bench_precision.py).
    precision: Precision = "fp32"
    # claims
    unit: Unit = "auto"  # what a claim is: sentences; whole records; auto: a short one-line record is a record (nli.claims)
    titles: bool = True  # an article's title is one of its claims
    # sentence: each sentence is one claim as written; atomic: each sentence is split into the claims it
    # asserts, without attribution, hedges and time frames (nli.atoms). On the 189 unseen FNC-1 articles
    # atomic claims find more real contradictions (30 against 26) at lower precision (0.17 against 0.28)
    # with the shipped judge and combiner (docs/quality.md), so sentences stay the default
    claims: ClaimUnit = "sentence"
    parser: str = "en_core_web_sm"  # the spaCy pipeline of nli.atoms (its PyPI re-upload when the official is absent)
    min_claim_words: int = 5
    min_record_words: int = 4  # the same for a record or title: headlines are terse
    record_max_chars: int = 300  # "short" for unit=auto: a one-line record of at most this many characters
    max_claim_chars: int = 600
    # reading
    text_column: str = "text"
    id_column: str = "id"
    title_column: str = "title"
    source_column: str = "source"
    date_column: str = "date"
    url_column: str = "url"
    skip_bad: bool = False  # in multi-file runs, report bad files and go on with the good ones
    progress: bool = False

    def with_options(self, **options) -> "Config":
        known = {f.name for f in fields(self)}
        unknown = set(options) - known
        if unknown:
            raise TypeError(f"unknown option(s): {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}")
        cfg = replace(self, **{k: v for k, v in options.items() if v is not None})
        cfg.validate()
        return cfg

    def validate(self) -> None:
        if self.scope not in ("all", "cross", "within"):
            raise ValueError(f"scope must be all, cross or within, not {self.scope!r}")
        if self.aggregate not in ("auto", "calibrated", "max", "mean", "min"):
            raise ValueError(f"aggregate must be auto, calibrated, max, mean or min, not {self.aggregate!r}")
        if self.threshold is not None and not 0.0 <= self.threshold <= 1.0:
            raise ValueError(f"threshold must lie in [0, 1], not {self.threshold}")
        if self.unit not in ("auto", "sentence", "record"):
            raise ValueError(f"unit must be auto, sentence or record, not {self.unit!r}")
        if self.claims not in ("atomic", "sentence"):
            raise ValueError(f"claims must be atomic or sentence, not {self.claims!r}")
        if self.precision not in ("fp32", "bf16"):
            raise ValueError(f"precision must be fp32 or bf16, not {self.precision!r}")
        if self.quantize and self.precision != "fp32":
            raise ValueError("--quantize (int8) and --precision bf16 exclude each other: pick one")
        if self.top_k < 1:
            raise ValueError(f"top_k must be at least 1, not {self.top_k}")
        if not -1.0 <= self.min_similarity <= 1.0:
            raise ValueError(f"min_similarity must lie in [-1, 1], not {self.min_similarity}")
