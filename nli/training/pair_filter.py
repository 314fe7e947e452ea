"""The pair filter's data and training (nli.pairfilter is the filter itself).

## Data: scripts/make_filter_data.py (make_data_main)

Judge verdicts on unlabelled news pairs: the distillation data of the pair filter (nli.pairfilter).

Splits the FNC-1 article bodies by a hash of the article id into quarters and runs an ordinary
batch run (nli.batch.BatchRun: claims -> embeddings -> candidate pairs -> the full judge) over the
quarters asked for, one run directory each. A batch run caches everything and resumes where it
stopped, so this script can be killed and rerun. scripts/train_pair_filter.py reads the run
directories (embeddings, pairs, verdicts) back.

    python scripts/make_filter_data.py --out runs/filter_data --train-split --precision bf16   # quarters 0 (train) and 1 (dev)
    python scripts/make_filter_data.py --out runs/filter_data --quarters 0 --limit 50   # a quick look

The other two quarters stay unseen by the filter: scripts/bench_batch.py reports its recall on them
separately.

## Training: scripts/train_pair_filter.py (train_main)

Train the pair filter (nli.pairfilter) by distillation from the judge's verdicts.

Reads the batch-run directories written by scripts/make_filter_data.py (FNC-1 quarter 0 and half
of quarter 1's articles to train, the other half to set the cut), builds each candidate pair's features (bi-encoder embeddings of both
claims + cheap text signals) and fits a two-hidden-layer MLP to the judge's
P(contradiction) in each direction (soft targets, binary cross-entropy); a pair scores the max of
its two directions. The cut is the highest filter score that
still keeps `--keep` of the dev pairs the judge reports at the default threshold. Writes
filter.npz (weights, input scaling), filter.json (cut, lineage, dev figures) and a model card.

    python scripts/train_pair_filter.py --data runs/filter_data --out models/pair-filter-minilm

## Checking: scripts/check_pair_filter.py (check_main)

What a filter costs where users meet it: the share of a run's reports (the shipped combiner's
calibrated score at its threshold, from the run's cached verdicts of both directions) that the
filter keeps, beside the share of all candidate pairs it keeps. No judging: the runs of
make_filter_data.py hold every verdict, so several filters compare side by side in seconds.

    python scripts/check_pair_filter.py --runs runs/filter_data/q3/run --filters models/pair-filter-minilm runs/pf_old
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import time
from pathlib import Path
from typing import get_args

import numpy as np

from ..config import ClaimUnit
from .fnc1 import CORPUS, article_split, quarter

MAKE_DATA_DESCRIPTION = "Judge verdicts on unlabelled news pairs: the distillation data of the pair filter (nli.pairfilter)."
TRAIN_DESCRIPTION = "Train the pair filter (nli.pairfilter) by distillation from the judge's verdicts."
CHECK_DESCRIPTION = "Share of a batch run's reports (calibrated, from its cached verdicts) and of its pairs that pair filters keep."
SPLITS = {0: "train", 1: "dev", 2: "test", 3: "test"}


def make_data_main(argv=None) -> None:
    """The distillation data: a batch run over each FNC-1 quarter asked for (scripts/make_filter_data.py)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    ap = argparse.ArgumentParser(description=MAKE_DATA_DESCRIPTION)
    ap.add_argument("--out", default="runs/filter_data")
    ap.add_argument("--corpus", default=str(CORPUS))
    ap.add_argument("--quarters", type=int, nargs="+", default=[0, 1])
    ap.add_argument("--limit", type=int, default=None, help="at most this many articles per quarter")
    ap.add_argument("--train-split", action="store_true",
                    help="leave out the dev-split articles (the gold's): runs that teach or fit a judge")
    ap.add_argument("--quantize", action="store_true", help="judge with the int8 model (as scripts/bench_batch.py --quantize)")
    ap.add_argument("--precision", default="fp32", choices=["fp32", "bf16"], help="bf16: nearly fp32's verdicts, 1.9x faster on this CPU")
    ap.add_argument("--model", default="default", help="NLI model that judges (default: the shipped one)")
    ap.add_argument("--claims", default="sentence", choices=get_args(ClaimUnit), help="the unit judged (Config.claims)")
    args = ap.parse_args(argv)

    from ..batch import BatchRun
    from ..pipeline import Detector

    rows = [json.loads(line) for line in open(args.corpus, encoding="utf-8") if line.strip()]
    # both directions of every pair: the filter and the combiner learn from them
    det = Detector(model=args.model, quantize=args.quantize, precision=args.precision, progress=True, pair_filter="none",
                   both_directions=True, claims=args.claims)
    for q in args.quarters:
        part = [r for r in rows if quarter(r["id"]) == q and not (args.train_split and article_split(r["id"]) == "dev")][: args.limit]
        out = Path(args.out) / f"q{q}"
        out.mkdir(parents=True, exist_ok=True)
        inp = out / "articles.jsonl"
        inp.write_text("".join(json.dumps(r) + "\n" for r in part), encoding="utf-8")
        report, stats = BatchRun(out / "run", det.config).run([str(inp)], det.embedder, det.nli)
        print(f"quarter {q} ({SPLITS[q]}): {len(part)} articles, {stats.pairs} pairs, {stats.judged} judged now, "
              f"{stats.contradictions} reported", flush=True)


def load_split(run_dir: Path):
    """Features of both directions, the judge's P(contradiction) in each, and the run's Config, for
    every candidate pair of one batch run."""
    from ..config import Config
    from ..nlidata import LABELS
    from ..pairfilter import features
    from ..resolve import resolved

    opts = json.loads((run_dir / "run.json").read_text())
    # the filter distils the judge's own P(contradiction), max of both directions, at 0.5: what the
    # cached verdicts hold, whatever score a run reports with
    cfg = resolved(Config(aggregate="max").with_options(**opts))
    run, claims, keys, emb, pairs = _run_arrays(run_dir, cfg)
    ci = LABELS.index("contradiction")
    p_ab, p_ba = np.empty(len(pairs), dtype=np.float32), np.empty(len(pairs), dtype=np.float32)
    for n, (ab, ba) in enumerate(run.cached_probabilities(claims, keys, pairs)):
        if ab is None or ba is None:  # the filter's runs judge every pair both ways (make_filter_data.py)
            raise SystemExit(f"{run_dir}: a pair without both directions judged; make the run with scripts/make_filter_data.py")
        p_ab[n], p_ba[n] = ab[ci], ba[ci]
    x_ab, x_ba = features(emb, [c.text for c in claims], pairs)
    # which half of the split a pair belongs to: 0 or 1 when both its articles lie in that half, -1 when they differ
    half = np.array([_half(claims[p.a].article_id) if _half(claims[p.a].article_id) == _half(claims[p.b].article_id) else -1
                     for p in pairs])
    return x_ab, x_ba, p_ab, p_ba, half, cfg


def _run_arrays(run_dir: Path, cfg):
    """A batch run's claims, their cached embeddings (one row a claim) and its candidate pairs."""
    from ..batch import BatchRun

    run = BatchRun(run_dir, cfg)
    claims, keys = run.claims()
    emb_cache = run._embedding_cache()
    return run, claims, keys, np.stack([emb_cache[k] for k in keys]), run.candidates(claims)


def _half(article_id: str) -> int:
    return int(hashlib.sha1(("half:" + article_id).encode()).hexdigest(), 16) % 2


def fit(x: np.ndarray, y: np.ndarray, hidden: int, epochs: int, seed: int, pos_weight: float):
    import torch

    torch.manual_seed(seed)
    mean, scale = x.mean(0), x.std(0) + 1e-6
    xt = torch.from_numpy((x - mean) / scale)
    yt = torch.from_numpy(y)
    net = torch.nn.Sequential(torch.nn.Linear(x.shape[1], hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, hidden),
                              torch.nn.ReLU(), torch.nn.Linear(hidden, 1))
    opt = torch.optim.AdamW(net.parameters(), lr=1e-3, weight_decay=1e-4)
    # reported directions are a few percent: weigh them up so the cut can keep nearly all of them
    weights = 1.0 + (pos_weight - 1.0) * (yt >= 0.5).float()
    gen = torch.Generator().manual_seed(seed)
    for _ in range(epochs):
        for idx in torch.randperm(len(xt), generator=gen).split(512):
            loss = torch.nn.functional.binary_cross_entropy_with_logits(net(xt[idx])[:, 0], yt[idx], weight=weights[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    layers = [m for m in net if isinstance(m, torch.nn.Linear)]
    return {"mean": mean, "scale": scale,
            **{f"w{i}": m.weight.detach().numpy().T.copy() for i, m in enumerate(layers)},
            **{f"b{i}": m.bias.detach().numpy().copy() for i, m in enumerate(layers)}}


def keep_curve(probs: np.ndarray, reported: np.ndarray, targets=(0.90, 0.95, 0.97, 0.98, 0.99, 1.0)) -> list[dict]:
    """For each target recall of reported pairs: the cut that reaches it and the share of pairs kept."""
    pos = np.sort(probs[reported])
    rows = []
    for t in targets:
        cut = float(pos[int(np.floor((1 - t) * len(pos)))]) if len(pos) else 1.0
        kept = probs >= cut
        rows.append({"target": t, "cut": cut, "recall": float(kept[reported].mean()) if reported.any() else None,
                     "kept": float(kept.mean())})
    return rows


def model_card(m: dict) -> str:
    rows = "\n".join(f"| {r['target']:.2f} | {r['cut']:.4f} | {r['recall']:.3f} | {r['kept']:.3f} |" for r in m["dev_curve"])
    return f"""# pair-filter-minilm

The filter stage of `nli` (`nli/pairfilter.py`): P(the judge reports this candidate pair), from the
all-MiniLM-L6-v2 embeddings u, v of premise and hypothesis ([u, v, |u - v|, u * v, cos]) and
{len(m['signals'])} cheap text signals ({', '.join(m['signals'])}), read in both directions as the
judge reads a pair; a pair scores the max of both. An MLP with two hidden layers of {m['hidden']}, run in numpy
({m['mlp_us_per_pair']} µs a pair for both directions of the MLP on this 2-core CPU, text signals extra); weights in
`filter.npz` ({m['train_pairs']:,} training pairs), cut and lineage in `filter.json`.

## Data and training (distillation)
- Trained on: the judge's own verdicts (`{m['judge']}`, {'int8' if m['judge_quantized'] else m['judge_precision']}, its
  P(contradiction) in each direction, as soft targets) on every candidate pair of {m['trained_on']}.
  No human labels: the filter learns the judge, errors included.
- Cut set on: {m['cut_set_on']} ({m['dev_pairs']:,} candidate pairs, {m['dev_reported']} reported by the judge at
  threshold {m['threshold']}): the highest cut that keeps {m['keep_target']:.0%} of them.
- Never seen: FNC-1 quarters 2-3 (`scripts/bench_batch.py` reports the filter's loss there separately) and
  the emergent headlines (`scripts/bench_quality.py`).
- FNC-1 bodies: see `../shared/data/corpora/SOURCE.txt` for origin and licence.
- Rebuild: `python scripts/make_filter_data.py --out runs/filter_data --train-split --precision bf16` then
  `python scripts/train_pair_filter.py --data runs/filter_data --out models/pair-filter-minilm`
  (seeded; about 25 min on the 2-core CPU, nearly all of it the judge; bf16's verdicts are fp32's
  within 0.02, `scripts/bench_precision.py`).

## On the dev half
Share of the judge's reported pairs kept, and of all candidate pairs kept, per cut:

| recall target | cut | recall of reported | pairs kept |
|---|---|---|---|
{rows}

Chosen cut {m['cut']:.4f}: {m['dev_kept']:.1%} of candidate pairs judged, {m['dev_recall']:.1%} of the reported kept.

Why no sharper: the judge's verdicts on news pairs depend on the direction and on detail that
sentence embeddings do not keep. On the training pairs its two directions' P(contradiction) correlate at
{m['direction_correlation']:.2f}, and of the pairs it reports {m['both_ways_share']:.0%} are reported by both directions. A filter that
must keep {m['keep_target']:.0%} of them can only drop the pairs that look like no contradiction from either side.

## Limits
- Valid only with the all-MiniLM-L6-v2 embedder (another embedder is refused) and measured only with
  the judge above at threshold {m['threshold']}: at a lower `--threshold` it keeps a smaller share of the
  reported pairs. `--pair-filter none` judges every candidate pair.
- It learnt FNC-1 body sentences; headlines and other genres are measured in the README, not here.
"""


def train_main(argv=None) -> None:
    """Fit the filter to the runs' verdicts, set its cut, write it and its card (scripts/train_pair_filter.py)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    ap = argparse.ArgumentParser(description=TRAIN_DESCRIPTION)
    ap.add_argument("--data", default="runs/filter_data")
    ap.add_argument("--out", default="models/pair-filter-minilm")
    ap.add_argument("--keep", type=float, default=0.98, help="share of the judge's reported dev pairs the cut keeps")
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--pos-weight", type=float, default=5.0)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    from ..pairfilter import SIGNALS, PairFilter

    data = Path(args.data)
    t = time.perf_counter()
    ab, ba, p_ab, p_ba, _, cfg = load_split(data / "q0" / "run")
    q1_ab, q1_ba, q1_p_ab, q1_p_ba, half, _ = load_split(data / "q1" / "run")
    # quarter 0 and half of quarter 1's articles train; the other half sets the cut (pairs across the halves are unused)
    tr, dev = half == 0, half == 1
    ab, ba = np.vstack([ab, q1_ab[tr]]), np.vstack([ba, q1_ba[tr]])
    p_ab, p_ba = np.concatenate([p_ab, q1_p_ab[tr]]), np.concatenate([p_ba, q1_p_ba[tr]])
    x_tr, y_tr = np.vstack([ab, ba]), np.concatenate([p_ab, p_ba])  # each direction is one example
    dev_ab, dev_ba = q1_ab[dev], q1_ba[dev]
    y_dev = np.maximum(q1_p_ab[dev], q1_p_ba[dev])
    print(f"features: train {ab.shape} x 2 directions, dev {dev_ab.shape} ({time.perf_counter() - t:.1f} s); "
          f"reported: train {(np.maximum(p_ab, p_ba) >= cfg.threshold).mean():.3%}, dev {(y_dev >= cfg.threshold).mean():.3%}", flush=True)
    t = time.perf_counter()
    weights = fit(x_tr, y_tr, args.hidden, args.epochs, args.seed, args.pos_weight)
    print(f"trained in {time.perf_counter() - t:.1f} s", flush=True)

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    np.savez(out / "filter.npz", **{k: v.astype(np.float32) for k, v in weights.items()})
    meta = {"cut": 1.0, "embedder": "all-MiniLM-L6-v2", "judge": cfg.model, "judge_quantized": cfg.quantize, "judge_precision": cfg.precision,
            "threshold": cfg.threshold, "aggregate": cfg.aggregate, "signals": list(SIGNALS), "hidden": args.hidden,
            "epochs": args.epochs, "pos_weight": args.pos_weight, "seed": args.seed,
            "trained_on": "FNC-1 bodies of quarter 0 and half of quarter 1 (scripts/make_filter_data.py --train-split)",
            "cut_set_on": "FNC-1 bodies of the other half of quarter 1", "train_pairs": int(len(p_ab)), "dev_pairs": int(len(y_dev)),
            "direction_correlation": round(float(np.corrcoef(p_ab, p_ba)[0, 1]), 4),
            "both_ways_share": round(float((np.minimum(p_ab, p_ba) >= cfg.threshold).sum() / max(1, (np.maximum(p_ab, p_ba) >= cfg.threshold).sum())), 4)}
    (out / "filter.json").write_text(json.dumps(meta, indent=2))
    f = PairFilter(out)
    t = time.perf_counter()
    probs = 1.0 / (1.0 + np.exp(-np.maximum(f.logits(dev_ab), f.logits(dev_ba))))
    per_pair_us = 1e6 * (time.perf_counter() - t) / len(dev_ab)
    reported = y_dev >= cfg.threshold
    curve = keep_curve(probs, reported)
    chosen = next(r for r in curve if r["target"] >= args.keep)
    meta.update(cut=chosen["cut"], keep_target=args.keep, dev_recall=chosen["recall"], dev_kept=chosen["kept"],
                dev_reported=int(reported.sum()), dev_curve=curve, mlp_us_per_pair=round(per_pair_us, 2))
    (out / "filter.json").write_text(json.dumps(meta, indent=2))
    print("| recall target | cut | recall of reported | pairs kept |\n|---|---|---|---|")
    for r in curve:
        print(f"| {r['target']:.2f} | {r['cut']:.4f} | {r['recall']:.3f} | {r['kept']:.3f} |")
    (out / "README.md").write_text(model_card(meta))
    print(f"chosen cut {chosen['cut']:.4f}: keeps {chosen['kept']:.1%} of dev pairs, {chosen['recall']:.1%} of the "
          f"{int(reported.sum())} reported; MLP {per_pair_us:.2f} µs a pair")


def kept_reports(run_dir: Path, filters: list[Path]) -> list[dict]:
    """For each filter: how many of the run's candidate pairs it keeps, and how many of the pairs the
    run's judge and its shipped combiner report (at the combiner's threshold)."""
    from ..combiner import load_combiner
    from ..config import Config
    from ..nlidata import LABELS
    from ..pairfilter import PairFilter

    cfg = Config().with_options(**json.loads((run_dir / "run.json").read_text()))
    combiner = load_combiner(cfg.model, cfg.claims)
    if combiner is None:
        raise SystemExit(f"{run_dir}: the run's judge {cfg.model!r} has no combiner.json to say what is reported")
    run, claims, keys, emb, pairs = _run_arrays(run_dir, cfg)
    reported = np.zeros(len(pairs), dtype=bool)
    for n, (p, got) in enumerate(zip(pairs, run.cached_probabilities(claims, keys, pairs))):
        if got is None or got[0] is None or got[1] is None:
            raise SystemExit(f"{run_dir}: a pair without both directions judged; make the run with scripts/make_filter_data.py")
        a, b = claims[p.a], claims[p.b]
        score = combiner.score(a.text, b.text, dict(zip(LABELS, map(float, got[0]))), dict(zip(LABELS, map(float, got[1]))),
                               p.similarity, a.article_id == b.article_id)
        reported[n] = score >= combiner.threshold
    texts = [c.text for c in claims]
    out = []
    for path in filters:
        keep = PairFilter(path).keep(emb, texts, pairs)
        out.append({"run": str(run_dir), "filter": str(path), "pairs": len(pairs), "kept": int(keep.sum()),
                    "reported": int(reported.sum()), "reported_kept": int((keep & reported).sum())})
    return out


def check_main(argv=None) -> None:
    """Print kept_reports for every run and filter as one table (scripts/check_pair_filter.py)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    ap = argparse.ArgumentParser(description=CHECK_DESCRIPTION)
    ap.add_argument("--runs", type=Path, nargs="+", required=True, help="batch runs of scripts/make_filter_data.py")
    ap.add_argument("--filters", type=Path, nargs="+", default=[Path("models/pair-filter-minilm")])
    args = ap.parse_args(argv)
    print("| run | filter | candidate pairs | kept | reported | reported kept |\n|---|---|---:|---:|---:|---:|")
    for run in args.runs:
        for r in kept_reports(run, args.filters):
            print(f"| {r['run']} | {r['filter']} | {r['pairs']:,} | {r['kept'] / r['pairs']:.1%} | {r['reported']:,} | "
                  f"{r['reported_kept']:,} ({r['reported_kept'] / max(1, r['reported']):.1%}) |", flush=True)
