"""A blind audit of atomic claims (nli.atoms): is each claim faithful to its sentence, and
understandable alone?

`sample` draws claims from FNC-1 dev-split articles, which nothing was tuned on: uniformly from all
the claims the stage outputs (what the judge sees), or with `changed_only` from those whose text
differs from their sentence (split, unframed or resolved), the harder half. It writes them for
labellers without any score. `score` reads the labels and reports both rates with 95% Wilson
intervals.
"""
from __future__ import annotations

import json
import random
from pathlib import Path

from ..bench import dev_articles, wilson
from ..claims import extract_claims
from ..config import Config
from ..records import Article


def sample(corpus: Path, out: Path, n: int = 250, seed: int = 7, changed_only: bool = True) -> dict:
    arts = dev_articles(corpus, None)
    changed, total = [], 0
    for a in arts:
        claims = extract_claims(Article(id=str(a["id"]), text=a["text"]), Config(claims="atomic"))
        total += len(claims)
        changed += [c for c in claims if not changed_only or (c.sentence and c.text != c.sentence)]
    picked = random.Random(seed).sample(changed, min(n, len(changed)))
    with out.open("w") as f:
        for c in picked:
            f.write(json.dumps({"id": c.id, "sentence": c.sentence_text, "claim": c.text}, ensure_ascii=False) + "\n")
    return {"articles": len(arts), "claims": total, "drawn_from": len(changed), "sampled": len(picked)}


def score(labels: Path) -> dict:
    rows = [json.loads(l) for l in labels.open()]
    out = {"n": len(rows)}
    for key in ("faithful", "self_contained"):
        k = sum(r[key] == "yes" for r in rows)
        out[key] = {"yes": k, "rate": round(k / max(1, len(rows)), 3), "ci95": list(wilson(k, len(rows)) or (0.0, 1.0))}
    return out


def main(argv=None) -> int:
    import argparse

    from .fnc1 import CORPUS

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample", help="draw claims for labellers (the file holds FNC-1 text: kept out of git)")
    s.add_argument("--out", type=Path, required=True)
    s.add_argument("--n", type=int, default=250)
    s.add_argument("--seed", type=int, default=9)
    s.add_argument("--changed-only", action="store_true", help="only claims whose text differs from their sentence")
    c = sub.add_parser("score", help="both rates, with 95% Wilson intervals")
    c.add_argument("labels", type=Path, nargs="+")
    args = ap.parse_args(argv)
    if args.cmd == "sample":
        print(json.dumps(sample(CORPUS, args.out, args.n, args.seed, args.changed_only)))
    else:
        for path in args.labels:
            print(path.name, json.dumps(score(path)))
    return 0
