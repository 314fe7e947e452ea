#!/usr/bin/env python
"""Rule-made NLI training pairs from real news articles: nli.training.news_pairs (seeded).

    python scripts/make_news_pairs.py --out runs/news_pairs   # -> runs/news_pairs/fnc1news/{train,dev}.jsonl
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # runs from a checkout without installing
from nli.training.news_pairs import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main())
