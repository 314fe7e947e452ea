"""Filter stage, between pairing and judging: drop candidate pairs the judge would not report.

The judge (a cross-encoder, both directions) costs milliseconds a pair; this filter costs
microseconds. It is a small MLP over what the pipeline already has: the bi-encoder embeddings u, v
of premise and hypothesis as [u, v, |u - v|, u * v, cos(u, v)] plus cheap text signals in the
spirit of nli.contrast (a negation cue only one claim has, numbers that differ, antonyms, word
overlap, lengths), read in both directions as the judge reads the pair. It was distilled from the
judge's own verdicts on unlabelled news pairs (scripts/make_filter_data.py,
scripts/train_pair_filter.py): per direction it predicts P(contradiction) >= the threshold, a pair
scores the max of its two directions, and its cut is set on held-out articles to keep a stated share of the pairs the judge
reports (its model card says which, and what that cost).

    from nli.pairfilter import load_pair_filter
    f = load_pair_filter("default")
    keep = f.keep(embeddings, texts, pairs)       # bool per pair

The filter knows only the embedder and the judge it was trained with: with another embedder its
input means nothing, so that is an error; with another judge its recall is unmeasured.
"""
from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .sources import DEFAULT_EMBEDDER_NAMES, MODELS_DIR, ModelNotFoundError
from .records import Pair

DEFAULT_FILTER_NAME = "pair-filter-minilm"
SIGNALS = ("negation_only_one", "both_numbers", "numbers_differ", "antonym", "jaccard", "len_premise", "len_hypothesis")

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")


@dataclass(frozen=True)
class _ClaimSignals:
    cues: frozenset[str]  # negation / reversal kinds (nli.contrast)
    numbers: frozenset[str]
    words: frozenset[str]  # lower-case content words
    lemmas: frozenset[str]  # antonym-lexicon lemmas
    length: int


def _claim_signals(text: str) -> _ClaimSignals:
    from .contrast import _cues, _lexicon_words
    from .explain import STOPWORDS

    words = [w.lower() for w in _WORD.findall(text)]
    return _ClaimSignals(
        cues=frozenset(_cues(text)),
        numbers=frozenset(n.replace(",", "") for n in _NUMBER.findall(text)),
        words=frozenset(w for w in words if len(w) > 2 and w not in STOPWORDS),
        lemmas=_lexicon_words(text)[1],
        length=len(words),
    )


def signals(texts: Sequence[str], pairs: Sequence[Pair]) -> np.ndarray:
    """The text signals (SIGNALS, in order) of each pair read a -> b, shape (len(pairs), len(SIGNALS)).
    Only the lengths depend on the direction: swap the last two columns for b -> a."""
    from .contrast import _ANTONYMS

    per: dict[int, _ClaimSignals] = {}
    out = np.zeros((len(pairs), len(SIGNALS)), dtype=np.float32)
    for row, p in enumerate(pairs):
        for i in (p.a, p.b):
            if i not in per:
                per[i] = _claim_signals(texts[i])
        x, y = per[p.a], per[p.b]
        union = x.words | y.words
        antonym = any(_ANTONYMS[lemma] & (y.lemmas - x.lemmas) for lemma in x.lemmas - y.lemmas)
        out[row] = (
            bool(x.cues ^ y.cues),
            bool(x.numbers and y.numbers),
            bool(x.numbers and y.numbers and x.numbers != y.numbers),
            antonym,
            len(x.words & y.words) / len(union) if union else 0.0,
            np.log1p(x.length),
            np.log1p(y.length),
        )
    return out


def features(embeddings: np.ndarray, texts: Sequence[str], pairs: Sequence[Pair]) -> tuple[np.ndarray, np.ndarray]:
    """The inputs for both directions, a -> b and b -> a: [u, v, |u - v|, u * v, cos, signals] with u
    the premise's embedding and v the hypothesis's. The judge is not symmetric (a short hypothesis is
    called a contradiction more often), so neither is the filter; a pair's score is the max of both,
    as the judge's is."""
    width = 4 * embeddings.shape[1] + 1 + len(SIGNALS)
    if not pairs:
        return np.zeros((0, width), np.float32), np.zeros((0, width), np.float32)
    a = np.fromiter((p.a for p in pairs), dtype=np.int64, count=len(pairs))
    b = np.fromiter((p.b for p in pairs), dtype=np.int64, count=len(pairs))
    u, v = embeddings[a].astype(np.float32), embeddings[b].astype(np.float32)
    cos = (np.einsum("ij,ij->i", u, v) / (np.linalg.norm(u, axis=1) * np.linalg.norm(v, axis=1) + 1e-9))[:, None]
    sig = signals(texts, pairs)
    shared = [np.abs(u - v), u * v, cos]
    rev = sig.copy()
    rev[:, -2:] = sig[:, [-1, -2]]
    return (np.hstack([u, v, *shared, sig]).astype(np.float32), np.hstack([v, u, *shared, rev]).astype(np.float32))


class PairFilter:
    """P(the judge reports this pair) from `features`; `keep` applies the cut stored with it."""

    def __init__(self, location: str | Path):
        path = Path(location)
        meta_file, weights_file = path / "filter.json", path / "filter.npz"
        if not (meta_file.is_file() and weights_file.is_file()):
            raise ModelNotFoundError(
                f"{path}: the pair filter is missing (filter.json, filter.npz); train it with "
                "scripts/train_pair_filter.py or run with --pair-filter none")
        self.location = str(path)
        self.meta = json.loads(meta_file.read_text())
        w = np.load(weights_file)
        self._mean, self._scale = w["mean"].astype(np.float32), w["scale"].astype(np.float32)
        self._layers = [(w[f"w{i}"].astype(np.float32), w[f"b{i}"].astype(np.float32))
                        for i in range(len([k for k in w.files if k.startswith("w")]))]
        self.cut = float(self.meta["cut"])

    @property
    def embedder(self) -> str:
        return self.meta["embedder"]

    def logits(self, x: np.ndarray) -> np.ndarray:
        h = (x - self._mean) / self._scale
        for k, (w, b) in enumerate(self._layers):
            h = h @ w + b
            if k < len(self._layers) - 1:
                np.maximum(h, 0, out=h)
        return h[:, 0]

    def probabilities(self, embeddings: np.ndarray, texts: Sequence[str], pairs: Sequence[Pair], chunk: int = 32768) -> np.ndarray:
        """max over both directions of P(the judge gives P(contradiction) >= its threshold)."""
        out = np.empty(len(pairs), dtype=np.float32)
        for s in range(0, len(pairs), chunk):  # features of a million pairs at once would not fit comfortably
            ab, ba = features(embeddings, texts, pairs[s : s + chunk])
            z = np.maximum(self.logits(ab), self.logits(ba))
            out[s : s + chunk] = 1.0 / (1.0 + np.exp(-z))
        return out

    def keep(self, embeddings: np.ndarray, texts: Sequence[str], pairs: Sequence[Pair]) -> np.ndarray:
        return self.probabilities(embeddings, texts, pairs) >= self.cut


def resolve_pair_filter(name: str) -> Path:
    if name in ("default", DEFAULT_FILTER_NAME):
        return MODELS_DIR / DEFAULT_FILTER_NAME
    p = Path(name).expanduser()
    if not p.is_dir():
        raise ModelNotFoundError(f"{name}: no such pair filter directory (use default, none, or a directory "
                                 "written by scripts/train_pair_filter.py)")
    return p


@lru_cache(maxsize=4)
def load_pair_filter(name: str = "default") -> PairFilter:
    return PairFilter(resolve_pair_filter(name))


def filter_pairs(pairs: list[Pair], embeddings: np.ndarray, texts: Sequence[str], config) -> list[Pair]:
    """The pairs worth judging under `config.pair_filter` ("none": all of them)."""
    if config.pair_filter == "none" or not pairs:
        return pairs
    f = load_pair_filter(config.pair_filter)
    same = {f.embedder, *DEFAULT_EMBEDDER_NAMES} if f.embedder in DEFAULT_EMBEDDER_NAMES else {f.embedder}
    if config.embedder not in same:
        raise ValueError(f"the pair filter {f.location} was trained on {f.embedder} embeddings, not "
                         f"{config.embedder}; run with --pair-filter none")
    keep = f.keep(embeddings, texts, pairs)
    return [p for p, k in zip(pairs, keep) if k]
