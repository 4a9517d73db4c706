"""The embedder protocol and the name -> factory registry."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors.

    ``fingerprint`` identifies the exact weights and settings: vectors from embedders with
    different fingerprints are never mixed in one index or cache entry.
    """

    name: str
    dim: int
    fingerprint: str

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


EmbedderFactory = Callable[[str, int], Embedder]  # (model, batch_size) -> Embedder

_REGISTRY: dict[str, EmbedderFactory] = {}


def register(name: str, factory: EmbedderFactory) -> None:
    """Make an embedding backend available under ``name`` (setting ``embedder``)."""
    _REGISTRY[name] = factory


def available() -> list[str]:
    return sorted(_REGISTRY)


def create_embedder(name: str, model: str = "bundled", batch_size: int = 64) -> Embedder:
    """Build the embedder registered as ``name``."""
    from rag.errors import ConfigError

    try:
        factory = _REGISTRY[name]
    except KeyError:
        raise ConfigError(f"unknown embedder {name!r}; choose one of: {', '.join(available())}") from None
    return factory(model, batch_size)


def normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms
