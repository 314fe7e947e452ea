"""What the benchmark and evaluation scripts share (scripts/bench_*.py, news_gold.py, ...), so that no
script imports another: the FNC-1 corpus and its dev split, detectors loaded before timing, the
machine they ran on, markdown tables and Wilson intervals."""
from __future__ import annotations

import itertools
import json
import math
import os
import platform
from pathlib import Path

from .records import Article
from .training.fnc1 import CORPUS, article_split  # noqa: F401  (CORPUS: the scripts' default corpus)


def first_articles(corpus: str | Path, n: int) -> list[Article]:
    """The first `n` articles of a JSONL corpus of {id, text} rows."""
    with open(corpus, encoding="utf-8") as src:
        return [Article(id=r["id"], text=r["text"]) for r in map(json.loads, itertools.islice(src, n))]


def dev_articles(corpus: Path, limit: int | None) -> list[dict]:
    """The FNC-1 rows of the dev split (articles no judge trained on: nli.training.fnc1), the first `limit`."""
    rows = [json.loads(line) for line in corpus.open(encoding="utf-8")]
    rows = [r for r in rows if article_split(str(r["id"]), 0.1) == "dev"]
    return rows[:limit] if limit else rows


def loaded_detector(**options):
    """An nli.Detector with both its models loaded, so that no timed stage pays for loading."""
    from .pipeline import Detector

    det = Detector(**options)
    det.nli  # noqa: B018
    det.embedder.model  # noqa: B018
    return det


def machine() -> dict:
    """What the timings ran on (they mean little on a busy machine: the load average says)."""
    import torch

    return {
        "processor": platform.processor() or platform.machine(), "cpus": os.cpu_count(),
        "torch": torch.__version__, "torch_threads": torch.get_num_threads(),
        "device": "cuda" if torch.cuda.is_available() else "cpu",
        "load_avg_1min": round(os.getloadavg()[0], 2),
    }


def table(rows: list[dict], cols: dict[str, str]) -> str:
    """Markdown table of `rows`, one column per key of `cols` (key -> header); None prints as "-"."""
    lines = ["| " + " | ".join(cols.values()) + " |", "|" + "---:|" * len(cols)]
    lines += ["| " + " | ".join("-" if r.get(k) is None else str(r[k]) for k in cols) + " |" for r in rows]
    return "\n".join(lines)


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float] | None:
    """The 95% (z = 1.96) Wilson score interval of k successes in n, rounded to 3 places; None for n = 0."""
    if n == 0:
        return None
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return round(max(0.0, centre - half), 3), round(min(1.0, centre + half), 3)
