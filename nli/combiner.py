"""One calibrated score per pair: P(the two claims really contradict), from more than the NLI model's
own P(contradiction).

On real news the judge's P(contradiction) ranks its own reports barely better than chance (ROC-AUC
0.55 within the pairs it reports on unseen FNC-1 articles): claims of one story that differ in detail
read as contradictions to it. Other signals of the same pair tell them apart better: the *other*
direction and the entailment and neutral mass (SummaC-style aggregation), how similar the claims
are, and whether a negation or denial cue sits on one side only. A logistic regression over these
features, fitted on hand-labelled FNC-1 pairs by `scripts/fit_combiner.py`, is stored next to the
model's weights as `combiner.json`; `Config.aggregate = "calibrated"` (the default, "auto", picks it
when the model has one) makes its output the pair's score, and its own threshold the default one.

Pure Python and numpy: the Ray driver and the batch engine score cached verdicts without torch.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .contrast import debunks
from .explain import STOPWORDS
from .sources import resolve_nli

COMBINER_FILE = "combiner.json"
_WORD = re.compile(r"[A-Za-z]+|\d+")
_CONTRAST_TYPES = ("numeric", "date", "entity", "negation", "antonym")


def logit(p: float) -> float:
    p = min(max(float(p), 1e-4), 1.0 - 1e-4)
    return math.log(p / (1.0 - p))


@lru_cache(maxsize=65536)
def _content(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _WORD.findall(text) if len(w) > 2 and w.lower() not in STOPWORDS)


def pair_features(text_a: str, text_b: str, p_ab: dict, p_ba: dict, similarity: float, same_article: bool) -> dict[str, float]:
    """Every signal a combiner may use, by name; symmetric in a and b (a contradiction is)."""
    from .contrast import _cues, classify_contrast

    c = sorted((p_ab["contradiction"], p_ba["contradiction"]))
    e = sorted((p_ab["entailment"], p_ba["entailment"]))
    ca, cb = _content(text_a), _content(text_b)
    kind = classify_contrast(text_a, text_b).type
    da, db = debunks(text_a), debunks(text_b)
    wa, wb = max(1, len(text_a.split())), max(1, len(text_b.split()))
    return {
        "contradiction_max": logit(c[1]),
        "contradiction_min": logit(c[0]),
        "entailment_max": logit(e[1]),
        "entailment_min": logit(e[0]),
        "neutral_max": logit(max(p_ab["neutral"], p_ba["neutral"])),
        "similarity": float(similarity),
        "word_overlap": len(ca & cb) / max(1, len(ca | cb)),
        "cue_one_side": float(bool(set(_cues(text_a)) ^ set(_cues(text_b)))),
        **{f"contrast_{t}": float(kind == t) for t in _CONTRAST_TYPES},
        "debunk_one_side": float(da != db),
        "debunk_any": float(da or db),
        "same_article": float(same_article),
        "length_ratio": abs(math.log(wa / wb)),
    }


@dataclass(frozen=True)
class Combiner:
    """A fitted logistic regression over `pair_features`, standardised as it was fitted."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float  # the default decision threshold on its probability
    # the second direction is judged only when the score the first implies alone lies less than this many
    # logits below the threshold (nli.judge.reverse_needed); None: always judge both
    reverse_margin: float | None = None
    path: str = ""

    @classmethod
    def load(cls, path: str | Path) -> "Combiner":
        try:
            d = json.loads(Path(path).read_text())
            margin = d.get("reverse_margin")
            if margin is not None and not float(margin) >= 0:  # a negative margin would skip pairs above the threshold
                raise ValueError(f"reverse_margin must be at least 0, not {margin}")
            return cls(tuple(d["features"]), tuple(d["mean"]), tuple(d["scale"]), tuple(d["coef"]),
                       float(d["intercept"]), float(d["threshold"]), None if margin is None else float(margin), str(path))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}: not a usable combiner file ({exc})") from None

    def to_dict(self) -> dict:
        return {"features": list(self.features), "mean": list(self.mean), "scale": list(self.scale),
                "coef": list(self.coef), "intercept": self.intercept, "threshold": self.threshold,
                **({} if self.reverse_margin is None else {"reverse_margin": self.reverse_margin})}

    def probability(self, features: dict[str, float]) -> float:
        z = self.intercept + sum(w * (features[f] - m) / s for f, m, s, w in zip(self.features, self.mean, self.scale, self.coef))
        return 1.0 / (1.0 + math.exp(-z))

    def score(self, text_a: str, text_b: str, p_ab: dict, p_ba: dict, similarity: float, same_article: bool) -> float:
        return self.probability(pair_features(text_a, text_b, p_ab, p_ba, similarity, same_article))


def combiner_file(claims: str = "sentence") -> str:
    """The combiner's file name for a claim unit: atomic claims differ from sentences in every feature
    the combiner weighs (similarity, lengths, cue words), so they may have their own fit."""
    return COMBINER_FILE if claims == "sentence" else f"combiner-{claims}.json"


def load_model_file(model: str, *names: str) -> Combiner | None:
    """The first of the files `names` beside NLI model `model`'s weights, as a Combiner; None when the
    model has none of them (a hub model, or a directory without them)."""
    location = Path(resolve_nli(model).location)
    for name in dict.fromkeys(names):
        if (location / name).is_file():
            return Combiner.load(location / name)
    return None


@lru_cache(maxsize=16)
def load_combiner(model: str, claims: str = "sentence") -> Combiner | None:
    """The combiner that ships with NLI model `model` (a name as `Config.model` takes it) for claims
    of unit `claims`: its own file when the model has one, else the sentences' `combiner.json`."""
    return load_model_file(model, combiner_file(claims), COMBINER_FILE)
