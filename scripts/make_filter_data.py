#!/usr/bin/env python
"""Judge verdicts on unlabelled news pairs, the pair filter's distillation data: nli.training.pair_filter.

    python scripts/make_filter_data.py --out runs/filter_data --precision bf16   # quarters 0 (train) and 1 (dev)
    python scripts/make_filter_data.py --out runs/filter_data --quarters 0 --limit 50   # a quick look
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # runs from a checkout without installing
from nli.training.pair_filter import make_data_main as main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main())
