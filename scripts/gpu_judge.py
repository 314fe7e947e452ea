#!/usr/bin/env python
"""Train judge candidates on a lent accelerator, in one short prepared run: nli.training.accelerator.

    python scripts/gpu_judge.py prepare            # here: pools and dev sets into .gpu/ (git-ignored)
    bash scripts/gpu_judge.sh                       # there (device tool, carry .gpu): train, choose, pack
    python scripts/gpu_judge.py unpack DIR          # here: rebuild full model directories under runs/gpu/
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # runs from a bare checkout (the accelerator's)
from nli.training.accelerator import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main())
