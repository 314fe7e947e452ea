#!/usr/bin/env python
"""End-to-end precision of judges on real news, labelled blind: what share of the pairs a user
sees reported are contradictions?

1. `--sample`: run the whole pipeline (claims -> pairs -> judge, `nli.Detector`, bf16) with each
   `--model NAME=PATH` over the FNC-1 articles that no judge trained on (the dev split of
   scripts/make_news_pairs.py, by a hash of the article id), and draw `--per-model` of each model's
   reported pairs: those with the smallest hash of (seed, pair id), so that two judges' samples
   share every pair both report and the draw does not depend on the judge's name. The pairs not yet
   in `--labels`, shuffled and without scores or names, go to `runs/news_gold/blind.jsonl` for a
   person (or a helper) to label; `--key` (ids and scores only) records what each judge reported
   and is merged across runs.
2. The labeller writes `{"id", "label"}` lines: contradiction / not_contradiction / unclear.
3. `--score LABELS`: per model, the share of its sampled reported pairs labelled contradiction
   (precision, with a 95% Wilson interval) and the estimated number of true contradictions it
   reports (reported x precision).

Only claim ids and labels are kept in the repository (`data/labels/news_gold_labels.jsonl`): the
FNC-1 text is not ours to redistribute; `--sample` rebuilds the same pairs from the corpus.

    python scripts/news_gold.py --sample --model session4=runs/judge_s4 shipped=default
    python scripts/news_gold.py --score
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from nli.bench import CORPUS, dev_articles, wilson  # noqa: E402  (wilson: the interval the batch benchmark reports)

OUT = ROOT / "runs" / "news_gold"
LABELS = ROOT / "data" / "labels" / "news_gold_labels.jsonl"
KEY = ROOT / "data" / "labels" / "news_gold_key.json"


def _rank(seed: int, pid: str) -> str:
    return hashlib.sha1(f"{seed}:{pid}".encode()).hexdigest()


def parse_spec(spec: str) -> tuple[str, str, dict]:
    """"NAME=PATH,aggregate=max,threshold=0.5" -> (NAME, PATH, options); PATH defaults to NAME."""
    head, *opts = spec.split(",")
    name, _, path = head.partition("=")
    options = {}
    for o in opts:
        k, _, v = o.partition("=")
        options[k] = float(v) if k == "threshold" else v
    return name, path or name, options


def sample(args) -> None:
    import nli

    articles = dev_articles(args.corpus, args.limit)
    key = json.loads(args.key.read_text()) if args.key.is_file() else {"models": {}}
    key.update(articles=len(articles), seed=args.seed)
    labelled = {r["id"] for r in map(json.loads, args.labels.open())} if args.labels.is_file() else set()
    blind: dict[str, dict] = {}
    for spec in args.model:
        name, path, options = parse_spec(spec)
        report = nli.Detector(model=path, precision="bf16", **options).detect([{"id": str(r["id"]), "text": r["text"]} for r in articles])
        reported = {}
        for v in report.contradictions:
            a, b = report.claims[v.pair.a], report.claims[v.pair.b]
            # labels name pairs of sentences (a report keeps one pair of claims per pair of sentences)
            reported[f"{a.sentence_id}|{b.sentence_id}"] = (v.score, a.sentence_text, b.sentence_text)
        picked = sorted(reported, key=lambda pid: _rank(args.seed, pid))[: args.per_model or None]
        key["models"][name] = {"model": path, "aggregate": report.config.aggregate, "threshold": report.config.threshold,
                               "per_model": args.per_model, "claims": len(report.claims), "judged": len(report.verdicts),
                               "reported": len(reported),
                               "sampled": [{"id": pid, "score": reported[pid][0]} for pid in picked]}
        for pid in picked:
            if pid not in labelled:
                blind[pid] = {"id": pid, "a": reported[pid][1], "b": reported[pid][2]}
        print(f"{name} ({path}): {len(report.claims)} claims, {len(report.verdicts)} pairs judged, {len(reported)} reported, "
              f"{len(picked)} sampled", flush=True)
    rows = list(blind.values())
    random.Random(args.seed).shuffle(rows)
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / "blind.jsonl").open("w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    args.key.write_text(json.dumps(key, indent=1))
    print(f"{args.out / 'blind.jsonl'}: {len(rows)} pairs not labelled yet; key: {args.key}")


def score(args) -> None:
    key = json.loads(args.key.read_text())
    labels = {r["id"]: r["label"] for r in map(json.loads, args.labels.open())}
    print(f"{key['articles']} FNC-1 dev-split articles, whole pipeline, bf16; labels: {args.labels.name}")
    print("| judge | claims | pairs judged | reported | labelled | contradictions | unclear | precision (95% CI) | est. true reported |")
    print("|---|---:|---:|---:|---:|---:|---:|---|---:|")
    for name, m in key["models"].items():
        got = [labels[s["id"]] for s in m["sampled"] if s["id"] in labels]
        clear = [g for g in got if g != "unclear"]
        k = sum(g == "contradiction" for g in clear)
        lo, hi = wilson(k, len(clear)) or (0.0, 1.0)
        prec = k / len(clear) if clear else float("nan")
        name = f"{name} ({m.get('aggregate', 'max')}, t={m.get('threshold', 0.5)})"
        print(f"| {name} | {m['claims']} | {m['judged']} | {m['reported']} | {len(got)} of {len(m['sampled'])} | {k} | "
              f"{len(got) - len(clear)} | {prec:.3f} ({lo:.2f}-{hi:.2f}) | {m['reported'] * prec:.0f} |")
    sweep(key, labels)


def sweep(key: dict, labels: dict) -> None:
    """For each judge whose every reported pair was sampled (--per-model 0): what a higher threshold
    would have reported, and how many of those pairs are real."""
    full = {n: m for n, m in key["models"].items() if m["reported"] == len(m["sampled"]) and m["sampled"]}
    for name, m in full.items():
        t0 = m.get("threshold", 0.5)
        steps = sorted({t0, *(t for t in (0.05, 0.08, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7, 0.9) if t > t0)})
        print(f"\n{name}: every reported pair labelled; at higher thresholds")
        print("| threshold | reported | labelled | real contradictions | precision |")
        print("|---:|---:|---:|---:|---:|")
        for t in steps:
            got = [labels.get(s["id"]) for s in m["sampled"] if s["score"] >= t]
            if not got:
                break
            clear = [g for g in got if g in ("contradiction", "not_contradiction")]
            k = sum(g == "contradiction" for g in clear)
            print(f"| {t:.2f} | {len(got)} | {len(clear)} | {k} | {k / len(clear) if clear else float('nan'):.3f} |")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--sample", action="store_true")
    ap.add_argument("--model", nargs="+", default=["shipped=default"], metavar="NAME=PATH[,aggregate=A][,threshold=T]")
    ap.add_argument("--labels", type=Path, default=LABELS)
    ap.add_argument("--key", type=Path, default=KEY)
    ap.add_argument("--per-model", type=int, default=100, help="reported pairs to sample per model (0: all)")
    ap.add_argument("--limit", type=int, default=100, help="dev-split articles to run (default 100)")
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--score", action="store_true")
    args = ap.parse_args(argv)
    if args.sample:
        if not args.corpus.is_file():
            raise SystemExit(f"{args.corpus}: corpus not found (clone beside ../shared or pass --corpus)")
        sample(args)
    if args.score:
        score(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
