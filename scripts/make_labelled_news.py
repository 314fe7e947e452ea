#!/usr/bin/env python
"""Training pairs from real news pairs labelled by hand: the judge's own false alarms and hits.

`data/labels/news_hardneg_labels.jsonl` holds claim-id pairs that the news-stage judge reported as
contradictions in batch runs over FNC-1 bodies (quarters 0-1 of scripts/make_filter_data.py, never
an article of the dev split of scripts/make_news_pairs.py, which scripts/news_gold.py tests on),
labelled blind (contradiction / same / compatible / unclear) by helpers who saw only the two
sentences. Only ids and labels are kept: the FNC-1 text is not ours to redistribute, so this
script re-extracts the claims from the corpus with the tool's own extractor and writes

* contradiction -> contradiction, in both orders (contradiction is symmetric);
* compatible    -> neutral, in both orders (the story's other detail: what the judge got wrong);
* same, unclear -> left out (a paraphrase is entailment only in the direction that says less).

    python scripts/make_labelled_news.py --out runs/news_labelled   # -> runs/news_labelled/fnc1labelled/train.jsonl
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from nli.training.fnc1 import CORPUS  # noqa: E402
LABELS = ROOT / "data" / "labels" / "news_hardneg_labels.jsonl"
TO_NLI = {"contradiction": "contradiction", "compatible": "neutral"}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--labels", type=Path, default=LABELS)
    ap.add_argument("--out", type=Path, default=ROOT / "runs" / "news_labelled")
    ap.add_argument("--name", default="fnc1labelled")
    ap.add_argument("--repeat", type=int, default=1, help="write each pair this many times (to weigh a small set up)")
    ap.add_argument("--repeat-contradiction", type=int, default=4,
                    help="and each contradiction this many times more: 1 labelled pair in 25 is one")
    args = ap.parse_args(argv)
    if not args.corpus.is_file():
        raise SystemExit(f"{args.corpus}: corpus not found (clone beside ../shared or pass --corpus)")

    from nli.claims import extract_claims
    from nli.config import Config
    from nli.records import Article

    labels = [json.loads(line) for line in args.labels.open()]
    wanted = {cid.rsplit("#", 1)[0] for r in labels for cid in r["id"].split("|")}
    texts = {}
    for row in map(json.loads, args.corpus.open(encoding="utf-8")):
        if str(row["id"]) in wanted:
            for c in extract_claims(Article(id=str(row["id"]), text=row["text"]), Config()):
                texts[c.id] = c.text
    rows, missing = [], 0
    for r in labels:
        a, b = r["id"].split("|")
        if a not in texts or b not in texts:
            missing += 1
            continue
        if r["label"] in TO_NLI:
            for p, h in ((texts[a], texts[b]), (texts[b], texts[a])):
                times = args.repeat * (args.repeat_contradiction if r["label"] == "contradiction" else 1)
                rows += [{"premise": p, "hypothesis": h, "label": TO_NLI[r["label"]], "id": r["id"]}] * times
    if missing:
        raise SystemExit(f"{args.labels}: {missing} labelled pairs name claims the extractor no longer makes "
                         "(claim extraction changed since they were labelled)")
    dest = args.out / args.name
    dest.mkdir(parents=True, exist_ok=True)
    with open(dest / "train.jsonl", "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    print(f"{dest / 'train.jsonl'}: {len(rows)} rows from {len(labels)} labelled pairs "
          f"({dict(Counter(r['label'] for r in labels))}; repeat {args.repeat}, contradictions x{args.repeat_contradiction})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
