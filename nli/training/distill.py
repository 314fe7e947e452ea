"""Distillation data: a stronger teacher's probabilities on unlabelled news pairs.

People label about 45 news pairs in five minutes; a base-size teacher (docs/training.md, "A base-size
teacher") labels about 40 a second on this CPU. This script gives the teacher the pairs the tool
itself would judge: the candidate pairs of FNC-1 train-split articles in quarters 0-2 (the
repository's set: quarter 0), read from batch runs made by scripts/make_filter_data.py (which also
hold the shipped judge's verdicts). Quarter 3 stays out, because the combiner is fitted on it, and
so does the dev split, on which the gold figures are measured.

Pairs are taken in an order that keeps every prefix useful: shuffled pairs the shipped judge gives
P(contradiction) >= --floor in either direction, interleaved --mix to 1 with shuffled other pairs.
Both directions of each pair are written, one row each, with the teacher's calibrated probabilities
in the order of nli.nlidata.LABELS. Rows are appended in chunks, so a killed run resumes.

    python scripts/make_filter_data.py --out runs/distill/student --quarters 0 --train-split --precision bf16
    python scripts/distill_news.py --runs runs/distill/student --teacher runs/teacher/export --out runs/distill/teacher.jsonl \
        --pairs 20000 --save-ids data/distill/teacher_news_q0.jsonl.xz

The trainer reads the file with --distill (soft targets: cross-entropy against the teacher's
probabilities). `--save-ids` writes the repository's copy (`data/distill/`): claim ids and
probabilities only, xz-compressed, since FNC-1's text is not ours to redistribute; the trainer reads
that copy as well and rebuilds the sentences from the corpus beside the checkout.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import time
from pathlib import Path

import numpy as np

from .fnc1 import article_split, quarter

TRAIN_QUARTERS = (0, 1, 2)


def candidate_pairs(run_dirs: list[Path]) -> list[dict]:
    """Every candidate pair of the runs whose two articles are train-split and in quarters 0-2, with
    the shipped judge's max P(contradiction) over both directions."""
    from .combiner_fit import judged_pairs

    def taught(claim_id: str) -> bool:
        article = claim_id.rsplit("#", 1)[0]
        return article_split(article) == "train" and quarter(article) in TRAIN_QUARTERS

    out = [{"id": r["id"], "a": r["a"], "b": r["b"], "student": max(r["p_ab"]["contradiction"], r["p_ba"]["contradiction"])}
           for run_dir in run_dirs for r in judged_pairs(run_dir) if all(map(taught, r["id"].split("|")))]
    out.sort(key=lambda r: r["id"])  # stable whatever order the runs list their pairs in
    return out


def teaching_order(rows: list[dict], floor: float, mix: int, seed: int) -> list[dict]:
    """Likely clashes and ordinary pairs interleaved `mix` to 1, each group shuffled."""
    rng = random.Random(seed)
    hot = [r for r in rows if r["student"] >= floor]
    cold = [r for r in rows if r["student"] < floor]
    rng.shuffle(hot)
    rng.shuffle(cold)
    out = []
    while hot or cold:
        out += [hot.pop() for _ in range(min(mix, len(hot)))]
        if cold:
            out.append(cold.pop())
    return out


def main(argv=None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=Path, required=True, help="folder of make_filter_data.py's quarter runs (q0/run, ...)")
    ap.add_argument("--teacher", required=True, help="the teacher model (a directory or a name nli.models resolves)")
    ap.add_argument("--out", type=Path, required=True, help="jsonl of premise, hypothesis, probs, id; appended to")
    ap.add_argument("--pairs", type=int, default=30000, help="pairs to label (two rows each)")
    ap.add_argument("--floor", type=float, default=0.05, help="the shipped judge's P(contradiction) that makes a pair likely")
    ap.add_argument("--mix", type=int, default=2, help="likely pairs per ordinary pair")
    ap.add_argument("--chunk", type=int, default=512)
    ap.add_argument("--precision", default="bf16", choices=["fp32", "bf16"])
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--save-ids", type=Path, default=None,
                    help="also write ids and probabilities only (.jsonl.xz), the copy the repository keeps")
    args = ap.parse_args(argv)

    from ..models import load_nli

    runs = sorted(p.parent for p in args.runs.glob("q*/run/run.json"))
    if not runs:
        raise SystemExit(f"{args.runs}: no batch runs (q*/run/run.json); make them with scripts/make_filter_data.py")
    rows = teaching_order(candidate_pairs(runs), args.floor, args.mix, args.seed)[: args.pairs]
    done = set()
    if args.out.exists():
        done = {json.loads(line)["id"] for line in args.out.open(encoding="utf-8") if line.strip()}
    todo = [r for r in rows if r["id"] not in done]
    print(f"{len(rows)} pairs chosen from {len(runs)} runs, {len(rows) - len(todo)} already labelled", flush=True)
    teacher = load_nli(args.teacher, precision=args.precision)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    for k in range(0, len(todo), args.chunk):
        part = todo[k : k + args.chunk]
        prem = [r["a"] for r in part] + [r["b"] for r in part]
        hyp = [r["b"] for r in part] + [r["a"] for r in part]
        probs = teacher.predict(prem, hyp)
        n = len(part)
        with args.out.open("a", encoding="utf-8") as f:  # one chunk at a time: a killed run loses at most one
            for i, r in enumerate(part):
                for p, h, q, d in ((r["a"], r["b"], probs[i], "ab"), (r["b"], r["a"], probs[n + i], "ba")):
                    f.write(json.dumps({"id": r["id"], "dir": d, "premise": p, "hypothesis": h,
                                        "probs": [round(float(x), 5) for x in q], "student": round(r["student"], 5)}) + "\n")
        rate = (k + n) / (time.time() - t0)
        print(f"{k + n}/{len(todo)} pairs, {rate:.1f} pairs/s", flush=True)
    print("pairs either judge calls a contradiction at 0.5:", json.dumps(teacher_agreement(args.out)))
    if args.save_ids:
        save_ids(args.out, args.save_ids)
        print(f"wrote {args.save_ids}")
    return 0


def save_ids(path: Path, out: Path) -> None:
    import lzma

    out.parent.mkdir(parents=True, exist_ok=True)
    with lzma.open(out, "wt", encoding="utf-8", preset=9) as f:
        for line in path.open(encoding="utf-8"):
            if line.strip():
                r = json.loads(line)
                f.write(json.dumps({"id": r["id"], "dir": r["dir"], "probs": r["probs"]}) + "\n")


def set_name(path: Path) -> str:
    """The name a distillation file goes by in a model's training facts: without its suffixes."""
    return path.name.split(".")[0]


def read_distilled(path: Path, limit: int | None = None, seed: int = 13) -> tuple[list[str], list[str], list[list[float]]]:
    """(premises, hypotheses, probabilities) of a distillation file; `limit` pairs, both directions kept
    together. An ids-only copy (`--save-ids`) gets its sentences rebuilt from the FNC-1 corpus."""
    import lzma

    opener = lzma.open if path.suffix == ".xz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    if limit is not None:
        ids = sorted({r["id"] for r in rows})
        keep = set(random.Random(f"{seed}:{set_name(path)}").sample(ids, min(limit, len(ids))))
        rows = [r for r in rows if r["id"] in keep]
    if rows and "premise" not in rows[0]:
        from .fnc1 import CORPUS
        from .news_labels import _texts

        texts = _texts({"sentence": {c for r in rows for c in r["id"].split("|")}}, CORPUS)["sentence"]
        missing = sum(c not in texts for r in rows for c in r["id"].split("|"))
        if missing:
            raise SystemExit(f"{path}: {missing} claim ids the extractor no longer makes from {CORPUS}")
        for r in rows:
            a, b = (texts[c] for c in r["id"].split("|"))
            r["premise"], r["hypothesis"] = (a, b) if r["dir"] == "ab" else (b, a)
    return [r["premise"] for r in rows], [r["hypothesis"] for r in rows], [r["probs"] for r in rows]


def teacher_agreement(path: Path) -> dict:
    """How many labelled pairs the teacher and the judge that chose them call contradictions (max of
    both directions at 0.5), and how many both do."""
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    from ..nlidata import LABELS

    ci = LABELS.index("contradiction")
    by_id: dict[str, float] = {}
    student: dict[str, float] = {}
    for r in rows:
        by_id[r["id"]] = max(by_id.get(r["id"], 0.0), r["probs"][ci])
        student[r["id"]] = r["student"]
    t = np.array([by_id[i] for i in by_id])
    s = np.array([student[i] for i in by_id])
    return {"pairs": len(t), "teacher_clash": int((t >= 0.5).sum()), "student_clash": int((s >= 0.5).sum()),
            "both": int(((t >= 0.5) & (s >= 0.5)).sum())}
