"""Judge pairs with an NLI cross-encoder, in both directions.

Labels are read from the model's `id2label` (model families order them differently) and mapped
onto (contradiction, entailment, neutral). Probabilities are softmax(logits / T), with T the
temperature fitted on held-out data and stored in the model's config (`nli_temperature`; 1.0
for models that have none). Inputs are sorted by length and batched so that padding is minimal;
pairs longer than the model's limit are truncated longest-first, so both claims keep their
beginnings.

How the two directions combine (`Config.aggregate`): an NLI model judges whether the hypothesis
can be true given the premise. A contradiction between two claims is symmetric, but the model is
not: when one claim carries more than the other, the direction with the longer premise often says
"neutral" about the extra content while the other direction sees the clash. The maximum keeps a
contradiction that either direction sees (recall, as SummaC's max over premise chunks does);
"mean" asks both directions to agree (precision); "min" requires both. "calibrated" (the default
for corpus runs when the model ships a combiner) weighs both directions' three probabilities with
the claims' similarity and cue words into P(a real contradiction), see nli.combiner.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from .config import Config
from .nlidata import LABELS
from .records import Claim, Pair, Verdict
from .resolve import resolved

_ALIASES = {
    "contradiction": "contradiction",
    "contradict": "contradiction",
    "contradictory": "contradiction",
    "entailment": "entailment",
    "entail": "entailment",
    "entailed": "entailment",
    "neutral": "neutral",
    "not_contradiction": "neutral",
    "non-contradiction": "neutral",
    "no_contradiction": "neutral",
}


def label_columns(id2label: dict) -> list[int]:
    """For each of the model's outputs, its column in (contradiction, entailment, neutral)."""
    names = [str(id2label[i] if i in id2label else id2label[str(i)]).lower() for i in range(len(id2label))]
    cols = []
    for n in names:
        if n not in _ALIASES:
            raise ValueError(
                f"model label {n!r} is not an NLI label (labels: {names}); an NLI model needs "
                "contradiction/entailment/neutral names in its config's id2label"
            )
        cols.append(LABELS.index(_ALIASES[n]))
    if LABELS.index("contradiction") not in cols:
        raise ValueError(f"model has no contradiction label (labels: {names})")
    return cols


class NLIModel:
    """A sequence-classification NLI model that returns (contradiction, entailment, neutral) probabilities."""

    def __init__(self, source, device: str | None = None, max_length: int | None = None, quantize: bool = False,
                 precision: str = "fp32"):
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        self.source = source
        self.device = torch.device(device or ("cuda" if torch.cuda.is_available() else "cpu"))
        self.tokenizer = AutoTokenizer.from_pretrained(source.location)
        self.model = AutoModelForSequenceClassification.from_pretrained(source.location, dtype=torch.float32)
        self.model.to(self.device).eval()
        if quantize:
            if self.device.type != "cpu":
                raise ValueError("--quantize is for the CPU; drop it or use --device cpu")
            import warnings

            from torch.ao.quantization import quantize_dynamic

            with warnings.catch_warnings():  # torch marks its quantised tensor API as deprecated
                warnings.simplefilter("ignore")
                self.model = quantize_dynamic(self.model, {torch.nn.Linear}, dtype=torch.qint8)
        self.precision = precision
        cfg = self.model.config
        self.columns = label_columns(cfg.id2label)
        self.temperature = float(getattr(cfg, "nli_temperature", None) or 1.0)
        limit = self.tokenizer.model_max_length if self.tokenizer.model_max_length < 100_000 else 512
        self.max_length = min(max_length or getattr(cfg, "nli_max_length", None) or 256, limit)
        # On a CPU, two batches at once with one thread each beat one batch with two threads: a
        # model this small leaves intra-op threads idle (scripts/bench_judge_levers.py: judge time
        # x0.87, int8, 2 cores). Each batch is the same either way, and so are its scores.
        streams = os.environ.get("NLI_JUDGE_STREAMS")
        self.streams = int(streams) if streams else (2 if self.device.type == "cpu" and torch.get_num_threads() >= 2 else 1)

    @property
    def name(self) -> str:
        return self.source.name

    def logits(self, premises: Sequence[str], hypotheses: Sequence[str], batch_size: int = 64, progress: bool = False) -> np.ndarray:
        """Raw logits in the model's own label order, for pairs given in any order."""
        import torch

        if len(premises) != len(hypotheses):
            raise ValueError("premises and hypotheses differ in length")
        n = len(premises)
        out = np.zeros((n, self.model.config.num_labels), dtype=np.float32)
        if n == 0:
            return out
        enc = self.tokenizer(list(premises), list(hypotheses), truncation="longest_first", max_length=self.max_length)
        order = sorted(range(n), key=lambda i: len(enc["input_ids"][i]))
        batches = [order[k : k + batch_size] for k in range(0, n, batch_size)]

        def shown(it):
            if not progress:
                return it
            from rich.progress import track

            return track(it, total=len(batches), description="judging pairs")

        def forward(b: list[int]) -> np.ndarray:
            # both thread-local: entered in the thread that runs the batch
            with torch.inference_mode(), torch.autocast(self.device.type, torch.bfloat16, enabled=self.precision == "bf16"):
                feats = self.tokenizer.pad({key: [enc[key][i] for i in b] for key in enc.keys()}, return_tensors="pt")
                feats = {k: v.to(self.device) for k, v in feats.items()}
                return self.model(**feats).logits.float().cpu().numpy()

        streams = min(self.streams, len(batches))
        if streams <= 1:
            for b in shown(batches):
                out[b] = forward(b)
            return out
        from concurrent.futures import ThreadPoolExecutor

        threads = torch.get_num_threads()
        torch.set_num_threads(max(1, threads // streams))  # process-wide, so restored below
        try:
            with ThreadPoolExecutor(streams) as pool:
                for b, logits in shown(zip(batches, pool.map(forward, batches))):
                    out[b] = logits
        finally:
            torch.set_num_threads(threads)
        return out

    def predict(self, premises: Sequence[str], hypotheses: Sequence[str], batch_size: int = 64, progress: bool = False) -> np.ndarray:
        """Calibrated probabilities, shape (n, 3), columns (contradiction, entailment, neutral)."""
        z = self.logits(premises, hypotheses, batch_size, progress) / self.temperature
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        out = np.zeros((len(p), len(LABELS)), dtype=np.float32)
        for j, col in enumerate(self.columns):
            out[:, col] += p[:, j]
        return out


def combine(p_ab: float, p_ba: float, how: str = "max") -> float:
    """max, mean or min of the two directions' P(contradiction); "calibrated" needs more (`pair_score`)."""
    if how == "max":
        return max(p_ab, p_ba)
    if how == "min":
        return min(p_ab, p_ba)
    if how == "mean":
        return (p_ab + p_ba) / 2
    raise ValueError(f"combine() takes max, mean or min, not {how!r}: use pair_score for {how}")


def decide_label(mean_probs, score: float, threshold: float) -> str:
    """"contradiction" exactly when the combined score reaches the threshold; otherwise the more
    likely of entailment and neutral, so that the label never disagrees with the threshold."""
    if score >= threshold:
        return "contradiction"
    return "entailment" if mean_probs[LABELS.index("entailment")] >= mean_probs[LABELS.index("neutral")] else "neutral"


def label_probs(row: np.ndarray) -> dict:
    return {lab: round(float(v), 6) for lab, v in zip(LABELS, row)}


def judged_text(text: str, config: Config) -> str:
    """The text the NLI model sees: with `judge_content`, the claim without its attribution, so
    that "Atmar said X" and "the Pentagon says not-X" are judged as X against not-X."""
    if config.judge_content:
        from .attribution import attribute

        return attribute(text).content
    return text


def premise_text(claim: Claim, config: Config) -> str:
    """The text the model reads when `claim` is the premise: with `context`, a claim whose subject
    only earlier text resolves comes after its title and previous sentence (as a premise may be
    long; as a hypothesis, a claim stays itself)."""
    text = judged_text(claim.text, config)
    return f"{claim.context} {text}" if config.context and claim.context else text


def premise_first(text_a: str, text_b: str) -> bool:
    """Whether a is the premise of the direction judged first: the longer claim (ties broken by the
    text, so every engine picks the same). With the longer claim as premise the first direction alone
    separates what the combiner reports best (scripts/fit_combiner.py prints it)."""
    return (len(text_a), text_a) >= (len(text_b), text_b)


def reverse_needed(p_first: dict, config: Config, text_a: str, text_b: str, similarity: float = 0.0,
                   same_article: bool = False) -> bool:
    """Whether the second direction can still matter after the first gave `p_first`.

    Only the calibrated score skips it, and only where its model's combiner was fitted with a
    `reverse_margin`: the score the first direction implies on its own (standing for both) must lie
    that many logits below the threshold. Under max, mean or min both directions are always judged
    (a first direction far below 0.5 says little about the second: they correlate at 0.19 on news)."""
    config = _concrete(config)
    if config.both_directions or config.aggregate != "calibrated":
        return True
    from .combiner import load_combiner, logit

    margin = load_combiner(config.model, config.claims).reverse_margin
    if margin is None:
        return True
    alone = pair_score(p_first, p_first, config, text_a, text_b, similarity, same_article)
    return logit(alone) >= logit(config.threshold) - margin


def judge_pairs(claims: Sequence[Claim], pairs: Sequence[Pair], model: NLIModel, config: Config | None = None) -> list[Verdict]:
    """Score every pair: the first direction of all pairs in one batched pass, then the second
    direction of those where it can still matter (`reverse_needed`)."""
    config = config or Config()
    if not pairs:
        return []
    return judge_directions(claims, pairs, lambda p, h: model.predict(p, h, batch_size=config.nli_batch_size,
                                                                         progress=config.progress), config)


def judge_directions(claims: Sequence[Claim], pairs: Sequence[Pair], predict, config: Config) -> list[Verdict]:
    """`judge_pairs` with any `predict(premises, hypotheses) -> probability rows` (the Ray engine
    passes one that runs on its actors)."""
    used = {i for p in pairs for i in (p.a, p.b)}
    hyp = {i: judged_text(claims[i].text, config) for i in used}
    prem = {i: premise_text(claims[i], config) for i in used}
    # (premise, hypothesis) claim indices of each pair's first direction
    first = [(p.a, p.b) if premise_first(claims[p.a].text, claims[p.b].text) else (p.b, p.a) for p in pairs]
    probs1 = predict([prem[x] for x, _ in first], [hyp[y] for _, y in first])
    again = [i for i, (p, (x, y)) in enumerate(zip(pairs, first))
             if reverse_needed(label_probs(probs1[i]), config, claims[x].text, claims[y].text, p.similarity,
                               claims[x].article_id == claims[y].article_id)]
    probs2 = predict([prem[first[i][1]] for i in again], [hyp[first[i][0]] for i in again]) if again else []
    second = dict(zip(again, probs2))
    out = []
    for i, (p, (x, _)) in enumerate(zip(pairs, first)):
        forward, backward = probs1[i], second.get(i)
        ab, ba = (forward, backward) if x == p.a else (backward, forward)
        out.append(make_verdict(p, ab, ba, config, claims[p.a].text, claims[p.b].text,
                                claims[p.a].article_id == claims[p.b].article_id))
    return out


def fact_clash(a: str, b: str) -> bool:
    """Do the two claims give different numbers, dates or entities in the same role (nli.contrast)?"""
    from .contrast import fact_conflicts

    return bool(fact_conflicts(a, b))


def with_fact_check(score: float, clash: bool, config: Config) -> float:
    """Noisy-OR of the NLI score and a fact clash worth `fact_check_weight`: a clash raises the
    score but never decides alone below the weight, and no clash leaves it as it was."""
    if not (config.fact_check and clash):
        return score
    return 1.0 - (1.0 - score) * (1.0 - config.fact_check_weight)


def fact_checked(score: float, a: str, b: str, config: Config) -> float:
    """`score` of the pair (a, b) after the fact check; the checker runs only when it is on."""
    return with_fact_check(score, fact_clash(a, b), config) if config.fact_check else score


def apply_fact_check(scores, a: Sequence[str], b: Sequence[str], config: Config) -> tuple[np.ndarray, int]:
    """`scores` of the pairs (a[i], b[i]) after the fact check, and how many pairs clash."""
    clashes = [fact_clash(x, y) for x, y in zip(a, b)]
    out = np.array([with_fact_check(float(s), c, config) for s, c in zip(scores, clashes)])
    return out, sum(clashes)


def pair_score(p_ab: dict, p_ba: dict, config: Config, text_a: str | None = None, text_b: str | None = None,
               similarity: float = 0.0, same_article: bool = False) -> float:
    """The pair's score from both directions' probabilities (label -> p): `config.aggregate` of
    P(contradiction), or the model's combiner's P(a real contradiction); then the fact check."""
    config = _concrete(config)
    if config.aggregate == "calibrated":
        from .combiner import load_combiner

        if text_a is None or text_b is None:
            raise ValueError("the calibrated score needs both claims' texts")
        score = load_combiner(config.model, config.claims).score(text_a, text_b, p_ab, p_ba, similarity, same_article)
    else:
        score = combine(p_ab["contradiction"], p_ba["contradiction"], config.aggregate)
    if text_a is not None and text_b is not None:
        score = fact_checked(score, text_a, text_b, config)
    return score


@lru_cache(maxsize=64)
def _concrete(config: Config) -> Config:
    return resolved(config)


def make_verdict(pair: Pair, ab, ba, config: Config, text_a: str | None = None, text_b: str | None = None,
                 same_article: bool = False) -> Verdict:
    """A pair's verdict from its probability rows in both directions (a→b, b→a), one of which may be
    None (not judged: the other stands for both); with `fact_check` and both texts given, a
    number/date/entity clash raises the score."""
    config = _concrete(config)
    if ab is None and ba is None:
        raise ValueError("a verdict needs at least one direction's probabilities")
    rows = [np.asarray(x, dtype=np.float32) for x in (ab, ba) if x is not None]
    p_ab = label_probs(np.asarray(ab, dtype=np.float32)) if ab is not None else None
    p_ba = label_probs(np.asarray(ba, dtype=np.float32)) if ba is not None else None
    score = pair_score(p_ab or p_ba, p_ba or p_ab, config, text_a, text_b, pair.similarity, same_article)
    label = decide_label(sum(rows) / len(rows), score, config.threshold)
    return Verdict(pair=pair, p_ab=p_ab, p_ba=p_ba, score=round(score, 6), label=label)
