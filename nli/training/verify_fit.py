"""Fit `nli verify`'s threshold for claim-versus-document checks, and measure it.

emergent/train's rumours are checked against all of its headlines, as `nli verify` runs it (top-k
10, cosine floor 0.3); a headline "disputes" its rumour when its stance is "against". The rumours
are split in two by a hash of their id: the threshold on max P(contradiction) that gives the best
F1 on the fit half is written to the model's `verify.json`, and the figures reported are those of
the other half, with the corpus run's calibrated score beside it on the same pairs. Two rules are
fitted: max P(contradiction) at the best threshold, and a logistic regression over the corpus
combiner's features (a verifier); the verifier is written.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import tempfile
from collections import defaultdict
from pathlib import Path

from .fnc1 import ROOT

EMERGENT = ROOT.parent / "shared" / "data" / "nli" / "emergent" / "train.jsonl"


def load_rumours(path: Path) -> tuple[list[str], list[tuple[str, str, set[int]]]]:
    """Distinct headlines, and per rumour (id, text, indices of its "against" headlines)."""
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    heads = list(dict.fromkeys(r["premise"] for r in rows))
    index = {h: i for i, h in enumerate(heads)}
    against, text = defaultdict(set), {}
    for r in rows:
        text[r["claim_id"]] = r["hypothesis"]
        if r["stance"] == "against":
            against[r["claim_id"]].add(index[r["premise"]])
    return heads, [(cid, text[cid], against[cid]) for cid in dict.fromkeys(r["claim_id"] for r in rows)]


def fit_half(rumour_id: str) -> bool:
    return int(hashlib.sha1(f"verify-fit:{rumour_id}".encode()).hexdigest()[:8], 16) % 2 == 0


def collect(model: str, path: Path) -> tuple[list[dict], dict[str, int]]:
    """Every retrieved (rumour, headline) pair with both directions' probabilities, and each rumour's
    number of "against" headlines."""
    import nli

    heads, rumours = load_rumours(path)
    det = nli.Detector(model=model, min_similarity=0.3, aggregate="max", threshold=0.0)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "emergent_headlines.jsonl"
        corpus.write_text("".join(json.dumps({"id": f"h{i}", "text": h}) + "\n" for i, h in enumerate(heads)), encoding="utf-8")
        results = nli.verify([t for _, t, _ in rumours], [str(corpus)], detector=det, top_k=10)
    out = []
    for (cid, text, against), v in zip(rumours, results):
        for e in v.evidence:
            h = int(e.claim.article_id[1:])
            out.append({"rumour": cid, "query": text, "headline": h, "claim": e.claim.text, "similarity": e.similarity,
                        "against": h in against, "p_cq": e.p_corpus_to_query, "p_qc": e.p_query_to_corpus})
    return out, {cid: len(against) for cid, _, against in rumours}


def figures(pairs: list[dict], n_against: int, score, threshold: float) -> dict:
    """Precision and recall of "disputes" per (rumour, headline): a headline is flagged when any of its
    claims reaches the threshold."""
    flagged = {(p["rumour"], p["headline"]) for p in pairs if score(p) >= threshold}
    hit = {(p["rumour"], p["headline"]) for p in pairs if p["against"]} & flagged
    prec = len(hit) / len(flagged) if flagged else 0.0
    rec = len(hit) / n_against if n_against else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"flagged": len(flagged), "true": len(hit), "precision": round(prec, 3), "recall": round(rec, 3), "f1": round(f1, 3)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="default", help="NLI model (default: the shipped one)")
    ap.add_argument("--data", type=Path, default=EMERGENT)
    ap.add_argument("--write", action="store_true", help="write the fitted threshold to the model's verify.json")
    args = ap.parse_args(argv)
    if not args.data.is_file():
        raise SystemExit(f"{args.data}: emergent/train not found (clone beside ../shared or pass --data)")
    from ..combiner import load_combiner
    from ..judge import combine
    from ..models import resolve_nli
    from ..verify import VERIFY_FILE

    pairs, n_against = collect(args.model, args.data)
    fit = [p for p in pairs if fit_half(p["rumour"])]
    test = [p for p in pairs if not fit_half(p["rumour"])]
    n_fit = sum(n for cid, n in n_against.items() if fit_half(cid))
    n_test = sum(n for cid, n in n_against.items() if not fit_half(cid))
    max_score = lambda p: combine(p["p_cq"]["contradiction"], p["p_qc"]["contradiction"], "max")  # noqa: E731
    grid = [round(0.05 * i, 2) for i in range(1, 20)]
    best = max(grid, key=lambda t: (figures(fit, n_fit, max_score, t)["f1"], t))
    # a logistic regression over the corpus combiner's features, fitted for this use: its base rate is
    # that of claims checked against what was retrieved for them
    verifier = fit_verifier(fit)
    v_score = lambda p: verifier.score(p["claim"], p["query"], p["p_cq"], p["p_qc"], p["similarity"], False)  # noqa: E731
    v_best = max([round(0.02 * i, 2) for i in range(1, 45)], key=lambda t: (figures(fit, n_fit, v_score, t)["f1"], t))
    rows = [("verifier (logistic regression), fitted", v_best, figures(test, n_test, v_score, v_best)),
            ("max P(contradiction), fitted", best, figures(test, n_test, max_score, best)),
            ("max P(contradiction)", 0.5, figures(test, n_test, max_score, 0.5))]
    comb = load_combiner(args.model)
    if comb is not None:
        cal = lambda p: comb.score(p["claim"], p["query"], p["p_cq"], p["p_qc"], p["similarity"], False)  # noqa: E731
        rows.insert(0, ("calibrated corpus score (before)", comb.threshold, figures(test, n_test, cal, comb.threshold)))
    print(f"model {args.model}; emergent/train, test half: {len({p['rumour'] for p in test})} rumours, {n_test} 'against' headlines")
    print("| rule | threshold | flagged | true | precision | recall | F1 |\n|---|---:|---:|---:|---:|---:|---:|")
    for name, t, f in rows:
        print(f"| {name} | {t} | {f['flagged']} | {f['true']} | {f['precision']:.3f} | {f['recall']:.3f} | {f['f1']:.3f} |")
    if args.write:
        from dataclasses import replace

        dest = Path(resolve_nli(args.model).location) / VERIFY_FILE
        doc = {**replace(verifier, threshold=v_best).to_dict(),
               "fitted_on": "emergent/train rumours against all its headlines, the fit half (nli.training.verify_fit)",
               "test_half": rows[-3][2], "command": "python scripts/fit_verify.py --write"
                                                    + ("" if args.model == "default" else f" --model {args.model}")}
        dest.write_text(json.dumps(doc, indent=1) + "\n")
        print(f"wrote {dest}")
    return 0


def fit_verifier(pairs: list[dict]):
    """A Combiner over `pair_features`, fitted on (claim, retrieved document claim) pairs: 1 where the
    document disputes the claim."""
    import numpy as np

    from ..combiner import Combiner, pair_features
    from .combiner_fit import fit_arrays

    names = tuple(pair_features("a", "b", {"contradiction": .5, "entailment": .25, "neutral": .25},
                                {"contradiction": .5, "entailment": .25, "neutral": .25}, 0.5, False))
    names = tuple(n for n in names if n != "same_article")  # always False here
    feats = [pair_features(p["claim"], p["query"], p["p_cq"], p["p_qc"], p["similarity"], False) for p in pairs]
    x = np.array([[f[n] for n in names] for f in feats])
    y = np.array([int(p["against"]) for p in pairs])
    mean, scale, coef, b = fit_arrays(x, y)
    return Combiner(names, tuple(mean.tolist()), tuple(scale.tolist()), tuple(coef.tolist()), b, 0.5)
