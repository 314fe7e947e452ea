#!/usr/bin/env python
"""Training speed of the NLI cross-encoder, recipe against recipe, side by side in one process.

Every recipe starts from the same weights, trains the same number of optimiser steps on the same
training pairs (AdamW, the trainer's own batching code), and is then scored on the same held-out
pairs, so the table shows speed and what the speed costs in accuracy. The first row is the trainer's
old default (fp32, batch 32, length-bucketed); ratios are against it.

    python scripts/bench_train.py --steps 40
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from nli.models import resolve_nli  # noqa: E402
from nli.nlidata import load_pairs  # noqa: E402
from nli.training.trainer import LABEL2ID, collate, encode, epoch_batches, logits_for  # noqa: E402

# (name, precision, batch size, frozen word embeddings, frozen lower layers, bucketing chunk in batches, fused AdamW)
RECIPES = [
    ("fp32, batch 32 (old default)", "fp32", 32, False, 0, 50, False),
    ("fp32, batch 32, no bucketing", "fp32", 32, False, 0, 1, False),
    ("bf16 autocast, batch 32", "bf16", 32, False, 0, 50, False),
    ("bf16, word embeddings frozen", "bf16", 32, True, 0, 50, False),
    ("bf16, frozen embeddings, fused AdamW (new default)", "bf16", 32, True, 0, 50, True),
    ("bf16, frozen embeddings + 2 lowest layers, fused AdamW", "bf16", 32, True, 2, 50, True),
    ("bf16, batch 64, frozen embeddings, fused AdamW", "bf16", 64, True, 0, 50, True),
]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", default=None, help="starting weights (default: the shipped NLI model)")
    ap.add_argument("--train", default="mnli/dev_matched")
    ap.add_argument("--heldout", default="lingnli/val")
    ap.add_argument("--pairs", type=int, default=1280, help="training pairs each recipe trains on (same for all)")
    ap.add_argument("--eval-pairs", type=int, default=600)
    ap.add_argument("--lr", type=float, default=3e-5)
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--only", nargs="*", type=int, help="recipe rows to run (0-based)")
    args = ap.parse_args(argv)
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    if args.threads:
        torch.set_num_threads(args.threads)
    base = args.base or resolve_nli("default").location
    tok = AutoTokenizer.from_pretrained(base)
    tr = load_pairs(args.train, for_training=True)
    order = random.Random(0).sample(range(len(tr)), args.pairs)
    ids, types = encode(tok, [tr.premises[i] for i in order], [tr.hypotheses[i] for i in order], 128)
    labels = torch.tensor([LABEL2ID[tr.labels[i]] for i in order])
    ev = load_pairs(args.heldout)
    ev_p, ev_h = ev.premises[: args.eval_pairs], ev.hypotheses[: args.eval_pairs]
    ev_y = torch.tensor([LABEL2ID[x] for x in ev.labels[: args.eval_pairs]])
    lengths = [len(x) for x in ids]
    rows = []
    recipes = [RECIPES[i] for i in args.only] if args.only else RECIPES
    for name, precision, bs, freeze_emb, freeze_layers, chunk, fused in recipes:
        torch.manual_seed(0)
        model = AutoModelForSequenceClassification.from_pretrained(base, dtype=torch.float32)
        if freeze_emb:
            model.base_model.embeddings.word_embeddings.requires_grad_(False)
        for layer in model.base_model.encoder.layer[:freeze_layers]:
            layer.requires_grad_(False)
        opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=args.lr, weight_decay=0.01,
                                fused=fused or None)
        model.train()
        batches = epoch_batches(lengths, bs, 13, 0, chunk)
        # one untimed warm-up step: oneDNN picks its kernels on the first shapes it sees
        for k, b in enumerate(batches):
            if k == 1:
                t0 = time.perf_counter()
            x = collate(ids, types, b, tok.pad_token_id, "cpu")
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=precision == "bf16"):
                logits = model(**x).logits
            loss = torch.nn.functional.cross_entropy(logits.float(), labels[b])
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            opt.zero_grad(set_to_none=True)
        seconds = time.perf_counter() - t0
        done = sum(len(b) for b in batches[1:])
        acc = float((logits_for(model, tok, ev_p, ev_h, 128, "cpu").argmax(-1) == ev_y).float().mean())
        rows.append((name, done / seconds, acc))
        print(f"{name}: {done / seconds:.1f} pairs/s, held-out accuracy {acc:.3f}", flush=True)
    ref = rows[0][1]
    print(f"\n{args.pairs} training pairs of {args.train} per recipe, lr {args.lr}, from {Path(base).name}; "
          f"held-out: first {args.eval_pairs} of {args.heldout}; {torch.get_num_threads()} threads")
    print("| recipe | pairs/s | vs first row | held-out accuracy after |")
    print("|---|---:|---:|---:|")
    for name, rate, acc in rows:
        print(f"| {name} | {rate:.1f} | {rate / ref:.2f}x | {acc:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
