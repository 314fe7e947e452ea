#!/usr/bin/env python
"""Fit and measure `nli verify`'s threshold (nli.training.verify_fit).

    python scripts/fit_verify.py                     # the shipped model: figures on the held-out half
    python scripts/fit_verify.py --model DIR --write # write DIR/verify.json
"""
from nli.training.verify_fit import main

raise SystemExit(main())
