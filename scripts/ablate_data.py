#!/usr/bin/env python
"""Which training data helps, one short continuation run per data mix: nli.training.ablation.

    python scripts/ablate_data.py --steps 200 --out runs/ablate
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # runs from a checkout without installing
from nli.training.ablation import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main())
