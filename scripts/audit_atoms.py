#!/usr/bin/env python
"""A blind audit of atomic claims (nli.training.atom_audit): faithful to the sentence, understandable alone?

    python scripts/audit_atoms.py sample --out runs/audit/sample.jsonl --seed 9   # 250 claims of unseen articles
    python scripts/audit_atoms.py score data/audit/atoms_labels-3.jsonl
"""
from nli.training.atom_audit import main

raise SystemExit(main())
