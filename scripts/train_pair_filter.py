#!/usr/bin/env python
"""Train the pair filter by distillation from the judge's verdicts: nli.training.pair_filter.

    python scripts/train_pair_filter.py --data runs/filter_data --out models/pair-filter-minilm
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # runs from a checkout without installing
from nli.training.pair_filter import train_main as main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main())
