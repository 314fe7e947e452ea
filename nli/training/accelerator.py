"""Train judge candidates on a lent accelerator, in one short prepared run.

The accelerator has neither `../shared` nor `datasets`, and at most 64 MiB of working tree
travels there, so the work is split in three:

    python scripts/gpu_judge.py prepare            # here: pools and dev sets into .gpu/ (git-ignored)
    bash scripts/gpu_judge.sh                       # there (device tool, carry .gpu): train, choose, pack
    python scripts/gpu_judge.py unpack DIR          # here: rebuild full model directories under runs/gpu/

`prepare` writes one training pool per data mix with `train_nli.py --write-pool` (the same held-out
selection and calibration slices as a local run) and the development sets as JSON. `collect`
(run by gpu_judge.sh) exports each run, scores it on the development sets only, and packs the best
two: every tensor but the word embeddings, which are frozen and so equal the shipped model's, in
fp16 shards small enough for the device tool's 16 MiB-per-file limit.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .ablation import BASE, DEV, EXTRA, FACT, NEWS, dev_figures

ROOT = Path(__file__).resolve().parents[2]  # the checkout

BUNDLE = ROOT / ".gpu"
SHIPPED = ROOT / "models" / "nli-minilm-l6-h384"
WORD_EMB = "bert.embeddings.word_embeddings.weight"

# Stage 3's mix (the shipped model's), and the same plus the people-made sets with usable licences.
MIXES = {"s3": BASE + [f"{NEWS}/train.jsonl"] + FACT}
MIXES["s3people"] = MIXES["s3"] + [f"{EXTRA}/{s}/train.jsonl" for s in ("infotabs", "taxinli_mnli_train_part", "mpe")] + [
    "commitment_bank/train"]
# Chosen on scripts/ablate_data.py's development sets and figures: none trained on, none a model-card test set.
DEV_LIMIT = 1500
# run name -> (mix, learning rate); all continue from the shipped model, bf16, batch 32
# (four runs sharing the GPU, s3 and s3people at 2e-5 and 4e-5, each got only a third to half
# an epoch in its budget; two runs get more)
RUNS = {"s3_lr3": ("s3", 3e-5), "people_lr3": ("s3people", 3e-5)}


def prepare(args):
    from ..nlidata import load_pairs, resolve

    for name in {*DEV, *(s for sets in MIXES.values() for s in sets)}:
        try:
            resolve(name)
        except FileNotFoundError as e:
            hint = " (python scripts/make_news_pairs.py --out runs/news_pairs writes it)" if str(NEWS) in name else ""
            raise SystemExit(f"{e}{hint}") from None
    (BUNDLE / "pools").mkdir(parents=True, exist_ok=True)
    for mix, sets in MIXES.items():
        cmd = [sys.executable, str(ROOT / "scripts/train_nli.py"), "--out", str(BUNDLE / "tmp"), "--train", *sets,
               "--no-swap-contradictions", "--random-neutral", "0.05", "--write-pool", str(BUNDLE / "pools" / f"{mix}.json.xz")]
        if subprocess.run(cmd, cwd=ROOT).returncode:
            raise SystemExit(f"{mix}: train_nli.py --write-pool failed (its error is above)")
    dev = [vars(load_pairs(name, limit=DEV_LIMIT)) for name in DEV]  # PairSet fields: name, premises, ...
    (BUNDLE / "dev.json").write_text(json.dumps(dev))
    (BUNDLE / "runs.json").write_text(json.dumps(RUNS))
    shutil.rmtree(BUNDLE / "tmp", ignore_errors=True)
    size = sum(p.stat().st_size for p in BUNDLE.rglob("*") if p.is_file())
    print(f"{BUNDLE}: {size / 2**20:.1f} MiB")


def dev_scores(model_dir: Path, dev: list[dict]) -> dict:
    from ..evaluate import score_set
    from ..judge import NLIModel
    from ..nlidata import PairSet
    from ..sources import ModelSource

    model = NLIModel(ModelSource("nli", model_dir.name, str(model_dir), "local directory"))
    scores = {}
    for d in dev:
        t0 = time.time()
        probs = model.predict(d["premises"], d["hypotheses"])
        scores[d["name"]] = score_set(PairSet(**d), probs, time.time() - t0)
    figures = dev_figures(scores)
    return {**{n: {"accuracy": s.accuracy, "contradiction_f1": s.contradiction_f1} for n, s in scores.items()},
            "mean": sum(figures) / len(figures)}


def collect(args):
    import torch
    from safetensors.torch import load_file, save_file

    out = Path(args.out)
    dev = json.loads((BUNDLE / "dev.json").read_text())
    runs = json.loads((BUNDLE / "runs.json").read_text())
    results = {}
    shipped = load_file(SHIPPED / "model.safetensors")
    results["shipped"] = dev_scores(SHIPPED, dev)
    for name, (mix, _) in runs.items():
        run = Path(args.runs) / name
        if not (run / "best").is_dir():
            results[name] = {"error": "no best checkpoint"}
            continue
        if not (run / "export").is_dir():  # gpu_judge.sh has each run export itself as it ends
            subprocess.run([sys.executable, str(ROOT / "scripts/train_nli.py"), "--out", str(run), "--pool",
                            str(BUNDLE / "pools" / f"{mix}.json.xz"), "--export-only", "--export", str(run / "export")],
                           check=True, cwd=ROOT)
        results[name] = dev_scores(run / "export", dev)
        results[name]["training"] = json.loads((run / "export" / "training.json").read_text())
        print(name, {k: v for k, v in results[name].items() if k != "training"}, flush=True)
    ranked = sorted((n for n in runs if "mean" in results[n]), key=lambda n: -results[n]["mean"])
    for name in ranked[: args.keep]:
        export = Path(args.runs) / name / "export"
        tensors = load_file(export / "model.safetensors")
        if not torch.equal(tensors[WORD_EMB].float(), shipped[WORD_EMB].float()):
            raise SystemExit(f"{name}: word embeddings moved; they must stay frozen to be left out of the pack")
        rest = {k: v.to(torch.float16).contiguous() for k, v in tensors.items() if k != WORD_EMB}
        keys = sorted(rest)
        half = len(keys) // 2
        for i, part in enumerate((keys[:half], keys[half:])):
            save_file({k: rest[k] for k in part}, str(out / f"{name}.part{i}.safetensors"))
        meta = {"config": json.loads((export / "config.json").read_text()),
                "training": json.loads((export / "training.json").read_text())}
        (out / f"{name}.meta.json").write_text(json.dumps(meta, indent=1))
    (out / "results.json").write_text(json.dumps({"ranked": ranked, "results": results}, indent=1))
    print(json.dumps({n: results[n].get("mean") for n in ["shipped", *ranked]}, indent=1))


def unpack(args):
    import torch
    from safetensors.torch import load_file, save_file

    src = Path(args.src)
    word_emb = load_file(SHIPPED / "model.safetensors")[WORD_EMB]
    for meta_path in sorted(src.glob("*.meta.json")):
        name = meta_path.name[: -len(".meta.json")]
        dest = Path(args.dest) / name
        dest.mkdir(parents=True, exist_ok=True)
        tensors = {WORD_EMB: word_emb}
        for part in sorted(src.glob(f"{name}.part*.safetensors")):
            tensors.update(load_file(part))
        save_file({k: v.to(torch.float16).contiguous() for k, v in tensors.items()}, str(dest / "model.safetensors"),
                  metadata={"format": "pt"})
        meta = json.loads(meta_path.read_text())
        (dest / "config.json").write_text(json.dumps(meta["config"], indent=2))
        (dest / "training.json").write_text(json.dumps(meta["training"], indent=2))
        for f in ("tokenizer.json", "tokenizer_config.json"):
            shutil.copy(SHIPPED / f, dest / f)
        print(f"{dest}: {len(tensors)} tensors")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("prepare")
    c = sub.add_parser("collect")
    c.add_argument("--runs", required=True)
    c.add_argument("--out", required=True)
    c.add_argument("--keep", type=int, default=2)
    u = sub.add_parser("unpack")
    u.add_argument("src")
    u.add_argument("--dest", default=str(ROOT / "runs" / "gpu"))
    args = ap.parse_args(argv)
    {"prepare": prepare, "collect": collect, "unpack": unpack}[args.cmd](args)
