"""Embed claims with a sentence-transformers bi-encoder: batched, L2-normalised, cached by text."""
from __future__ import annotations

import hashlib

import numpy as np

from .config import Config
from .models import load_embedder


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class Embedder:
    """Wraps a SentenceTransformer; identical texts are embedded once per Embedder."""

    def __init__(self, config: Config | None = None):
        self.config = config or Config()
        self._cache: dict[str, np.ndarray] = {}

    @property
    def model(self):
        return load_embedder(self.config.embedder, self.config.device)

    @property
    def dim(self) -> int:
        return int(self.model.get_sentence_embedding_dimension())

    def encode(self, texts: list[str]) -> np.ndarray:
        keys = [text_key(t) for t in texts]
        todo = list({k: t for k, t in zip(keys, texts) if k not in self._cache}.items())
        if todo:
            import torch

            model = self.model
            with torch.autocast(model.device.type, torch.bfloat16, enabled=self.config.precision == "bf16"):
                vecs = model.encode([t for _, t in todo], batch_size=self.config.embed_batch_size, normalize_embeddings=True,
                                    convert_to_numpy=True, show_progress_bar=self.config.progress)
            vecs = vecs.astype(np.float32)
            if self.config.precision == "bf16":  # normalised in bf16's precision: again in float32
                vecs /= np.linalg.norm(vecs, axis=1, keepdims=True) + 1e-12
            for (k, _), v in zip(todo, vecs):
                self._cache[k] = v
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._cache[k] for k in keys])


def embed_claims(claims, config: Config | None = None, embedder: Embedder | None = None) -> np.ndarray:
    return (embedder or Embedder(config)).encode([c.text for c in claims])
