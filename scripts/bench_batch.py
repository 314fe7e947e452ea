#!/usr/bin/env python
"""Benchmark batch runs (nli.batch.BatchRun) on the first N articles of the FNC-1 corpus.

Measures, and prints as markdown tables:

1. Per N (`--n`): a fresh BatchRun on a temporary JSONL of the first N articles, in its own
   spawned process so that the peak RSS (getrusage ru_maxrss) belongs to that N alone. Reported:
   articles, claims, candidate pairs, pairs per claim, seconds per stage (claims, embed, pair,
   judge) and in all, claims/s, NLI pairs/s (directional inferences / judge seconds: each pair
   once, plus the second directions needed), RSS once the models are loaded and at its peak. With
   `--reverse-check` the run directory is then rerun with both directions, which judges only the
   second directions the run skipped, and the two reports are compared.
2. Per N, in the same process right after the run: the ceiling, i.e. the raw batched forward
   rate of the NLI model (`NLIModel.logits`, batch size `Config.nli_batch_size`) on the same
   candidate pairs in both directions, and the judge stage's rate as a percentage of it (the
   rest goes to batching per part, Parquet writes, caches and verdict building).
3. Once: the int8 dynamically quantised NLI model against the normal one on the first
   `--quant-limit` pairs of mnli/dev_mismatched (nli.evaluate.evaluate): accuracy, contradiction
   F1, pairs/s, the speed-up and the accuracy change.
4. Once, on the first `--naive-n` articles: judging all n(n-1)/2 unordered claim pairs against
   our candidate pairs. All pairs are too many to judge on a CPU, so a uniform random sample of
   `--naive-sample` of them is judged (both directions, combined as nli.judge.combine does); its
   time is extrapolated to all pairs, and the share of its contradictions (combined
   P(contradiction) >= Config.threshold) that are candidate pairs estimates the pairing stage's
   recall, with a 95% Wilson interval. Assumes the default scope "all" (every pair may be one).

With a pair filter (`--pair-filter`, default: Config's), step 1 also says what it cost: the pairs the
filter dropped are too many to judge, so a uniform sample of them (`--dropped-sample`) is judged and
its report rate extrapolated to estimate the share of the full judge's reported pairs the run kept,
over all pairs and over pairs of FNC-1 quarters the filter never saw (scripts/make_filter_data.py).

Claims, embeddings, candidate pairs and thresholds come from the default Detector's Config,
as in the pipeline. `--quant-limit 0` or `--naive-n 0` skips step 3 or 4.

    python scripts/bench_batch.py                                   # N = 100 300 1000 1683
    python scripts/bench_batch.py --n 1683 --precision bf16 --pair-filter default --quant-limit 0 --naive-n 0
    python scripts/bench_batch.py --n 100 --quant-limit 500 --naive-n 50 --json bench_batch.json
    python scripts/bench_batch.py --n 100 --engine ray --quant-limit 0 --naive-n 0   # the Ray engine
"""
from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from nli.bench import CORPUS, first_articles, loaded_detector, machine as machine_info, table, wilson  # noqa: E402

QUANT_SET = "mnli/dev_mismatched"


def _peak_rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)  # bytes on macOS, KiB on Linux


def _in_subprocess(fn, *args):
    """fn(*args) in a fresh spawned process, so that memory and model state never carry over."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(fn, args)


# -- 1 + 2: one batch run per N --------------------------------------------------------------


def measure_batch(n: int, corpus: str, quantize: bool = False, ceiling_sample: int = 3000, engine: str = "local", actors: int = 1,
                  pair_filter: str | None = None, dropped_sample: int = 4000, seed: int = 0, precision: str = "fp32",
                  both_directions: bool = False, reverse_check: bool = False, unit: str = "atomic") -> dict:
    import pyarrow.parquet as pq
    import torch

    from nli.batch import BatchRun

    det = loaded_detector(quantize=quantize, pair_filter=pair_filter, precision=precision, both_directions=both_directions,
                          claims=unit)
    rss_models = _peak_rss_mib()
    with tempfile.TemporaryDirectory(prefix="bench_batch_") as tmp:
        inp = Path(tmp) / "articles.jsonl"
        with open(corpus, encoding="utf-8") as src:
            inp.write_text("".join(itertools.islice(src, n)), encoding="utf-8")
        run = BatchRun(Path(tmp) / "run", det.config)
        if engine == "ray":  # Ray's start-up and the actors' model loading count in the total
            from nli.distributed import RayEngine

            t = time.perf_counter()
            with RayEngine(det.config, num_cpus=os.cpu_count(), actors=actors) as ray_engine:
                report, stats = run.run([str(inp)], engine=ray_engine)
        else:
            t = time.perf_counter()
            report, stats = run.run([str(inp)], det.embedder, det.nli)
        total = time.perf_counter() - t
        peak_rss = _peak_rss_mib()  # before the ceiling measurement adds anything

        claims, _ = run.claims()
        text = {c.id: c.text for c in claims}
        cols = pq.read_table(run.dir / "pairs.parquet").to_pydict()
        # the ceiling on an evenly spread sample of the same pairs: its rate is what matters, and
        # re-judging every pair of a large run would double the benchmark's time
        step = max(1, len(cols["a"]) // max(1, ceiling_sample))
        a = [text[i] for i in cols["a"][::step]]
        b = [text[i] for i in cols["b"][::step]]
        t = time.perf_counter()
        det.nli.logits(a + b, b + a, batch_size=det.config.nli_batch_size)
        ceiling_s = time.perf_counter() - t
        lost = _filter_loss(run, report, cols, det, dropped_sample, seed) if stats.filtered and dropped_sample else None
        one_way = sum(v.one_way for v in report.verdicts)
        reverse = _reverse_loss(run, report, det) if reverse_check and one_way else None

    s = report.timings
    nli_rate = stats.directions / max(s["judge"], 1e-9)
    ceiling = 2 * len(a) / max(ceiling_s, 1e-9)
    return {
        "unit": unit, "articles": stats.articles_new, "claims": stats.claims_new, "pairs": stats.pairs, "filtered": stats.filtered,
        "pair_filter": det.config.pair_filter, "filter_loss": lost,
        "pairs_per_claim": round(stats.pairs / max(1, stats.claims_new), 2),
        "judged": stats.judged,  # fewer than pairs when claim texts repeat: a verdict is cached per text pair
        "directions": stats.directions, "one_way": one_way, "reverse_loss": reverse,
        "contradictions": stats.contradictions,
        **{f"s_{k}": round(s.get(k, 0.0), 2) for k in ("claims", "embed", "pair", "filter", "judge")},
        "s_total": round(total, 2),
        "claims_per_s": round(stats.claims_new / total, 1),
        "nli_pairs_per_s": round(nli_rate, 1),
        "ceiling_pairs_per_s": round(ceiling, 1),
        "pct_of_ceiling": round(100 * nli_rate / ceiling, 1) if a else None,
        "rss_models_mib": rss_models, "peak_rss_mib": peak_rss,
        "torch_threads": torch.get_num_threads(), "quantized": quantize, "precision": precision, "ceiling_pairs": len(a),
        "engine": engine if engine == "local" else f"ray ({actors} actor{'s' if actors > 1 else ''} per stage)",
    }


def _filter_loss(run, report, cols, det, sample: int, seed: int) -> dict:
    """How many pairs the full judge would report did the pair filter drop? The dropped pairs are
    too many to judge, so a uniform sample of them is judged (same model, same texts) and its
    report rate extrapolated: kept share = reported / (reported + dropped * rate). The same
    on the pairs whose two articles lie in FNC-1 quarters 2-3, which the filter never saw
    (scripts/make_filter_data.py trains on quarter 0 and sets its cut on quarter 1)."""
    import numpy as np

    from nli.training.fnc1 import quarter
    from nli.judge import judge_pairs
    from nli.records import Pair

    claims, _ = run.claims()
    index = {c.id: i for i, c in enumerate(claims)}
    cfg = det.config
    unseen = np.array([quarter(claims[index[a]].article_id) >= 2 and quarter(claims[index[b]].article_id) >= 2
                       for a, b in zip(cols["a"], cols["b"])])
    judged = np.asarray(cols["judged"])
    dropped = np.flatnonzero(~judged)
    rng = np.random.default_rng(seed)
    picked = np.sort(rng.choice(dropped, size=min(sample, len(dropped)), replace=False))
    pairs = [Pair(index[cols["a"][i]], index[cols["b"][i]], cols["similarity"][i]) for i in picked]
    hit = np.array([v.score >= cfg.threshold for v in judge_pairs(claims, pairs, det.nli, cfg)], dtype=bool)
    found = {(v.pair.a, v.pair.b) for v in report.contradictions}
    reported_unseen = sum(unseen[i] for i, (a, b) in enumerate(zip(cols["a"], cols["b"])) if (index[a], index[b]) in found)
    out = {"dropped": int(len(dropped)), "sample": int(len(picked)), "sample_reported": int(hit.sum())}
    for name, rows, n_found in (("all", np.ones(len(judged), bool), len(found)), ("unseen", unseen, reported_unseen)):
        in_sample = rows[picked]
        rate = hit[in_sample].sum() / max(1, in_sample.sum())
        lost = rate * (~judged & rows).sum()
        out[name] = {"reported": int(n_found), "sample": int(in_sample.sum()), "sample_reported": int(hit[in_sample].sum()),
                     "lost_est": round(float(lost), 1), "kept_share": round(n_found / (n_found + lost), 4) if n_found + lost else None}
    return out


def _reverse_loss(run, report, det) -> dict:
    """What skipping second directions cost: the same run directory again with both directions, which
    judges only the second directions the first run skipped, and the two reports compared."""
    from dataclasses import replace

    from nli.batch import BatchRun

    full, stats = BatchRun(run.dir, replace(det.config, both_directions=True, progress=False)).run([], det.embedder, det.nli)
    key = lambda r: {(v.pair.a, v.pair.b) for v in r.contradictions}  # noqa: E731
    got, want = key(report), key(full)
    return {"skipped": stats.directions, "reported_both": len(want), "reported_one_way": len(got),
            "lost": len(want - got), "extra": len(got - want), "kept_share": round(len(want & got) / len(want), 4) if want else None}


# -- 3: quantised model ----------------------------------------------------------------------


def measure_quantized(limit: int) -> dict:
    import torch

    from nli.evaluate import evaluate
    from nli.models import load_nli

    # quantisation is CPU-only (NLIModel refuses it elsewhere), so compare both models there
    device = "cpu" if torch.cuda.is_available() else None
    out = {"set": QUANT_SET, "limit": limit}
    for name, quantize in (("fp32", False), ("int8", True)):
        model = load_nli("default", device, None, quantize)
        model.predict(["A warm-up premise."] * 8, ["A warm-up hypothesis."] * 8)  # one-off thread pool start-up
        (score,) = evaluate(model, [QUANT_SET], limit=limit)
        out[name] = {"pairs": score.pairs, "accuracy": score.accuracy, "contradiction_f1": score.contradiction_f1,
                     "pairs_per_s": score.pairs_per_s}
    out["speedup"] = round(out["int8"]["pairs_per_s"] / max(out["fp32"]["pairs_per_s"], 1e-9), 2)
    out["accuracy_change"] = round(out["int8"]["accuracy"] - out["fp32"]["accuracy"], 4)
    out["contradiction_f1_change"] = round(out["int8"]["contradiction_f1"] - out["fp32"]["contradiction_f1"], 4)
    return out


# -- 4: all pairs against candidate pairs ----------------------------------------------------


def _sample_pairs(n: int, m: int, seed: int) -> list[tuple[int, int]]:
    """m distinct unordered pairs (i < j) drawn uniformly from all n(n-1)/2; all of them if fewer."""
    import numpy as np

    if n * (n - 1) // 2 <= m:
        return list(itertools.combinations(range(n), 2))
    rng = np.random.default_rng(seed)
    picked: set[tuple[int, int]] = set()
    while len(picked) < m:
        # a uniform ordered pair with i != j, unordered, is a uniform unordered pair
        i, j = (int(x) for x in rng.integers(0, n, 2))
        if i != j:
            picked.add((min(i, j), max(i, j)))
    return sorted(picked)


def _contradict_text(claims, pairs, all_pairs: int, cfg) -> dict:
    """The PyPI package contradict-text on the same claims, with our models: its scan() checks
    every unordered pair one at a time (embed both, then NLI when similar enough), so its cost per
    pair is timed on `pairs` (a uniform sample) and extrapolated to all pairs."""
    try:
        from contradict import ContradictionDetector
    except ImportError:
        return {"error": "contradict-text is not installed: pip install -e '.[bench]'"}
    from nli.models import resolve_embedder, resolve_nli

    ct = ContradictionDetector(nli_model=resolve_nli(cfg.model).location,
                               embed_model=resolve_embedder(cfg.embedder).location,
                               topic_threshold=cfg.min_similarity, contradiction_threshold=cfg.threshold)
    ct.check("A warm-up claim.", "Another warm-up claim.")  # loads both models outside the timing
    t = time.perf_counter()
    found = sum(ct.check(claims[i].text, claims[j].text).is_contradiction for i, j in pairs)
    dt = time.perf_counter() - t
    return {"sample": len(pairs), "sample_s": round(dt, 2), "contradictions_in_sample": found,
            "scan_s_est": round(dt * all_pairs / max(1, len(pairs)), 1),
            "topic_threshold": cfg.min_similarity, "contradiction_threshold": cfg.threshold}


def measure_naive(n_articles: int, sample: int, seed: int, corpus: str, ct_sample: int = 300) -> dict:
    from nli.claims import extract_all
    from nli.judge import judge_pairs, label_probs, pair_score
    from nli.pairs import candidate_pairs

    det = loaded_detector()
    cfg = det.config
    articles = first_articles(corpus, n_articles)
    claims = extract_all(articles, cfg)
    t = time.perf_counter()
    emb = det.embedder.encode([c.text for c in claims])
    embed_s = time.perf_counter() - t
    t = time.perf_counter()
    cand = candidate_pairs(emb, [c.article_id for c in claims], cfg, [c.text for c in claims])
    pair_s = time.perf_counter() - t
    n = len(claims)
    all_pairs = n * (n - 1) // 2

    t = time.perf_counter()
    verdicts = judge_pairs(claims, cand, det.nli, cfg)
    cand_s = time.perf_counter() - t

    sampled = _sample_pairs(n, sample, seed)
    a = [claims[i].text for i, _ in sampled]
    b = [claims[j].text for _, j in sampled]
    t = time.perf_counter()
    probs = det.nli.predict(a + b, b + a, batch_size=cfg.nli_batch_size)
    sample_s = time.perf_counter() - t
    m = len(sampled)
    scores = [pair_score(label_probs(probs[k]), label_probs(probs[m + k]), cfg, a[k], b[k], float(emb[i] @ emb[j]),
                         claims[i].article_id == claims[j].article_id) for k, (i, j) in enumerate(sampled)]
    hits = [p for p, s in zip(sampled, scores) if s >= cfg.threshold]
    cand_set = {(p.a, p.b) for p in cand}
    hits_in_cand = sum(p in cand_set for p in hits)
    ours_s = embed_s + pair_s + cand_s
    spread = sampled[:: max(1, len(sampled) // max(1, ct_sample))][:ct_sample]  # sampled is sorted: spread the subset
    ct = _contradict_text(claims, spread, all_pairs, cfg) if ct_sample > 0 else None

    return {
        "articles": len(articles), "claims": n, "all_pairs": all_pairs, "candidate_pairs": len(cand),
        "candidate_share": round(len(cand) / max(1, all_pairs), 6),
        "candidate_judge_s": round(cand_s, 2), "embed_s": round(embed_s, 2), "pair_s": round(pair_s, 2),
        "ours_s": round(ours_s, 2),
        "naive_vs_ours": round(sample_s * all_pairs / max(1, m) / max(ours_s, 1e-9), 1),
        "contradict_text": ct,
        "candidate_contradictions": sum(v.score >= cfg.threshold for v in verdicts),
        "sample": m, "sample_judge_s": round(sample_s, 2),
        "naive_judge_s_est": round(sample_s * all_pairs / max(1, m), 1),
        "sampled_contradictions": len(hits),
        "sampled_contradictions_in_candidates": hits_in_cand,
        "all_pairs_contradictions_est": round(len(hits) / max(1, m) * all_pairs),
        "pairing_recall_est": round(hits_in_cand / len(hits), 3) if hits else None,
        "pairing_recall_ci95": wilson(hits_in_cand, len(hits)),
        "threshold": cfg.threshold, "aggregate": cfg.aggregate, "seed": seed,
    }


# -- output ----------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, nargs="+", default=[100, 300, 1000, 1683], help="articles per batch run")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--quantize", action="store_true", help="batch runs judge with the int8 model (nli batch --quantize)")
    ap.add_argument("--engine", choices=["local", "ray"], default="local",
                    help="engine of the batch runs (ray: a local Ray over all CPUs; peak RSS is then the driver's alone)")
    ap.add_argument("--ray-actors", type=int, default=1, help="actors per stage with --engine ray")
    ap.add_argument("--precision", default="fp32", choices=["fp32", "bf16"], help="nli batch --precision")
    ap.add_argument("--both-directions", action="store_true", help="judge every pair both ways (nli batch --both-directions)")
    ap.add_argument("--reverse-check", action="store_true",
                    help="after each run, judge the second directions it skipped and count the reports that lost")
    ap.add_argument("--pair-filter", default=None, help="pair filter of the batch runs (default: the Config default; none: judge all)")
    ap.add_argument("--dropped-sample", type=int, default=4000, help="pairs the filter dropped, judged to estimate what it lost")
    ap.add_argument("--ceiling-sample", type=int, default=3000, help="candidate pairs the raw forward-pass ceiling is timed on")
    ap.add_argument("--quant-limit", type=int, default=2000, help=f"pairs of {QUANT_SET} for the int8 comparison (0: skip)")
    ap.add_argument("--naive-n", type=int, default=300, help="articles for the all-pairs comparison (0: skip)")
    ap.add_argument("--naive-sample", type=int, default=3000, help="all-pairs sample judged to estimate the naive cost")
    ap.add_argument("--ct-sample", type=int, default=300,
                    help="sampled pairs checked one by one by contradict-text to estimate its scan time (0: skip)")
    ap.add_argument("--claims", nargs="+", default=["sentence"], choices=["atomic", "sentence"],
                    help="claim units to run side by side per N (default: the tool's default, whole sentences; atomic sentence gives the ratio)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = ap.parse_args()
    if not args.corpus.is_file():
        ap.error(f"{args.corpus}: corpus not found")
    corpus = str(args.corpus.resolve())

    machine = machine_info()
    print(f"machine: {machine['processor']}, {machine['cpus']} CPUs, torch {machine['torch']}, "
          f"{machine['torch_threads']} torch threads, device {machine['device']}, load average {machine['load_avg_1min']}\n")

    batch = []
    for n in args.n:  # printed as they come: the large runs take a while
        for unit in args.claims:
            batch.append(_in_subprocess(measure_batch, n, corpus, args.quantize, args.ceiling_sample, args.engine,
                                        args.ray_actors, args.pair_filter, args.dropped_sample, args.seed, args.precision,
                                        args.both_directions, args.reverse_check, unit))
            print(f"N={n} ({unit}): {json.dumps(batch[-1])}", flush=True)
    print(f"\n## Batch runs (one fresh process per N; engine {batch[-1]['engine'] if batch else args.engine}; "
          f"NLI model {'int8 quantised' if args.quantize else args.precision}; pair filter {batch[-1]['pair_filter'] if batch else '-'})\n")
    print(table(batch, {"unit": "claims as", "articles": "articles", "claims": "claims", "pairs": "pairs", "pairs_per_claim": "pairs/claim",
                         "filtered": "filtered out", "judged": "judged", "directions": "directions judged",
                         "contradictions": "contradictions", "s_claims": "claims s",
                         "s_embed": "embed s", "s_pair": "pair s", "s_filter": "filter s", "s_judge": "judge s", "s_total": "total s"}))
    if len(args.claims) > 1:  # the cost of one unit against the other, measured side by side
        base = {r["articles"]: r for r in batch if r["unit"] == args.claims[-1]}
        ratios = [{"articles": r["articles"], "unit": f"{r['unit']} / {args.claims[-1]}",
                   **{k: round(r[k] / max(base[r["articles"]][k], 1e-9), 2) for k in ("claims", "pairs", "directions", "s_judge", "s_total")}}
                  for r in batch if r["unit"] != args.claims[-1]]
        print("\n## Side by side: ratios\n")
        print(table(ratios, {"articles": "articles", "unit": "ratio", "claims": "claims", "pairs": "pairs",
                              "directions": "directions judged", "s_judge": "judge s", "s_total": "total s"}))
    losses = [{"articles": r["articles"], "part": part, **r["filter_loss"][part]}
              for r in batch if r["filter_loss"] for part in ("all", "unseen")]
    if losses:
        print(f"\n## What the pair filter ({batch[-1]['pair_filter']}) dropped: a uniform sample of the dropped pairs judged\n")
        print(table(losses, {"articles": "articles", "part": "pairs", "reported": "reported", "sample": "dropped sampled",
                              "sample_reported": "of them reportable", "lost_est": "lost (est.)", "kept_share": "kept share of reportable"}))
        print("\nunseen: pairs whose two articles lie in FNC-1 quarters 2-3, never used to train the filter or set its cut.")
    reverse = [{"articles": r["articles"], **r["reverse_loss"]} for r in batch if r["reverse_loss"]]
    if reverse:
        print("\n## What skipping second directions cost: the skipped ones judged afterwards, reports compared\n")
        print(table(reverse, {"articles": "articles", "skipped": "second directions skipped", "reported_both": "reported (both ways)",
                               "reported_one_way": "reported (this run)", "lost": "lost", "extra": "extra", "kept_share": "kept share"}))
    print()
    print(table(batch, {"articles": "articles", "claims_per_s": "claims/s", "nli_pairs_per_s": "NLI pairs/s",
                         "ceiling_pairs_per_s": "ceiling pairs/s", "pct_of_ceiling": "% of ceiling",
                         "rss_models_mib": "RSS models MiB", "peak_rss_mib": "peak RSS MiB"}))
    print("\nNLI pairs/s counts directional inferences; the ceiling is NLIModel.logits alone on an evenly spread sample of the same pairs.")

    quant = None
    if args.quant_limit > 0:
        quant = _in_subprocess(measure_quantized, args.quant_limit)
        print(f"\n## Quantised NLI model ({quant['set']}, first {quant['fp32']['pairs']} pairs)\n")
        print(table([{"model": k, **quant[k]} for k in ("fp32", "int8")],
                     {"model": "model", "pairs": "pairs", "accuracy": "accuracy",
                      "contradiction_f1": "contr. F1", "pairs_per_s": "pairs/s"}))
        print(f"\nint8 vs fp32: speed-up {quant['speedup']}x, accuracy {100 * quant['accuracy_change']:+.1f} points, "
              f"contradiction F1 {quant['contradiction_f1_change']:+.3f}")

    naive = None
    if args.naive_n > 0:
        naive = _in_subprocess(measure_naive, args.naive_n, args.naive_sample, args.seed, corpus, args.ct_sample)
        print(f"\n## All pairs against candidate pairs ({naive['articles']} articles)\n")
        print(table([naive], {"claims": "claims", "all_pairs": "all pairs", "candidate_pairs": "candidate pairs",
                               "candidate_share": "candidates/all", "candidate_judge_s": "candidates judge s",
                               "sample_judge_s": "sample judge s", "naive_judge_s_est": "all pairs judge s (est.)"}))
        print()
        ci = naive["pairing_recall_ci95"]
        print(table([{**naive, "ci": f"{ci[0]}-{ci[1]}" if ci else None}],
                     {"sample": "sampled pairs", "sampled_contradictions": "sampled contradictions",
                      "sampled_contradictions_in_candidates": "of them candidates",
                      "pairing_recall_est": "pairing recall (est.)", "ci": "95% CI",
                      "all_pairs_contradictions_est": "contradictions in all pairs (est.)",
                      "candidate_contradictions": "contradictions in candidates"}))
        ct = naive["contradict_text"]
        if ct and "error" in ct:
            print(f"\ncontradict-text: {ct['error']}")
        elif ct:
            print(f"\n## Same claims: our pipeline against all pairs and against contradict-text\n")
            print(table([
                {"tool": "nli (embed + top-k pairs + batched judge)", "pairs": naive["candidate_pairs"], "s": naive["ours_s"],
                 "ratio": 1.0, "how": "measured"},
                {"tool": "all pairs, our batched judge", "pairs": naive["all_pairs"], "s": naive["naive_judge_s_est"],
                 "ratio": naive["naive_vs_ours"], "how": f"{naive['sample']} sampled pairs, extrapolated"},
                {"tool": "contradict-text scan(), our models", "pairs": naive["all_pairs"], "s": ct["scan_s_est"],
                 "ratio": round(ct["scan_s_est"] / max(naive["ours_s"], 1e-9), 1),
                 "how": f"{ct['sample']} sampled pairs ({ct['sample_s']} s), extrapolated"},
            ], {"tool": "tool", "pairs": "pairs", "s": "seconds", "ratio": "x our time", "how": "how"}))
        print(f"\nA contradiction is a pair scoring >= {naive['threshold']} ({naive['aggregate']}, from both "
              f"directions); recall is estimated from {naive['sample']} uniformly sampled pairs (seed {naive['seed']}).")

    if args.json:
        args.json.write_text(json.dumps({"machine": machine, "batch": batch, "quantized": quant, "naive": naive}, indent=2))


if __name__ == "__main__":
    main()
