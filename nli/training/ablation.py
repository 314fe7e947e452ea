"""Which training data helps: short continuation runs, one per data group, scored on development sets.

Every arm starts from the same model (default: the shipped one), trains the same number of steps with
the same recipe on a different mix, and is scored on the same development sets, none of which any arm
trains on: news pairs from held-out articles (`scripts/make_news_pairs.py`'s dev split), LingNLI val
(MNLI-style) and the newswire contradiction slice used to choose the threshold. The test sets of the
model card (MNLI dev-mismatched, emergent, healthver, control) are not looked at here.

    python scripts/ablate_data.py --steps 200 --out runs/ablate
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


def dev_figures(scores: dict) -> list[float]:
    """DEV_FIGURES' values from {set name: nli.evaluate.SetScore}."""
    from ..nlidata import set_name

    return [getattr(scores[set_name(s)], m) for _, s, m in DEV_FIGURES]


def dev_scores(model_dir: str, limit: int) -> dict:
    from ..evaluate import evaluate
    from ..models import load_nli

    return {s.set: s for s in evaluate(load_nli(model_dir), DEV, limit=limit)}


def main(argv=None) -> int:
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
