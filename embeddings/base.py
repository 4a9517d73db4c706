"""The embedder protocol and the name -> factory registry."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from embeddings.errors import UnknownBackendError


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


@dataclass(frozen=True, slots=True)
class EmbedderConfig:
    """What a backend factory gets: the application's settings, passed in (backends read no config).

    ``precision`` is ``"auto"`` (each backend's fast default) or ``"fp32"``; ``threads`` None lets
    the runtime choose; ``progress`` receives one-line messages such as "exporting the model".
    """

    model: str = "bundled"
    batch_size: int = 64
    cache_dir: Path | None = None
    precision: str = "auto"
    threads: int | None = None
    progress: Callable[[str], None] | None = None


EmbedderFactory = Callable[[EmbedderConfig], Embedder]

_REGISTRY: dict[str, EmbedderFactory] = {}


def register(name: str, factory: EmbedderFactory) -> None:
    """Make an embedding backend available under ``name`` (setting ``embedder``)."""
    _REGISTRY[name] = factory


def available() -> list[str]:
    """Names of the registered backends."""
    return sorted(_REGISTRY)


def create_embedder(name: str, model: str = "bundled", batch_size: int = 64, **options: Any) -> Embedder:
    """Build the embedder registered as ``name``; ``options`` are the other :class:`EmbedderConfig` fields.

    Raises :class:`embeddings.errors.UnknownBackendError` for an unknown name and other
    :class:`embeddings.errors.EmbeddingError` subclasses when the backend cannot be built.
    """
    try:
        factory = _REGISTRY[name]
    except KeyError:
        raise UnknownBackendError(f"unknown embedder {name!r}; choose one of: {', '.join(available())}") from None
    return factory(EmbedderConfig(model=model, batch_size=batch_size, **options))


def normalise(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), as float32."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms
