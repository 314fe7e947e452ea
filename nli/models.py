"""Models loaded lazily and once per process; where they come from is nli.sources."""
from __future__ import annotations

import os
import threading
from functools import lru_cache

# callers name these from here too
from .sources import (  # noqa: F401
    DEFAULT_EMBEDDER_NAMES,
    DEFAULT_NLI_NAME,
    MODELS_DIR,
    ModelNotFoundError,
    ModelSource,
    describe,
    resolve_embedder,
    resolve_nli,
)


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
