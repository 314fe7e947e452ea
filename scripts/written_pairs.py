#!/usr/bin/env python
"""Written training pairs (nli.training.written): premises for helpers, validation, blind relabels.

    python scripts/written_pairs.py prepare                    # task files, seeded
    python scripts/written_pairs.py build                      # data/written/pairs.jsonl.xz
    python scripts/written_pairs.py relabel-sample --n 500 --name 3
    python scripts/written_pairs.py agreement
    python scripts/written_pairs.py split --out runs/written   # train.jsonl / dev.jsonl for the trainer
"""
from nli.training.written import main

raise SystemExit(main())
