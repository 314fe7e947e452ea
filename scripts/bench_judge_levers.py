#!/usr/bin/env python
"""What could make the judge stage cheaper, measured on the first N FNC-1 articles.

The judge stage runs at the NLI model's own forward rate (scripts/bench_batch.py), so a faster
batch run needs fewer inferences or more of them per second. This script measures each lever
against the default configuration (top-k 5, floor `Config.min_similarity`, both directions):

1. Fewer neighbours: candidate pairs and contradictions found (combined score >= threshold) with
   top-k 3, 4, 6, 8, as a share of top-k 5's.
2. A higher similarity floor: the same for floors 0.5 and 0.55.
3. A direction cascade: judge a -> b, and b -> a only when P(contradiction | a -> b) >= t;
   inferences needed and contradictions kept, for t = 0.05, 0.1, 0.2. Also the correlation of
   the two directions' P(contradiction).
4. Near-duplicate claims: candidate pairs left when claims with cosine >= 0.95 are merged.
5. Parallelism: one batch at a time with two torch threads against two batches at once with one
   thread each (`NLIModel.streams`), on 2,000 directional pairs spread over the candidates;
   best of two alternated timings each.

All pairs up to top-k 8 are judged once (both directions), and the variants are read off them.

    python scripts/bench_judge_levers.py --n 300
"""
from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np  # noqa: E402

from nli.bench import CORPUS, first_articles  # noqa: E402

MAX_K = 8


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=300, help="articles")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--quantize", action="store_true", help="judge with the int8 model")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()

    import nli
    from nli.claims import extract_all
    from nli.judge import combine, judged_text, premise_text
    from nli.nlidata import LABELS
    from nli.pairs import _exact

    det = nli.Detector(quantize=args.quantize, aggregate="max")  # levers on the judge's own P(contradiction)
    cfg = det.config
    articles = first_articles(args.corpus, args.n)
    claims = extract_all(articles, cfg)
    emb = det.embedder.encode([c.text for c in claims])
    sims, nbrs = _exact(emb, MAX_K)
    found: dict[tuple[int, int], list] = {}  # (a, b) -> [similarity, best neighbour rank]
    for i in range(len(claims)):
        for r, (s, j) in enumerate(zip(sims[i], nbrs[i])):
            if s < cfg.min_similarity:
                break
            key = (min(i, int(j)), max(i, int(j)))
            entry = found.setdefault(key, [float(s), r])
            entry[1] = min(entry[1], r)
    keys = sorted(found)
    sim = np.array([found[k][0] for k in keys])
    rank = np.array([found[k][1] for k in keys])
    premises = [premise_text(claims[a], cfg) for a, _ in keys] + [premise_text(claims[b], cfg) for _, b in keys]
    hypotheses = [judged_text(claims[b].text, cfg) for _, b in keys] + [judged_text(claims[a].text, cfg) for a, _ in keys]
    t = time.perf_counter()
    probs = det.nli.predict(premises, hypotheses, batch_size=cfg.nli_batch_size)
    judge_s = time.perf_counter() - t
    ci, m = LABELS.index("contradiction"), len(keys)
    ab, ba = probs[:m, ci], probs[m:, ci]
    score = np.array([combine(float(x), float(y), cfg.aggregate) for x, y in zip(ab, ba)])
    hit = score >= cfg.threshold
    base = rank < cfg.top_k
    n_base, c_base = int(base.sum()), int((base & hit).sum())
    out = {"articles": len(articles), "claims": len(claims), "pairs": n_base, "contradictions": c_base,
           "judge_s_all_k8": round(judge_s, 1), "direction_correlation": round(float(np.corrcoef(ab[base], ba[base])[0, 1]), 3)}

    rows = []
    for k in (3, 4, 5, 6, 8):
        sel = rank < k
        rows.append({"lever": f"top-k {k}", "pairs": round(sel.sum() / n_base, 3), "inferences": round(sel.sum() / n_base, 3),
                     "contradictions kept": round((sel & hit & base).sum() / max(1, c_base), 3),
                     "contradictions found": round((sel & hit).sum() / max(1, c_base), 3)})
    for floor in (0.5, 0.55):
        sel = base & (sim >= floor)
        rows.append({"lever": f"floor {floor}", "pairs": round(sel.sum() / n_base, 3), "inferences": round(sel.sum() / n_base, 3),
                     "contradictions kept": round((sel & hit).sum() / max(1, c_base), 3)})
    for t in (0.05, 0.1, 0.2):
        second = base & (ab >= t)
        kept = base & hit & (ab >= t)  # below t the reverse is never judged, so only a -> b could find it
        kept |= base & (ab < t) & (ab >= cfg.threshold)
        rows.append({"lever": f"cascade t={t}", "pairs": 1.0, "inferences": round((n_base + second.sum()) / (2 * n_base), 3),
                     "contradictions kept": round(kept.sum() / max(1, c_base), 3)})
    # near-duplicates: union claims whose cosine >= 0.95, count candidate pairs between distinct groups
    parent = list(range(len(claims)))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i in range(len(claims)):
        for s, j in zip(sims[i], nbrs[i]):
            if s >= 0.95:
                parent[root(i)] = root(int(j))
    merged = {tuple(sorted((root(a), root(b)))) for (a, b), r in zip(keys, rank) if r < cfg.top_k and root(a) != root(b)}
    rows.append({"lever": "merge near-duplicates (cos >= 0.95)", "pairs": round(len(merged) / n_base, 3),
                 "inferences": round(len(merged) / n_base, 3), "contradictions kept": None})

    spread = np.linspace(0, m - 1, min(m, 1000)).astype(int)  # 1,000 pairs, both directions
    p = [premises[i] for i in spread] + [premises[m + i] for i in spread]
    h = [hypotheses[i] for i in spread] + [hypotheses[m + i] for i in spread]
    seconds: dict[int, list[float]] = {1: [], 2: []}
    for streams in (1, 2, 1, 2):  # alternated, so that drift in the machine's speed hits both
        det.nli.streams = streams
        t = time.perf_counter()
        det.nli.logits(p, h, batch_size=cfg.nli_batch_size)
        seconds[streams].append(time.perf_counter() - t)
    one, two = min(seconds[1]), min(seconds[2])
    out["one_batch_2_threads_per_s"] = round(len(p) / one, 1)
    out["two_batches_1_thread_each_per_s"] = round(len(p) / two, 1)
    rows.append({"lever": "2 batches at once, 1 thread each (now the CPU default)", "pairs": 1.0,
                 "inferences": round(two / one, 3), "contradictions kept": 1.0})
    out["levers"] = rows

    print(f"{out['articles']} articles, {out['claims']} claims, {n_base} candidate pairs (top-k {cfg.top_k}, floor "
          f"{cfg.min_similarity}), {c_base} contradictions at {cfg.threshold}; correlation of the two directions' "
          f"P(contradiction): {out['direction_correlation']}\n")
    print("| lever | pairs | judge time | contradictions kept |")
    print("|---|---:|---:|---:|")
    for r in rows:
        kept = "-" if r["contradictions kept"] is None else r["contradictions kept"]
        print(f"| {r['lever']} | {r['pairs']} | {r['inferences']} | {kept} |")
    print("\nShares of the default's (top-k 5, both directions). 'judge time' is inferences, or for the process split the "
          f"measured time ({out['one_batch_2_threads_per_s']} vs {out['two_batches_1_thread_each_per_s']} inferences/s). "
          "More neighbours find more, so top-k 6 and 8 keep all of top-k 5's and add their own.")
    if args.json:
        args.json.write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
