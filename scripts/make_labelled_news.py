#!/usr/bin/env python
"""Training pairs from the news pairs people labelled blind (nli.training.news_labels).

    python scripts/make_labelled_news.py --quarters 0 --out runs/news_labelled/train_q0.jsonl
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from nli.training.news_labels import main  # noqa: E402

raise SystemExit(main())
