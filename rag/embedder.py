"""The embedder the settings ask for, and which backend an existing index needs.

:mod:`embeddings` knows nothing about this application: here its settings go in as arguments and
its errors come back as ours (``ConfigError`` for an unknown backend name, ``ModelNotFoundError``
for anything that stops a backend from loading), so the CLI prints one line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from embeddings import Embedder, EmbeddingError, UnknownBackendError, available, create_embedder
from embeddings.errors import BackendUnavailableError
from rag.errors import ConfigError, ModelNotFoundError
from rag.settings import Settings


def encoder_threads(settings: Settings, indexing: bool) -> int:
    """The encoder's threads for indexing (``embed_threads``) or questions (``query_threads``); 0 = all cores."""
    return settings.embed_threads if indexing else settings.query_threads


def build_embedder(settings: Settings, name: str | None = None, *, indexing: bool = False) -> Embedder:
    """The ``name`` backend (default: ``settings.embedder``) with the model, cache and precision of ``settings``,
    on the threads ``settings`` gives questions or, with ``indexing``, indexing."""
    backend = name or settings.embedder
    threads = encoder_threads(settings, indexing)
    try:
        return create_embedder(
            backend, settings.model, settings.batch_size,
            cache_dir=Path(settings.cache_dir).expanduser(), precision=settings.embedder_precision,
            threads=threads or None,
        )
    except UnknownBackendError as exc:
        raise ConfigError(f"{exc} (setting embedder, RAG_EMBEDDER)") from None
    except BackendUnavailableError as exc:
        raise ModelNotFoundError(f"{exc} (setting embedder, RAG_EMBEDDER)") from None
    except EmbeddingError as exc:
        raise ModelNotFoundError(f"{exc} (setting model, RAG_MODEL)") from None


def adopt_backend(settings: Settings, built_with: dict[str, Any]) -> str | None:
    """The backend of an existing index to use instead of the default, or None.

    Only when the user did not choose a backend (``embedder`` left at its default) and the index
    was built with the same model by another registered backend: an index built before the
    default changed keeps working, and nothing the user chose is overridden.
    """
    name = built_with.get("name")
    if "embedder" in settings.model_fields_set or not isinstance(name, str) or name == settings.embedder:
        return None
    if name not in available() or built_with.get("model") != settings.model:
        return None
    return name


def adoption_hint(index_dir: Path | str, name: str, default: str) -> str:
    """The one line shown when an index built with another backend is used with it."""
    return (
        f"note: the index at {index_dir} was built with the {name} embedder, which is used for it; "
        f"`rag index --rebuild` switches it to the faster {default} default, RAG_EMBEDDER={name} keeps it "
        "without this note"
    )
