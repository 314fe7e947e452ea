#!/usr/bin/env python
"""Blind audit of the rule-made news pairs: how often is the generated label wrong?

1. `--sample`: draw N pairs (seeded) from the generated train split and write them without their
   label or rule to `runs/news_audit/blind.jsonl` for a person (or a helper) to label.
2. The labeller writes `{"index", "label"}` lines (entailment / neutral / contradiction / unclear).
3. `--score LABELS`: compare with the generated labels; prints the error rate overall and per rule.

Only indices and labels are kept in the repository (`data/labels/news_audit_labels.jsonl`): the
FNC-1 text is not ours to redistribute, and the seeded generator rebuilds it.

    python scripts/audit_news_pairs.py --sample 150 --seed 7
    python scripts/audit_news_pairs.py --score data/labels/news_audit_labels.jsonl
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "runs" / "news_pairs" / "fnc1news" / "train.jsonl"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--generated", type=Path, default=GENERATED)
    ap.add_argument("--sample", type=int, default=None)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--out", type=Path, default=ROOT / "runs" / "news_audit" / "blind.jsonl")
    ap.add_argument("--score", type=Path, default=None)
    args = ap.parse_args(argv)
    if not args.generated.is_file():
        raise SystemExit(f"{args.generated}: not found; run scripts/make_news_pairs.py first")
    rows = [json.loads(line) for line in args.generated.open()]
    if args.sample:
        picked = sorted(random.Random(args.seed).sample(range(len(rows)), args.sample))
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with args.out.open("w") as f:
            for i in picked:
                f.write(json.dumps({"index": i, "premise": rows[i]["premise"], "hypothesis": rows[i]["hypothesis"]}) + "\n")
        print(f"{args.out}: {len(picked)} pairs to label blind")
    if args.score:
        gold = [json.loads(line) for line in args.score.open()]
        wrong, per_rule = 0, defaultdict(Counter)
        for g in gold:
            r = rows[g["index"]]
            ok = g["label"] == r["label"]
            wrong += not ok
            rule = r["rule"].split(":")[0]
            per_rule[rule]["n"] += 1
            per_rule[rule]["wrong"] += not ok
        print(f"{len(gold)} pairs labelled blind; generated label differs on {wrong} ({wrong / len(gold):.1%})")
        print("| rule | pairs | label differs |")
        print("|---|---:|---:|")
        for rule, c in sorted(per_rule.items(), key=lambda kv: -kv[1]["n"]):
            print(f"| {rule} | {c['n']} | {c['wrong']} |")
        confusion = Counter((rows[g["index"]]["label"], g["label"]) for g in gold)
        print("generated -> labeller:", dict(confusion.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
