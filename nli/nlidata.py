"""Labelled NLI pairs: where they live, which may train a model, and how labels are normalised.

Shared by the trainer and the evaluation harness so that both agree on what an evaluation set is.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

LABELS = ("contradiction", "entailment", "neutral")

# The default training mix: licences that allow it, no evaluation set, no known overlap with one.
DEFAULT_TRAIN_SETS = (
    "lingnli/train",
    "cad_snli/all_combined_train",
    "snli/dev",
    "mnli/dev_matched",
)

# The default evaluation table (issue 2).
DEFAULT_EVAL_SETS = (
    "mnli/dev_mismatched",
    "snli/test",
    "sick/test",
    "anli/dev_r1",
    "anli/dev_r2",
    "anli/dev_r3",
    "breaking_nli/test",
    "stanford_contradiction_partial/rte2_test_negated",
    "healthver/dev",
    "emergent/train",
    "commitment_bank/dev",
    "control/dev",
)

# Sets (folder/split) that must never be used to train: the table above, and the other test splits.
EVAL_SETS = frozenset(DEFAULT_EVAL_SETS) | {
    "stanford_contradiction_partial/rte2_dev_negated_slice",
    "stanford_contradiction_partial/real_life_negation_subset",
    "control/dev",
    "cad_snli/all_combined_test",
    "rte_nltk/rte1_test",
    "rte_nltk/rte2_test",
    "rte_nltk/rte3_test",
}

# Emergent uses stance words in some exports; map them onto NLI labels.
_LABEL_ALIASES = {
    "for": "entailment",
    "against": "contradiction",
    "observing": "neutral",
    "not_contradiction": "not_contradiction",
}


class EvaluationSetError(ValueError):
    """An evaluation set was given as training data."""


@dataclass(frozen=True)
class PairSet:
    name: str  # "folder/split"
    premises: list[str]
    hypotheses: list[str]
    labels: list[str]  # contradiction|entailment|neutral, or contradiction|not_contradiction

    @property
    def binary(self) -> bool:
        return "not_contradiction" in set(self.labels)

    def __len__(self) -> int:
        return len(self.labels)


def data_root() -> Path:
    """`NLI_DATA` if set, else `../shared/data/nli` beside the project checkout."""
    env = os.environ.get("NLI_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "nli"


def resolve(name: str) -> Path:
    """Map "folder/split" (or a path to a .jsonl file) to a file, with a clear error when absent."""
    p = Path(name)
    if p.suffix == ".jsonl":
        path = p
    else:
        path = data_root() / f"{name}.jsonl"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: NLI set not found (set NLI_DATA to the folder holding <set>/<split>.jsonl)")
    return path


def set_name(name: str) -> str:
    """Canonical "folder/split" name of a set given by name or path."""
    p = Path(name)
    if p.suffix == ".jsonl":
        return f"{p.parent.name}/{p.stem}"
    return name.strip("/")


def load_pairs(name: str, *, for_training: bool = False, limit: int | None = None) -> PairSet:
    """Load one labelled set through `datasets`; refuse evaluation sets when `for_training`."""
    canonical = set_name(name)
    if for_training and canonical in EVAL_SETS:
        raise EvaluationSetError(
            f"{canonical}: is an evaluation set; refusing to train on it (see nli.nlidata.EVAL_SETS)"
        )
    path = resolve(name)
    from datasets import load_dataset

    ds = load_dataset("json", data_files=str(path), split="train")
    missing = {"premise", "hypothesis", "label"} - set(ds.column_names)
    if missing:
        raise ValueError(f"{path}: missing column(s) {sorted(missing)}")
    if limit is not None:
        ds = ds.select(range(min(limit, len(ds))))
    labels = [_LABEL_ALIASES.get(str(x).lower(), str(x).lower()) for x in ds["label"]]
    unknown = set(labels) - set(LABELS) - {"not_contradiction"}
    if unknown:
        raise ValueError(f"{path}: unknown label(s) {sorted(unknown)}")
    return PairSet(canonical, list(map(str, ds["premise"])), list(map(str, ds["hypothesis"])), labels)
