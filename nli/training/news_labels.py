"""Training pairs from the news pairs people labelled blind (`data/labels/`): real news clashes and
the story's other details, which neither the NLI sets nor the rule-made pairs teach.

The label files name claims by id; the text is rebuilt from the FNC-1 corpus beside the checkout
with the tool's own extractor (sentences for the sentence-pair files, `nli.atoms` for
`news_atomic_labels.jsonl`). Labels map to NLI labels in both orders:

* contradiction -> contradiction;
* not_contradiction, compatible -> neutral (what the judge got wrong: different, not contradicting);
* same, unclear -> left out (a paraphrase entails only in the direction that says less).

`quarters` selects pairs by the FNC-1 quarter of their first article (nli.training.fnc1.quarter):
every label file was drawn from batch runs over quarters 0 and 1, so a judge trained on quarter 0
leaves quarter 1 to fit its combiner and to measure it. The gold (`news_gold_labels.jsonl`, the dev
split) is never read here.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from .fnc1 import CORPUS, quarter

ROOT = Path(__file__).resolve().parents[2]
LABELS = ROOT / "data" / "labels"
SENTENCE_FILES = ("news_hardneg_labels.jsonl", "news_reported_labels.jsonl", "news_census_labels.jsonl")
ATOMIC_FILE = "news_atomic_labels.jsonl"
TO_NLI = {"contradiction": "contradiction", "compatible": "neutral", "not_contradiction": "neutral"}


def _texts(ids_by_unit: dict[str, set[str]], corpus: Path) -> dict[str, dict[str, str]]:
    """Each unit's claim texts by id, for the claims `ids_by_unit` names: one pass over the corpus, each
    article extracted once per unit."""
    from ..claims import extract_claims
    from ..config import Config
    from ..records import Article

    wanted = {unit: {cid.rsplit("#", 1)[0] for cid in ids} for unit, ids in ids_by_unit.items()}
    out: dict[str, dict[str, str]] = {unit: {} for unit in ids_by_unit}
    for row in map(json.loads, corpus.open(encoding="utf-8")):
        for unit, articles in wanted.items():
            if str(row["id"]) in articles:
                for c in extract_claims(Article(id=str(row["id"]), text=row["text"]), Config(claims=unit)):
                    out[unit][c.id] = c.text
    return out


def labelled_pairs(quarters: set[int], corpus: Path = CORPUS, atomic: bool = True,
                   not_label: str = "neutral", extra: tuple[Path, ...] = ()) -> tuple[list[dict], dict]:
    """(rows of premise, hypothesis, label, id; counts) for the labelled pairs of `quarters`; a pair
    labelled not a contradiction becomes `not_label` ("not_contradiction": the trainer then lowers only
    its P(contradiction)). `extra`: more label files of sentence pairs (a later quarter's labels of a
    judge's reports, which the default files predate)."""
    files = ([(LABELS / f, "sentence") for f in SENTENCE_FILES] + [(Path(f), "sentence") for f in extra]
             + ([(LABELS / ATOMIC_FILE, "atomic")] if atomic else []))
    labels = {path: [r for r in map(json.loads, path.open()) if r["label"] in TO_NLI
                     and quarter(r["id"].split("|")[0].rsplit("#", 1)[0]) in quarters] for path, _ in files}
    ids: dict[str, set[str]] = {}
    for path, unit in files:
        ids.setdefault(unit, set()).update(c for r in labels[path] for c in r["id"].split("|"))
    texts = _texts(ids, corpus)
    rows, stats = [], Counter()
    for path, unit in files:
        for r in labels[path]:
            a, b = r["id"].split("|")
            if a not in texts[unit] or b not in texts[unit]:
                stats[f"{path.name}: claims the extractor no longer makes"] += 1
                continue
            stats[f"{path.name}: {r['label']}"] += 1
            for p, h in ((texts[unit][a], texts[unit][b]), (texts[unit][b], texts[unit][a])):
                label = TO_NLI[r["label"]]
                rows.append({"premise": p, "hypothesis": h, "id": r["id"],
                             "label": not_label if label == "neutral" else label})
    return rows, dict(stats)


def write(rows: list[dict], out: Path, repeat_contradiction: int = 1) -> int:
    """Write `rows`, each contradiction `repeat_contradiction` times; the number of lines written."""
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with out.open("w", encoding="utf-8") as f:
        for r in rows:
            for _ in range(repeat_contradiction if r["label"] == "contradiction" else 1):
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
                n += 1
    return n


def main(argv=None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--out", type=Path, default=ROOT / "runs" / "news_labelled" / "train_q0.jsonl")
    ap.add_argument("--quarters", type=int, nargs="+", default=[0])
    ap.add_argument("--repeat-contradiction", type=int, default=3, help="write each contradiction this many times (1 pair in 25 is one)")
    ap.add_argument("--no-atomic", action="store_true", help=f"leave out {ATOMIC_FILE}")
    ap.add_argument("--not-label", choices=["neutral", "not_contradiction"], default="neutral",
                    help="what a pair labelled not a contradiction trains as: neutral, or only a lower P(contradiction)")
    ap.add_argument("--extra", type=Path, nargs="*", default=[],
                    help="more label files of sentence pairs, e.g. data/labels/news_q2_labels.jsonl (read for --quarters too)")
    args = ap.parse_args(argv)
    if missing := [str(f) for f in args.extra if not f.is_file()]:
        raise SystemExit(f"{missing[0]}: label file not found")
    if not args.corpus.is_file():
        raise SystemExit(f"{args.corpus}: corpus not found (clone beside ../shared or pass --corpus)")
    rows, stats = labelled_pairs(set(args.quarters), args.corpus, atomic=not args.no_atomic, not_label=args.not_label,
                                  extra=tuple(args.extra))
    written = write(rows, args.out, args.repeat_contradiction)
    print(json.dumps(stats, indent=1))
    print(f"{args.out}: {written} rows written: {len(rows)} pairs in both orders ({dict(Counter(r['label'] for r in rows))}), "
          f"each contradiction x{args.repeat_contradiction}")
    return 0
