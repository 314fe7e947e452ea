#!/usr/bin/env python
"""A teacher's probabilities on unlabelled FNC-1 train-split news pairs, for distillation: nli.training.distill.

    python scripts/distill_news.py --runs runs/distill/student --teacher DIR --out runs/distill/teacher.jsonl --pairs 30000
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # runs from a checkout without installing
from nli.training.distill import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main())
