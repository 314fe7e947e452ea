#!/usr/bin/env python
"""The whole tool, end to end, on labelled news: one markdown table, and the time each part takes.

1. emergent/train as a corpus of headlines: each distinct headline (`premise`) is an article of
   one JSONL row with no full stop. Gold: a "for" and an "against" headline of the same rumour
   (`claim_id`) contradict each other. Any other reported pair is a false positive, two "for" or
   two "against" headlines of one rumour included: they agree. Figures: claims extracted, candidate
   pairs, pairing recall (gold pairs that become candidates: the most the judge can find), and the
   report's precision / recall / F1 at the configured threshold. Pairs are counted between
   headlines: two claims of one headline count once.
2. `nli.verify(rumour, headlines)` for each rumour claim (`hypothesis`), as `nli verify` runs it
   (top-k 10, floor 0.3): precision / recall of "contradicts" against that rumour's "against"
   headlines, and how many of those were retrieved at all.
3. The seed article: rank of the opium pair among all judged pairs, and how many pairs are reported.

    python scripts/bench_quality.py                       # shipped model, full set (2,023 headlines)
    python scripts/bench_quality.py --model runs/nli/best --limit 60   # another model, 60 rumours
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EMERGENT = ROOT.parent / "shared" / "data" / "nli" / "emergent" / "train.jsonl"
SEED = ROOT / "seeds" / "afghan_experts_pakistan_isis.txt"
OPIUM_A = "ISIS was planning to flood the UK and other European nations with heroin"
OPIUM_B = "ISIL-K eradicated opium and heroin production in Nangarhar"


def load_emergent(path: Path, limit: int | None):
    """Distinct headlines, gold contradicting pairs of headline indices, and the rumours."""
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    rumours = list(dict.fromkeys(r["claim_id"] for r in rows))
    if limit:
        keep = set(rumours[:limit])
        rows = [r for r in rows if r["claim_id"] in keep]
        rumours = rumours[:limit]
    heads = list(dict.fromkeys(r["premise"] for r in rows))
    index = {h: i for i, h in enumerate(heads)}
    stance = defaultdict(lambda: defaultdict(set))  # claim_id -> stance -> headline indices
    claim_text = {}
    for r in rows:
        stance[r["claim_id"]][r["stance"]].add(index[r["premise"]])
        claim_text[r["claim_id"]] = r["hypothesis"]
    gold = {(min(f, a), max(f, a)) for d in stance.values() for f in d["for"] for a in d["against"] if f != a}
    return heads, gold, stance, [(c, claim_text[c]) for c in rumours]


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def headline_pairs(report, pairs) -> set[tuple[int, int]]:
    """Claim pairs -> pairs of headline indices (article ids are "h<index>"), each once."""
    out = set()
    for p in pairs:
        a, b = (int(report.claims[x].article_id[1:]) for x in (p.a, p.b))
        if a != b:
            out.add((min(a, b), max(a, b)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="default", help="NLI model: a local directory (default: the shipped one)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N rumours (claim_ids) of emergent/train")
    ap.add_argument("--data", type=Path, default=EMERGENT)
    ap.add_argument("--threads", type=int, default=None, help="torch threads (default: torch's own)")
    ap.add_argument("--option", action="append", default=[], metavar="NAME=VALUE",
                    help="any nli.Config field for the corpus run, e.g. top_k=5 (repeat)")
    args = ap.parse_args()
    if not args.data.is_file():
        sys.exit(f"{args.data} is absent: the labelled sets live in ../shared/data beside the checkout")
    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    import nli
    from nli.config import Config

    options = {}
    for item in args.option:
        name, _, value = item.partition("=")
        default = getattr(Config(), name)
        if isinstance(default, bool):
            options[name] = value.lower() in ("1", "true", "yes")
        else:  # an option whose default is None (threshold) takes a number
            options[name] = float(value) if default is None else type(default)(value)
    det = nli.Detector(model=args.model, **options)
    times: dict[str, float] = {}
    t0 = time.perf_counter()
    det.nli  # noqa: B018 - load both models before timing the parts
    det.embedder.encode(["warm-up"])
    times["load models"] = time.perf_counter() - t0

    heads, gold, stance, rumours = load_emergent(args.data, args.limit)
    table: list[tuple[str, str, str]] = []  # (part, measure, value)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "emergent_headlines.jsonl"
        corpus.write_text("".join(json.dumps({"id": f"h{i}", "text": h}) + "\n" for i, h in enumerate(heads)), encoding="utf-8")

        # 1. the headline corpus through detect()
        t = time.perf_counter()
        report = det.detect([str(corpus)])
        times["emergent: detect"] = time.perf_counter() - t
        with_claim = {int(c.article_id[1:]) for c in report.claims}
        cand = headline_pairs(report, [v.pair for v in report.verdicts])
        found = headline_pairs(report, [v.pair for v in report.contradictions])
        n = len(report.claims)
        part = f"emergent/train headlines ({len(heads)} rows, {len(gold)} gold pairs)"
        before = nli.extract_claims  # the full-stop rule of old, for comparison
        old = sum(len(before(a, det.config.with_options(unit="sentence"))) for a in report.articles)
        table += [
            (part, "claims with --unit sentence (the rule before)", f"{old}"),
            (part, "headlines with a claim", f"{len(with_claim)} ({len(with_claim) / len(heads):.3f})"),
            (part, "claims extracted", f"{n}"),
            (part, "candidate pairs (per claim)", f"{len(report.verdicts)} ({len(report.verdicts) / max(n, 1):.2f})"),
            (part, "pairing recall", f"{len(cand & gold) / len(gold):.3f}"),
        ]
        p, r, f = prf(len(found & gold), len(found), len(gold))
        table += [(part, f"reported pairs (threshold {det.config.threshold})", f"{len(found)}"),
                  (part, "precision / recall / F1", f"{p:.3f} / {r:.3f} / {f:.3f}")]
        # what the false positives are: headlines of one rumour that agree, or with an observer, or of two rumours
        of = defaultdict(dict)  # headline -> rumour -> stance
        for cid, d in stance.items():
            for st, hs in d.items():
                for h in hs:
                    of[h][cid] = st
        kinds = defaultdict(int)
        for a, b in found - gold:
            shared = set(of[a]) & set(of[b])
            if not shared:
                kinds["different rumours"] += 1
            elif any("observing" in (of[a][c], of[b][c]) for c in shared):
                kinds["one rumour, one observing"] += 1
            else:
                kinds["one rumour, same stance"] += 1
        table.append((part, "false positives: same stance / observing / different rumours",
                      " / ".join(str(kinds[k]) for k in ("one rumour, same stance", "one rumour, one observing", "different rumours"))))
        for stage, secs in report.timings.items():
            times[f"emergent: {stage}"] = secs

        # 2. each rumour verified against the headlines, as `nli verify` does
        t = time.perf_counter()
        vdet = nli.Detector(model=args.model, min_similarity=0.3, **{k: v for k, v in options.items() if k != "min_similarity"})
        results = nli.verify([text for _, text in rumours], [str(corpus)], detector=vdet, top_k=10)
        times["verify: all rumours"] = time.perf_counter() - t
        tp = flagged = retrieved = 0
        against = sum(len(stance[c]["against"]) for c, _ in rumours)
        for (cid, _), v in zip(rumours, results):
            mine = stance[cid]["against"]
            retrieved += len({int(e.claim.article_id[1:]) for e in v.evidence} & mine)
            hit = {int(e.claim.article_id[1:]) for e in v.contradicting}
            flagged += len(hit)
            tp += len(hit & mine)
        p, r, f = prf(tp, flagged, against)
        part = f"verify each rumour ({len(rumours)}) vs headlines ({against} against)"
        table += [(part, "against headlines retrieved (top-10)", f"{retrieved / against:.3f}"),
                  (part, "'contradicts' flagged", f"{flagged}"),
                  (part, "precision / recall / F1", f"{p:.3f} / {r:.3f} / {f:.3f}")]

    # 3. the seed article
    t = time.perf_counter()
    seed = det.detect([str(SEED)])
    times["seed: detect"] = time.perf_counter() - t
    ranks = [i + 1 for i, row in enumerate(seed.rows(seed.verdicts))
             if (OPIUM_A in row["claim_a"] and OPIUM_B in row["claim_b"]) or (OPIUM_A in row["claim_b"] and OPIUM_B in row["claim_a"])]
    rank = f"{ranks[0]} of {len(seed.verdicts)} judged" if ranks else f"not a candidate ({len(seed.verdicts)} judged)"
    table += [("seed article", "claims", f"{len(seed.claims)}"),
              ("seed article", "opium pair rank", rank),
              ("seed article", f"pairs reported (threshold {det.config.threshold})", f"{len(seed.contradictions)}")]

    cfg = det.config
    print(f"model: {args.model}; unit {cfg.unit}, titles {cfg.titles}, top_k {cfg.top_k}, min_similarity "
          f"{cfg.min_similarity}, threshold {cfg.threshold}, aggregate {cfg.aggregate}\n")
    print("| part | measure | value |\n|---|---|---:|")
    for row in table:
        print("| " + " | ".join(row) + " |")
    print("\n| step | seconds |\n|---|---:|")
    for step, secs in times.items():
        print(f"| {step} | {secs:.1f} |")
    print(f"| total | {time.perf_counter() - t0:.1f} |")


if __name__ == "__main__":
    main()
