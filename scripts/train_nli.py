#!/usr/bin/env python
"""Fine-tune the 3-way NLI cross-encoder: nli.training.trainer (resumable: rerun the same command).

    python scripts/train_nli.py --out runs/nli --epochs 3 --export models/nli-minilm-l6-h384
    python scripts/train_nli.py --out runs/nli --export-only --export models/nli-minilm-l6-h384
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # runs from a bare checkout (the accelerator's)
from nli.training.trainer import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main())
