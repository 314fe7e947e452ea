"""A run's options made concrete for its model: `aggregate` "auto" and `threshold` None resolved.

Above nli.config (a plain record) because it looks at the model's files: its combiner.json."""
from __future__ import annotations

from dataclasses import replace

from .combiner import load_combiner
from .config import Config


def resolved(config: Config) -> Config:
    """`config` with `aggregate` "auto" and `threshold` None made concrete for its model
    (the model's files are looked at, not loaded)."""
    if config.aggregate not in ("auto", "calibrated") and config.threshold is not None:
        return config
    combiner = load_combiner(config.model, config.claims) if config.aggregate in ("auto", "calibrated") else None
    if config.aggregate == "calibrated" and combiner is None:
        raise ValueError(f"--aggregate calibrated: the NLI model {config.model!r} has no combiner.json "
                         "(scripts/fit_combiner.py fits one); use --aggregate max, mean or min")
    how = "calibrated" if combiner else ("max" if config.aggregate == "auto" else config.aggregate)
    threshold = config.threshold if config.threshold is not None else (combiner.threshold if combiner else 0.5)
    return replace(config, aggregate=how, threshold=threshold)
