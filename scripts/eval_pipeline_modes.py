#!/usr/bin/env python
"""The issue-5 table: contradiction precision / recall / F1 of the whole tool in pair mode (both
directions, combined as the pipeline combines them, at its threshold) on labelled news sets,
before and after each addition:

- attribution: judge claims without "X said" (Config.judge_content);
- fact checker: a number, date or entity conflict found by nli.contrast (Config.fact_check);
- context: where a premise has several sentences, the pipeline would see only one of them as a
  claim. "sentence" rows judge the premise sentence most similar to the hypothesis (what
  pairing would pick) alone; "+ context" rows give it the sentence before as context when its
  subject is a pronoun or a bare "the group" (nli.claims.needs_context), as Config.context does.
  These rows cover only pairs whose premise has two or more sentences; "unresolved" counts those
  whose chosen sentence needs context (the only ones that change).

    python scripts/eval_pipeline_modes.py            # emergent/train + stanford rte2_test_negated
    python scripts/eval_pipeline_modes.py --checker-set mnli/dev_mismatched   # + the checker on MNLI
"""
import argparse
import os

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from nli.claims import claim_context, needs_context, sentences  # noqa: E402
from nli.config import Config  # noqa: E402
from nli.evaluate import contradiction_prf  # noqa: E402
from nli.judge import apply_fact_check, combine, judged_text  # noqa: E402
from nli.models import load_embedder, load_nli  # noqa: E402
from nli.nlidata import LABELS, load_pairs  # noqa: E402

SETS = ["emergent/train", "stanford_contradiction_partial/rte2_test_negated"]


def scores(model, prem: list[str], hyp_as_premise: list[str], hyp: list[str], prem_as_hyp: list[str], cfg: Config) -> np.ndarray:
    """Combined P(contradiction): premise -> hypothesis and hypothesis -> premise (each side may
    read differently as premise, e.g. with context, than as hypothesis)."""
    n, ci = len(prem), LABELS.index("contradiction")
    probs = model.predict(prem + hyp_as_premise, hyp + prem_as_hyp)
    how = cfg.aggregate if cfg.aggregate in ("max", "mean", "min") else "max"  # labelled pairs, no corpus: the model's own
    return np.array([combine(a, b, how) for a, b in zip(probs[:n, ci], probs[n:, ci])])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", action="append", dest="sets", help=f"folder/split (default: {' '.join(SETS)})")
    ap.add_argument("--checker-set", action="append", default=[], dest="checker_sets",
                    help="also score this set with and without the fact checker only (e.g. mnli/dev_mismatched)")
    ap.add_argument("--threshold", type=float, default=0.5, help="on the combined P(contradiction) (max)")
    args = ap.parse_args()
    model = load_nli("default")
    embedder = load_embedder("default")
    base = Config(aggregate="max")
    print(f"threshold {args.threshold}, aggregate {base.aggregate}, model {model.source.location}\n")
    print("| set | mode | pairs | changed | precision | recall | F1 |")
    print("|---|---|---:|---:|---:|---:|---:|")

    def row(name, mode, n, changed, s, gold):
        p, r, f = contradiction_prf(s, gold, args.threshold)
        print(f"| {name} | {mode} | {n} | {changed} | {p:.3f} | {r:.3f} | {f:.3f} |", flush=True)

    for name in args.checker_sets:
        ps = load_pairs(name)
        gold = np.array([y == "contradiction" for y in ps.labels])
        prem, hyp = list(ps.premises), list(ps.hypotheses)
        plain = scores(model, prem, hyp, hyp, prem, base)
        row(name, "NLI, whole sentences (before)", len(prem), 0, plain, gold)
        checked, hits = apply_fact_check(plain, prem, hyp, Config(fact_check=True))
        row(name, "+ fact checker", len(prem), hits, checked, gold)

    for name in args.sets or SETS:
        ps = load_pairs(name)
        gold = np.array([y == "contradiction" for y in ps.labels])
        prem, hyp = list(ps.premises), list(ps.hypotheses)
        n = len(prem)

        plain = scores(model, prem, hyp, hyp, prem, base)
        row(name, "NLI, whole sentences (before)", n, 0, plain, gold)
        cfg = Config(judge_content=True)
        jp, jh = [judged_text(x, cfg) for x in prem], [judged_text(x, cfg) for x in hyp]
        changed = sum(a != b for a, b in zip(jp + jh, prem + hyp))
        stripped = scores(model, jp, jh, jh, jp, cfg)
        row(name, "+ attribution stripped", n, changed, stripped, gold)
        checked, hits = apply_fact_check(plain, prem, hyp, Config(fact_check=True))
        row(name, "+ fact checker", n, hits, checked, gold)
        both, hits2 = apply_fact_check(stripped, prem, hyp, Config(fact_check=True))
        row(name, "+ attribution + fact checker", n, hits2, both, gold)

        # sentence level: only premises of two or more sentences
        picked = []  # (pair index, sentence, previous sentence)
        for i, text in enumerate(prem):
            spans = list(sentences(text))
            if len(spans) < 2:
                continue
            sents = [text[s:e] for s, e in spans]
            sim = embedder.encode(sents, normalize_embeddings=True) @ embedder.encode([hyp[i]], normalize_embeddings=True)[0]
            k = int(np.argmax(sim))
            picked.append((i, sents[k], sents[k - 1] if k > 0 else None))
        if not picked:
            print(f"| {name} | sentence level | 0 | - | - | - | - |")
            continue
        idx = [i for i, _, _ in picked]
        g = gold[idx]
        sent = [s for _, s, _ in picked]
        h = [hyp[i] for i in idx]
        ctx = [(claim_context(None, pv) + " " + s) if pv and needs_context(s) else s for _, s, pv in picked]
        unresolved = sum(c != s for c, s in zip(ctx, sent))
        alone = scores(model, sent, h, h, sent, base)
        row(name, "sentence alone", len(idx), 0, alone, g)
        withctx = scores(model, ctx, h, h, sent, Config(context=True))
        row(name, "sentence + context", len(idx), unresolved, withctx, g)
        mask = np.array([c != s for c, s in zip(ctx, sent)])
        if mask.any():
            row(name, "unresolved only: sentence alone", int(mask.sum()), 0, alone[mask], g[mask])
            row(name, "unresolved only: + context", int(mask.sum()), int(mask.sum()), withctx[mask], g[mask])


if __name__ == "__main__":
    main()
