#!/usr/bin/env python
"""Share of a batch run's reports that pair filters keep, from its cached verdicts: nli.training.pair_filter.

    python scripts/check_pair_filter.py --runs runs/filter_data/q3/run --filters models/pair-filter-minilm
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # runs from a checkout without installing
from nli.training.pair_filter import check_main as main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main())
