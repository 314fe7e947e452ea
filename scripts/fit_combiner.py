#!/usr/bin/env python
"""Fit the judge's combiner (combiner.json next to the model's weights): nli.training.combiner_fit.

    python scripts/make_filter_data.py --out runs/filter_bf16 --precision bf16   # once, ~22 min
    python scripts/fit_combiner.py --compare                  # feature sets side by side (cross-validated)
    python scripts/fit_combiner.py --out models/nli-minilm-l6-h384   # writes combiner.json there
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # runs from a checkout without installing
from nli.training.combiner_fit import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main())
