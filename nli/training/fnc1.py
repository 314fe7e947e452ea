"""The FNC-1 news corpus beside the checkout, and the hash splits that decide which of its articles
serve what: the dev split (held out by the news pairs, the written pairs, the gold and the combiner
fit) and the quarters (the pair filter's train / dev / unseen articles). Stable across machines and
Python versions: they hash the article id."""
from __future__ import annotations

import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the checkout
CORPUS = ROOT.parent / "shared" / "data" / "corpora" / "fnc1_train_bodies.jsonl"
DEV_SHARE = 0.1  # share of articles in the dev split


def article_split(article_id: str, dev_share: float = DEV_SHARE) -> str:
    """"dev" or "train" (scripts/make_news_pairs.py --dev-share, scripts/news_gold.py)."""
    h = int(hashlib.sha1(article_id.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "dev" if h < dev_share else "train"


def quarter(article_id: str) -> int:
    """The article's quarter of the corpus (scripts/make_filter_data.py): 0 train, 1 dev, 2-3 unseen."""
    return int(hashlib.sha1(article_id.encode()).hexdigest(), 16) % 4
