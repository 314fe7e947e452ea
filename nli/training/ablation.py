"""Which training data helps: short continuation runs, one per data group, scored on development sets.

Every arm starts from the same model (default: the shipped one), trains the same number of steps with
the same recipe on a different mix, and is scored on the same development sets, none of which any arm
trains on: news pairs from held-out articles (`scripts/make_news_pairs.py`'s dev split), LingNLI val
(MNLI-style) and the newswire contradiction slice used to choose the threshold. The test sets of the
model card (MNLI dev-mismatched, emergent, healthver, control) are not looked at here.

    python scripts/ablate_data.py --steps 200 --out runs/ablate
    python scripts/ablate_data.py --written --steps 300     # the written pairs' groups, one left out at a time
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the checkout
EXTRA = ROOT.parent / "shared" / "data" / "nli_extra"
NEWS = ROOT / "runs" / "news_pairs" / "fnc1news"

BASE = ["lingnli/train", "cad_snli/all_combined_train", "snli/dev", "mnli/dev_matched"]
PEOPLE = [f"{EXTRA}/{s}/train.jsonl" for s in ("fever_dev_gold", "infotabs", "xnli_en_dev", "taxinli_mnli_train_part",
                                                "mpe", "covidfact", "scifact_rte")]
FACT = [f"{EXTRA}/{s}/train.jsonl" for s in ("fever_dev_gold", "covidfact")]
RULES = [f"{EXTRA}/{s}/train.jsonl" for s in ("conjnli_adv", "imppres", "logicnli", "tracie", "joci", "folio")]
ARMS = {
    "base mix (LingNLI, CAD-SNLI, SNLI dev, MNLI dev-m)": BASE,
    "+ news pairs": BASE + [f"{NEWS}/train.jsonl"],
    "+ news + people-made extras": BASE + [f"{NEWS}/train.jsonl"] + PEOPLE,
    "+ news + people-made + rule/template extras": BASE + [f"{NEWS}/train.jsonl"] + PEOPLE + RULES,
    "+ news + fact-checking sets (FEVER, COVID-Fact)": BASE + [f"{NEWS}/train.jsonl"] + FACT,
}
DEV = [f"{NEWS}/dev.jsonl", "lingnli/val", "stanford_contradiction_partial/rte2_dev_negated_slice"]
# what a mix is judged by (their mean too); scripts/gpu_judge.py chooses by the same
DEV_FIGURES = [("news dev acc", DEV[0], "accuracy"), ("news dev C-F1", DEV[0], "contradiction_f1"),
               ("LingNLI val acc", DEV[1], "accuracy"), ("rte2 dev slice C-F1", DEV[2], "contradiction_f1")]


# the written pairs (scripts/written_pairs.py split --groups ... --out runs/written_ablate/<arm>): each
# group left out in turn, against a replay of the shipped model's people-made sets
MORE = ROOT.parent / "shared" / "data" / "nli_more"
REPLAY = ["lingnli/train:10000", "mnli/dev_matched:8000", f"{EXTRA}/fever_dev_gold/train.jsonl:3000"]
NLI_MORE = [f"{MORE}/fever_nli_dev_3way/train.jsonl:4000", f"{MORE}/sufficient_facts/train.jsonl"]
WRITTEN_GROUPS = {"news": ("news", "headline", "cross"), "framed": ("framed",), "cue": ("cue", "self"), "genre": ("genre",)}


def written_arms() -> dict[str, tuple[list[str], tuple[str, ...] | None]]:
    """name -> (sets besides the written pairs, written groups kept or None for none)."""
    every = tuple(g for gs in WRITTEN_GROUPS.values() for g in gs)
    arms = {"replay only": (REPLAY, None), "replay + nli_more": (REPLAY + NLI_MORE, None),
            "replay + all written": (REPLAY, every), "replay + all written + nli_more": (REPLAY + NLI_MORE, every)}
    for name, gs in WRITTEN_GROUPS.items():
        arms[f"all written but {name}, + nli_more"] = (REPLAY + NLI_MORE, tuple(g for g in every if g not in gs))
    return arms


def written_main(argv=None) -> int:
    """Ablation of the written pairs' groups (scripts/ablate_data.py --written)."""
    ap = argparse.ArgumentParser(description="Ablation of the written pairs' groups: short continuation runs from "
                                             "the shipped model, scored on the written dev split and LingNLI val.")
    ap.add_argument("--written", action="store_true")
    ap.add_argument("--out", type=Path, default=ROOT / "runs" / "written_ablate")
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--lr", type=float, default=3e-5)
    ap.add_argument("--dev-limit", type=int, default=1000)
    ap.add_argument("--only", nargs="*", default=None, help="run only these arms (by name)")
    args = ap.parse_args(argv)
    from ..evaluate import evaluate
    from ..models import load_nli, resolve_nli
    from .written import DATA, training_files

    base = resolve_nli("default").location
    all_files = training_files(DATA / "pairs.jsonl.xz", args.out / "all")
    dev = [str(all_files["dev"]), "lingnli/val"]
    score = lambda d: {s.set: s for s in evaluate(load_nli(d), dev, limit=args.dev_limit)}  # noqa: E731
    results = {"shipped (no further training)": score(base)}
    for k, (name, (sets, groups)) in enumerate(written_arms().items()):
        if args.only and name not in args.only:
            continue
        run = args.out / f"arm{k}"
        train = list(sets)
        if groups:
            train.append(str(training_files(DATA / "pairs.jsonl.xz", run / "data", groups)["train"]))
        cmd = [sys.executable, str(ROOT / "scripts" / "train_nli.py"), "--out", str(run), "--base", base,
               "--train", *train, "--max-steps", str(args.steps), "--lr", str(args.lr), "--warmup", "0.05",
               "--heldout", "600", "--eval-every", str(args.steps), "--save-every", str(args.steps),
               "--no-swap-contradictions", "--random-neutral", "0.05", "--identity", "0.02"]
        if not (run / "best").is_dir():
            subprocess.run(cmd, check=True)
        results[name] = score(str(run / "best"))
        print(f"done: {name}", flush=True)
    names = [("written dev acc", "accuracy"), ("written dev C-F1", "contradiction_f1"), ("LingNLI val acc", "accuracy")]
    print(f"\n{args.steps} steps x 32 pairs from the shipped model, lr {args.lr}; dev: first {args.dev_limit} pairs a set")
    print("| training mix | " + " | ".join(n for n, _ in names) + " | mean |\n|---|" + "---:|" * (len(names) + 1))
    table = {}
    for name, scores in results.items():
        sets = list(scores)
        vals = [getattr(scores[sets[0]], names[0][1]), getattr(scores[sets[0]], names[1][1]), getattr(scores[sets[1]], names[2][1])]
        table[name] = vals
        print(f"| {name} | " + " | ".join(f"{v:.3f}" for v in vals) + f" | {sum(vals) / len(vals):.3f} |")
    (args.out / "ablation.json").write_text(json.dumps(table, indent=2))
    return 0


def dev_figures(scores: dict) -> list[float]:
    """DEV_FIGURES' values from {set name: nli.evaluate.SetScore}."""
    from ..nlidata import set_name

    return [getattr(scores[set_name(s)], m) for _, s, m in DEV_FIGURES]


def dev_scores(model_dir: str, limit: int) -> dict:
    from ..evaluate import evaluate
    from ..models import load_nli

    return {s.set: s for s in evaluate(load_nli(model_dir), DEV, limit=limit)}


def main(argv=None) -> int:
    if "--written" in (argv if argv is not None else sys.argv[1:]):
        return written_main(argv)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=ROOT / "runs" / "ablate")
    ap.add_argument("--base", default=None, help="starting model (default: the shipped one)")
    ap.add_argument("--steps", type=int, default=200)
    ap.add_argument("--lr", type=float, default=4e-5)
    ap.add_argument("--dev-limit", type=int, default=1500)
    args = ap.parse_args(argv)
    from ..models import resolve_nli

    base = args.base or resolve_nli("default").location
    results = {"start (no further training)": dev_scores(base, args.dev_limit)}
    for k, (name, sets) in enumerate(ARMS.items()):
        run = args.out / f"arm{k}"
        cmd = [sys.executable, str(ROOT / "scripts" / "train_nli.py"), "--out", str(run), "--base", base,
               "--train", *sets, "--max-steps", str(args.steps), "--lr", str(args.lr), "--warmup", "0.05",
               "--heldout", "600", "--eval-every", str(args.steps), "--save-every", str(args.steps),
               "--no-swap-contradictions", "--random-neutral", "0.05"]
        if not (run / "best").is_dir():
            subprocess.run(cmd, check=True)
        results[name] = dev_scores(str(run / "best"), args.dev_limit)
        print(f"done: {name}", flush=True)
    print(f"\n{args.steps} steps x 32 pairs from {Path(base).name}, lr {args.lr}; dev: first {args.dev_limit} pairs a set")
    print("| training mix | " + " | ".join(c[0] for c in DEV_FIGURES) + " | mean |")
    print("|---|" + "---:|" * (len(DEV_FIGURES) + 1))
    table = {}
    for name, scores in results.items():
        vals = dev_figures(scores)
        table[name] = vals
        print(f"| {name} | " + " | ".join(f"{v:.3f}" for v in vals) + f" | {sum(vals) / len(vals):.3f} |")
    (args.out / "ablation.json").write_text(json.dumps(table, indent=2))
    return 0
