#!/usr/bin/env python
"""Score an NLI model on the labelled sets: the same code as `nli eval`.

    python scripts/evaluate.py                                  # shipped model, the issue's table
    python scripts/evaluate.py --model DIR --set mnli/dev_mismatched --output scores.json
"""
from nli.cli import app

if __name__ == "__main__":
    import sys

    app(["eval", *sys.argv[1:]])
