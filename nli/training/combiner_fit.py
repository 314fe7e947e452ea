"""Fit the judge's combiner (nli/combiner.py): a logistic regression that turns both directions'
probabilities, the claims' similarity and their cue words into P(a real contradiction).

Training pairs: every judged pair of the batch runs of FNC-1 quarters 0 and 1
(`scripts/make_filter_data.py`; dev-split articles of scripts/make_news_pairs.py left out, since
scripts/news_gold.py tests on them), with the probabilities those runs cached:

* the pairs labelled blind by helpers (`--labels`: contradiction -> 1; compatible, same,
  not_contradiction -> 0; unclear left out), nearly all of them pairs the judge reported;
* `--below` pairs drawn at random from those the judge scored below 0.5 both ways, taken as not
  contradictions (unlabelled: a real contradiction the judge misses that badly is rare).

Each labelled pair stands for its share of the stratum it was drawn from (weights), so the fitted
probability is calibrated on all judged pairs, not on the labelled mix. Strata: the pairs reported at
max >= 0.5 (a labelled sample) and the unreported pairs; with `--census` also the census, every pair
the shipped combiner (`data/labels/combiner_census_ref.json`) scores at least 0.02, all labelled
(`news_census_labels.jsonl` completes the earlier files). The census refit scored within noise of the
shipped fit on the blind gold, so the shipped combiner is the fit without it. The default threshold
maximises F1 on the 5-fold cross-validated predictions. `reverse_margin` lets the pipeline skip a
pair's second direction where its first leaves it far below the threshold: the smallest margin that
keeps `--keep` of the fit pairs' reports, checked on the dev-split pairs of the same runs.

    python scripts/make_filter_data.py --out runs/filter_bf16 --precision bf16   # once, ~22 min
    python scripts/fit_combiner.py --compare                  # feature sets side by side (cross-validated)
    python scripts/fit_combiner.py --out models/nli-minilm-l6-h384   # writes combiner.json there
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

from .fnc1 import article_split

ROOT = Path(__file__).resolve().parents[2]  # the checkout
DATA = ROOT / "data" / "labels"
LABELS = [DATA / "news_hardneg_labels.jsonl", DATA / "news_reported_labels.jsonl"]
CENSUS_LABELS = DATA / "news_census_labels.jsonl"  # every remaining pair the shipped combiner scores >= 0.02
CENSUS_REF = DATA / "combiner_census_ref.json"  # the combiner whose scores chose the census stratum (the shipped fit)
RUNS = [ROOT / "runs" / "filter_bf16" / "q0" / "run", ROOT / "runs" / "filter_bf16" / "q1" / "run"]
TARGET = {"contradiction": 1, "compatible": 0, "same": 0, "not_contradiction": 0}
PROBS = ("contradiction_max", "contradiction_min", "entailment_max", "entailment_min", "neutral_max")
CUES = ("cue_one_side", "contrast_numeric", "contrast_date", "contrast_entity", "contrast_negation", "contrast_antonym")
FEATURE_SETS = {
    "max only": ("contradiction_max",),
    "both directions": PROBS,
    "+ similarity": PROBS + ("similarity", "word_overlap"),
    "+ contrast cues": PROBS + ("similarity", "word_overlap") + CUES,
    "+ debunk words, same article, length": PROBS + ("similarity", "word_overlap") + CUES
    + ("debunk_one_side", "debunk_any", "same_article", "length_ratio"),
}
# the contrast checker's types (numbers, dates, names, …) are rare among a quarter's labelled pairs: fitted
# on a handful of rows, a standardised weight can swing a pair that has one by several logits
FEATURE_SETS["the same without the contrast types"] = tuple(
    f for f in FEATURE_SETS["+ debunk words, same article, length"] if not f.startswith("contrast_"))
DEFAULT_SET = "the same without the contrast types"


def judged_pairs(run_dir: Path) -> list[dict]:
    """Every judged pair of a batch run: ids, texts, similarity and both directions' probabilities."""
    from ..batch import BatchRun
    from ..config import Config
    from ..nlidata import LABELS as ORDER

    opts = json.loads((run_dir / "run.json").read_text())
    run = BatchRun(run_dir, Config().with_options(**opts))
    claims, keys = run.claims()
    pairs = run.candidates(claims)
    out = []
    for p, got in zip(pairs, run.cached_probabilities(claims, keys, pairs)):
        if got is None or got[0] is None or got[1] is None:  # dropped by the run's pair filter, or judged one way
            continue
        a, b = claims[p.a], claims[p.b]
        out.append({"id": f"{a.id}|{b.id}", "sentences": f"{a.sentence_id}|{b.sentence_id}",
                    "a": a.text, "b": b.text, "sentence_a": a.sentence_text, "sentence_b": b.sentence_text,
                    "similarity": p.similarity,
                    "same_article": a.article_id == b.article_id,
                    "p_ab": dict(zip(ORDER, map(float, got[0]))), "p_ba": dict(zip(ORDER, map(float, got[1])))})
    return out


def population(runs: list[Path]) -> tuple[list[dict], list[dict]]:
    """The judged pairs of `runs`, read once: (those whose claims both lie outside the dev split, those
    whose claims both lie inside it), pairs of two same-text claims left out."""
    def in_dev(cid: str) -> bool:
        return article_split(cid.rsplit("#", 1)[0], 0.1) == "dev"

    def same_text(a: str, b: str) -> bool:
        # the pairing rule of the runs it was fitted on: case and spacing aside. The pipeline
        # now also leaves out copies that differ in punctuation, and restatements (nli.pairs); the fit keeps
        # its population, so that the shipped combiner.json reproduces.
        norm = lambda t: " ".join(t.casefold().replace("’", "'").replace("“", '"').replace("”", '"').split())  # noqa: E731
        return norm(a) == norm(b)

    rows = [r for run in runs for r in judged_pairs(run) if not same_text(r["a"], r["b"])]
    dev = [[in_dev(c) for c in r["id"].split("|")] for r in rows]
    return [r for r, d in zip(rows, dev) if not any(d)], [r for r, d in zip(rows, dev) if all(d)]


def one_way_scores(fitted, rows: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """(full, alone): each pair's calibrated score from both directions, and from its first direction
    alone standing for both (what nli.judge.reverse_needed looks at), as logits."""
    from ..combiner import logit
    from ..judge import premise_first

    full, alone = [], []
    for r in rows:
        args = (r["a"], r["b"])
        p1 = r["p_ab"] if premise_first(*args) else r["p_ba"]
        full.append(logit(fitted.score(*args, r["p_ab"], r["p_ba"], r["similarity"], r["same_article"])))
        alone.append(logit(fitted.score(*args, p1, p1, r["similarity"], r["same_article"])))
    return np.array(full), np.array(alone)


def reverse_margin(fitted, rows: list[dict], dev_rows: list[dict], keep: float) -> float:
    """The smallest margin (logits below the threshold) at which skipping the second direction keeps
    `keep` of the pairs `rows` report; prints what it skips and keeps there and on `dev_rows`."""
    from ..combiner import logit

    cut = logit(fitted.threshold)
    full, alone = one_way_scores(fitted, rows)
    margin = max(0.0, float(cut - np.quantile(alone[full >= cut], 1 - keep)))
    print(f"\nSecond direction judged only within {margin:.2f} logits of the threshold (keeps {keep:.1%} of the fit pairs' reports):\n")
    print("| pairs | judged | reported (both directions) | second direction skipped | reports kept |")
    print("|---|---:|---:|---:|---:|")
    for name, (f, a) in (("fit (outside the dev split)", (full, alone)), ("dev split (held out)", one_way_scores(fitted, dev_rows))):
        skip, rep = a < cut - margin, f >= cut
        print(f"| {name} | {len(f)} | {int(rep.sum())} | {skip.mean():.1%} | {int((rep & ~skip).sum())} ({(rep & ~skip).sum() / max(1, rep.sum()):.1%}) |")
    return round(margin, 4)


def claim_labels(rows: list[dict], labels: dict[str, int]) -> tuple[dict[str, int], set[str]]:
    """Labels name pairs of sentences; runs over atomic claims judge pairs of the claims inside them.
    A pair of sentences that do not contradict holds no contradicting pair of claims: each is a 0. Of
    a contradicting pair of sentences, the pair of claims the judge finds most contradictory is the
    1, and the others are left out (unknown). Returns (labels by claim-pair id, ids left out); with
    one claim per sentence it is the identity."""
    groups: dict[str, list[dict]] = {}
    for r in rows:
        groups.setdefault(r["sentences"], []).append(r)
    out, unknown = {}, set()
    for sid, label in labels.items():
        got = groups.get(sid, [])
        if not got:
            continue
        if label == 0:
            out.update({r["id"]: 0 for r in got})
            continue
        best = max(got, key=lambda r: max(r["p_ab"]["contradiction"], r["p_ba"]["contradiction"]))
        out[best["id"]] = 1
        unknown |= {r["id"] for r in got if r is not best}
    return out, unknown


def sample_reported(rows: list[dict], n: int, seed: int, out: Path) -> dict:
    """Draw `n` of the reported pairs (max >= 0.5) uniformly and write them for blind labelling: ids,
    the two claims and the sentences they come from, shuffled, without scores. Labelling pairs of
    atomic claims directly keeps the reported stratum an unbiased sample (sentence labels mapped onto
    claims cover only the pairs a sentence-level run reported)."""
    import random

    pool = sorted((r for r in rows if reported(r)), key=lambda r: r["id"])
    picked = random.Random(seed).sample(pool, min(n, len(pool)))
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as f:
        for r in picked:
            f.write(json.dumps({"id": r["id"], "claim_a": r["a"], "sentence_a": r["sentence_a"],
                                "claim_b": r["b"], "sentence_b": r["sentence_b"]}, ensure_ascii=False) + "\n")
    return {"reported": len(pool), "sampled": len(picked), "out": str(out)}


def reported(r: dict) -> bool:
    return max(r["p_ab"]["contradiction"], r["p_ba"]["contradiction"]) >= 0.5


def training_set(rows: list[dict], labels: dict[str, int], below: int, seed: int, census: frozenset[str] = frozenset()):
    """(rows, y, weight): the labelled pairs and a sample of the unlabelled unreported ones, each
    weighted up to the stratum it was drawn from: `census` (ids of a stratum labelled whole), the other
    reported pairs (a labelled sample) and the other unreported pairs (labelled ones plus `below`
    unlabelled ones taken as not contradictions)."""
    from collections import Counter

    def stratum(r: dict) -> str:
        return "census" if r["id"] in census else ("reported" if reported(r) else "below")

    labelled = [r for r in rows if r["id"] in labels]
    rest_below = [r for r in rows if r["id"] not in labels and stratum(r) == "below"]
    rng = np.random.default_rng(seed)
    sample = [rest_below[i] for i in rng.choice(len(rest_below), min(below, len(rest_below)), replace=False)]
    data = labelled + sample
    size, drawn = Counter(map(stratum, rows)), Counter(map(stratum, data))
    y = np.array([labels[r["id"]] for r in labelled] + [0] * len(sample))
    w = np.array([size[s] / drawn[s] for s in map(stratum, data)])
    return data, y, w


def census_ids(rows: list[dict], ref: Path, floor: float) -> frozenset[str]:
    """Ids of the pairs that the reference combiner `ref` scores at least `floor`: the stratum whose
    every pair was labelled."""
    from ..combiner import Combiner

    comb = Combiner.load(ref)
    return frozenset(r["id"] for r in rows if comb.score(r["a"], r["b"], r["p_ab"], r["p_ba"], r["similarity"], r["same_article"]) >= floor)


def matrix(rows: list[dict], names) -> np.ndarray:
    from ..combiner import pair_features

    feats = [pair_features(r["a"], r["b"], r["p_ab"], r["p_ba"], r["similarity"], r["same_article"]) for r in rows]
    return np.array([[f[n] for n in names] for f in feats], dtype=float)


def fit_arrays(x: np.ndarray, y: np.ndarray, weight: np.ndarray | None = None, c: float = 1.0):
    """(mean, scale, coef, intercept) of an L2 logistic regression on standardised `x`."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=c, max_iter=5000).fit((x - mean) / scale, y, sample_weight=weight)
    return mean, scale, lr.coef_[0], float(lr.intercept_[0])


def cross_validated(x: np.ndarray, y: np.ndarray, w: np.ndarray, c: float, seed: int) -> np.ndarray:
    from sklearn.model_selection import StratifiedKFold

    out = np.zeros(len(y))
    for tr, te in StratifiedKFold(5, shuffle=True, random_state=seed).split(x, y):
        mean, scale, coef, b = fit_arrays(x[tr], y[tr], w[tr], c)
        out[te] = 1 / (1 + np.exp(-(((x[te] - mean) / scale) @ coef + b)))
    return out


def _weighted_hits(p: np.ndarray, y: np.ndarray, w: np.ndarray, t: float) -> tuple[float, float]:
    """Weighted true and false positives when the pairs scoring at least `t` are called contradictions."""
    hit = p >= t
    return (w * y * hit).sum(), (w * (1 - y) * hit).sum()


def best_threshold(p: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[float, float, float, float]:
    """(threshold, precision, recall, F1) with the best weighted F1."""
    best = (0.5, 0.0, 0.0, 0.0)
    pos = (w * y).sum()
    for t in np.round(np.arange(0.02, 0.9, 0.01), 2):
        tp, fp = _weighted_hits(p, y, w, t)
        if tp == 0:
            continue
        prec, rec = tp / (tp + fp), tp / pos
        f1 = 2 * prec * rec / (prec + rec)
        if f1 > best[3]:
            best = (float(t), float(prec), float(rec), float(f1))
    return best


def threshold_for_precision(p: np.ndarray, y: np.ndarray, w: np.ndarray, target: float) -> tuple[float, float]:
    """(threshold, precision): the lowest threshold on a 0.1 grid whose weighted precision reaches
    `target` (a default a reader can trust, chosen on the fit data, not on the articles it is
    measured on); the grid's top when none does."""
    for t in np.round(np.arange(0.1, 0.95, 0.1), 1):
        tp, fp = _weighted_hits(p, y, w, t)
        if tp + fp > 0 and tp / (tp + fp) >= target:
            return float(t), float(tp / (tp + fp))
    return 0.9, float("nan")


def main(argv=None) -> int:
    from sklearn.metrics import roc_auc_score

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=Path, nargs="+", default=RUNS, help="batch runs whose cached verdicts to use")
    ap.add_argument("--labels", type=Path, nargs="*", default=LABELS, help="labels of sentence pairs (mapped onto claim pairs)")
    ap.add_argument("--claim-labels", type=Path, nargs="*", default=[],
                    help="labels of pairs of atomic claims, by claim-pair id, used as they are")
    ap.add_argument("--sample", type=int, help="write this many reported pairs for blind labelling (--blind) and stop")
    ap.add_argument("--blind", type=Path, default=ROOT / "runs" / "combiner_labels" / "blind.jsonl")
    ap.add_argument("--below", type=int, default=20_000, help="unreported pairs to add as not contradictions")
    ap.add_argument("--census", action="store_true",
                    help=f"add {CENSUS_LABELS.name} and weight its stratum as labelled whole (measured no better on the gold: README)")
    ap.add_argument("--census-ref", type=Path, default=CENSUS_REF, help="combiner whose scores define the census stratum")
    ap.add_argument("--census-min", type=float, default=0.02, help="pairs the --census-ref combiner scores at least this were all labelled")
    ap.add_argument("--c", type=float, default=1.0, help="inverse L2 strength")
    ap.add_argument("--features", default=DEFAULT_SET, choices=list(FEATURE_SETS))
    ap.add_argument("--compare", action="store_true", help="cross-validate every feature set, write nothing")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threshold", type=float,
                    help="the default threshold to write (default: the cross-validated F1 one); chosen end to end, see docs/quality.md")
    ap.add_argument("--target-precision", type=float,
                    help="write the lowest threshold (0.1 grid) whose cross-validated precision on the fit pairs reaches this")
    ap.add_argument("--out", type=Path, help="model directory to write combiner.json into")
    ap.add_argument("--keep", type=float, default=0.995,
                    help="share of the fit pairs' reports the one-way skip must keep (sets reverse_margin)")
    args = ap.parse_args(argv)
    for run in args.runs:
        if not (run / "run.json").is_file():
            raise SystemExit(f"{run}: no batch run here; make it with scripts/make_filter_data.py --out runs/filter_bf16 --precision bf16")

    if args.census and CENSUS_LABELS not in args.labels:
        args.labels = [*args.labels, CENSUS_LABELS]
    def read(paths):
        out = {}
        for path in paths:
            for line in path.open():
                r = json.loads(line)
                if r["label"] in TARGET:
                    out[r["id"]] = TARGET[r["label"]]
        return out

    labels, direct = read(args.labels), read(args.claim_labels)
    rows, dev_rows = population(args.runs)
    if args.sample:
        print(json.dumps(sample_reported(rows, args.sample, args.seed, args.blind)))
        return 0
    ids = {r["sentences"] for r in rows}
    if missing := sum(i not in ids for i in labels):  # e.g. pairs the bf16 embeddings did not make candidates
        print(f"{missing} of {len(labels)} labelled pairs are not judged pairs of these runs: left out")
    labels, unknown = claim_labels(rows, labels)
    judged = {r["id"] for r in rows}
    if missing := sum(i not in judged for i in direct):
        print(f"{missing} of {len(direct)} labelled claim pairs are not judged pairs of these runs: left out")
    labels.update(direct)
    unknown -= set(direct)
    rows = [r for r in rows if r["id"] not in unknown]
    census = census_ids(rows, args.census_ref, args.census_min) if args.census else frozenset()
    if census:
        done = sum(i in labels for i in census)
        print(f"census stratum ({args.census_ref.name} >= {args.census_min}): {len(census)} pairs, {done} labelled "
              f"contradiction or not ({len(census) - done} unclear or unlabelled)")
    data, y, w = training_set(rows, labels, args.below, args.seed, census)
    rep = np.array([reported(r) for r in data])
    print(f"{len(rows)} judged pairs ({sum(map(reported, rows))} reported at max >= 0.5); training on "
          f"{int((w > 0).sum())}: {len(data) - args.below} labelled ({int(y.sum())} contradictions), "
          f"{args.below} unreported as not contradictions")

    sets = FEATURE_SETS if args.compare else {args.features: FEATURE_SETS[args.features]}
    print("\n| features | CV ROC-AUC within reported labelled pairs | CV threshold | precision | recall | F1 |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, names in sets.items():
        x = matrix(data, names)
        p = cross_validated(x, y, w, args.c, args.seed)
        t, prec, rec, f1 = best_threshold(p, y, w)
        print(f"| {name} | {roc_auc_score(y[rep], p[rep]):.3f} | {t:.2f} | {prec:.3f} | {rec:.3f} | {f1:.3f} |")
    chosen = None
    if args.target_precision is not None:
        chosen = threshold_for_precision(p, y, w, args.target_precision)
        print(f"\nlowest threshold with cross-validated precision >= {args.target_precision} ({name}): {chosen[0]:.1f} "
              f"(precision {chosen[1]:.3f})")
    if args.compare or not args.out:
        return 0

    from ..combiner import Combiner, combiner_file

    mean, scale, coef, b = fit_arrays(x, y, w, args.c)
    fitted = Combiner(tuple(names), tuple(mean.tolist()), tuple(scale.tolist()), tuple(coef.tolist()), b,
                      args.threshold if args.threshold is not None else chosen[0] if chosen else t)
    margin = reverse_margin(fitted, rows, dev_rows, args.keep)
    fitted = replace(fitted, reverse_margin=margin)
    run_cfg = json.loads((args.runs[0] / "run.json").read_text())
    doc = {
        **fitted.to_dict(),
        "fitted_on": {
            "probabilities": f"cached verdicts of {', '.join(str(r.resolve().relative_to(ROOT)) for r in args.runs)} "
                             f"(model {run_cfg.get('model', 'default')}, precision {run_cfg.get('precision', 'fp32')})",
            "labels": [str(p.resolve().relative_to(ROOT)) for p in [*args.labels, *args.claim_labels]],
            "labelled_pairs": len(data) - args.below, "contradictions": int(y.sum()), "unreported_sample": args.below,
            "census": None if not census else {"reference": str(args.census_ref.relative_to(ROOT)), "min": args.census_min,
                                               "pairs": len(census)},
            "cv": {"threshold": t, "precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4)},
            **({"target_precision": {"target": args.target_precision, "threshold": chosen[0], "cv_precision": round(chosen[1], 4)}}
               if chosen else {}),
            "command": "python scripts/fit_combiner.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        },
    }
    name = combiner_file(run_cfg.get("claims", "sentence"))  # the runs' claim unit decides which file
    (args.out / name).write_text(json.dumps(doc, indent=1) + "\n")
    print(f"\n{args.out / name}: threshold {fitted.threshold:.2f}; weights " +
          ", ".join(f"{n} {c:+.2f}" for n, c in zip(names, coef)))
    return 0
