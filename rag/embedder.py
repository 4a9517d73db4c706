"""The embedder the settings ask for, and which backend an existing index needs.

:mod:`embeddings` knows nothing about this application: here its settings go in as arguments and
its errors come back as ours (``ConfigError`` for an unknown backend name, ``ModelNotFoundError``
for anything that stops a backend from loading), so the CLI prints one line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from embeddings import Embedder, EmbeddingError, UnknownBackendError, available, create_embedder
from embeddings.errors import BackendUnavailableError
from rag.errors import ConfigError, ModelNotFoundError
from rag.settings import Settings


def encoder_threads(settings: Settings, indexing: bool) -> int:
    """The encoder's threads for indexing (``embed_threads``) or questions (``query_threads``); 0 = all cores."""
    return settings.embed_threads if indexing else settings.query_threads


# Backends a claim worker may build too: a torch model in a second process would hold another ~1 GB and
# its own thread pool, where an exported one loads in a fraction of a second beside the spaCy pipeline.
WORKER_BACKENDS = frozenset({"openvino", "onnx", "hash"})


class EncoderRecipe(NamedTuple):
    """What builds an embedder (plain values, so another process can build it again: a claim worker,
    :mod:`rag.claim_workers`), and the fingerprint of the one it was taken from, which one built elsewhere
    must have for its vectors to go into the same cache."""

    backend: str
    model: str
    batch_size: int
    cache_dir: str
    precision: str
    threads: int | None  # None: the runtime's choice
    fingerprint: str = ""

    def create(self) -> Embedder:
        """The embedder; raises :class:`embeddings.EmbeddingError` (or a subclass) when it cannot be built."""
        return create_embedder(self.backend, self.model, self.batch_size, cache_dir=Path(self.cache_dir),
                               precision=self.precision, threads=self.threads)

    def build(self) -> Embedder | None:
        """The embedder, or None when it cannot be built in this process or is not the same model."""
        try:
            built = self.create()
        except EmbeddingError:
            return None
        return built if built.fingerprint == self.fingerprint else None


def recipe(settings: Settings, name: str, indexing: bool) -> EncoderRecipe:
    """How ``settings`` build backend ``name`` for questions or, with ``indexing``, for indexing."""
    threads = encoder_threads(settings, indexing)
    return EncoderRecipe(name, settings.model, settings.batch_size, str(Path(settings.cache_dir).expanduser()),
                         settings.embedder_precision, threads or None)


def encoder_recipe(settings: Settings, name: str, embedder: Embedder) -> EncoderRecipe | None:
    """The recipe of ``embedder``, built by :func:`build_embedder` from ``settings`` as backend ``name`` for
    indexing; None for a backend no worker should load."""
    if name not in WORKER_BACKENDS:
        return None
    return recipe(settings, name, indexing=True)._replace(fingerprint=embedder.fingerprint)


def build_embedder(settings: Settings, name: str | None = None, *, indexing: bool = False) -> Embedder:
    """The ``name`` backend (default: ``settings.embedder``) with the model, cache and precision of ``settings``,
    on the threads ``settings`` gives questions or, with ``indexing``, indexing."""
    try:
        return recipe(settings, name or settings.embedder, indexing).create()
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
