"""The store protocol: what the index needs from an engine, and the two engines that provide it.

:class:`rag.Index` does everything above storage (plans changes by content hash, checks the
embedding model and chunker against the manifest, retrieves, answers, finds conflicts) and
talks to storage only through :class:`StoreBackend`:

* writes: apply a :class:`~rag.store.generation.Changes` (upsert articles with their chunks,
  vectors and claims, remove articles) in one call;
* reads: fused dense + BM25 candidates with the source/date filters applied inside the engine,
  chunks and articles, claims and stored vectors by chunk id (the conflict stage's
  :class:`~rag.answer.conflicts.ClaimLookup`), counts and health.

``backend = "local"`` (:mod:`rag.store.local`: FAISS + bm25s + SQLite generations, the default)
and ``backend = "milvus"`` (:mod:`rag.store.milvus`: Milvus Lite for a file path, a Milvus server
or Zilliz Cloud for an http(s) URI). The Milvus module is imported only when chosen, so the
default install needs none of the ``[scale]`` packages.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from embeddings import Embedder, EmbeddingCache
from rag.chunking import Chunker
from rag.claims import Claim, ClaimCache
from rag.errors import UsageError
from rag.query import Filters
from rag.records import Article, Chunk, SearchHit
from rag.retrieval import Candidates, select_hits, source_aliases

if TYPE_CHECKING:
    from rag.embedder import EncoderRecipe
    from rag.ingest.prepare import Prepared
    from rag.parses import ParseStore
    from rag.sentence_vectors import SentenceVectors
    from rag.settings import Settings
    from rag.store.generation import Changes, ProgressFn
    from rag.store.manifest import Manifest

BACKENDS = ("local", "milvus")


@dataclass(slots=True)
class WriteJob:
    """Everything a store needs to turn new articles into stored chunks, vectors and claims.

    ``prepared`` (doc_id -> :class:`~rag.ingest.prepare.Prepared`) holds articles whose chunks,
    vectors and claims were computed elsewhere (the Ray pipeline); the store computes the rest.
    """

    chunker: Chunker
    embedder: Embedder
    cache: EmbeddingCache
    nlp_model: str
    claim_cache: ClaimCache | None = None
    progress: ProgressFn | None = None
    prepared: dict[str, Prepared] | None = None
    claim_workers: int = 0  # processes parsing claims beside the embedding (local store; rag.claim_workers)
    parse_store: ParseStore | None = None  # where the chunks' parses go (both stores; rag.parses)
    sentences: SentenceVectors | None = None  # encodes the chunks' statements (both stores; rag.sentence_vectors)
    encoder: EncoderRecipe | None = None  # how a claim worker builds ``embedder`` to encode the statements it parses


def write_job(settings: Settings, chunker: Chunker, embedder: Embedder,
              caches: tuple[EmbeddingCache, ClaimCache, ParseStore], progress: ProgressFn | None = None,
              prepared: dict[str, Prepared] | None = None, encoder: EncoderRecipe | None = None) -> WriteJob:
    """The job of one write with these settings and caches (from :func:`write_caches`): as many claim
    workers as ``claim_workers`` says, and the chunks' statements encoded beside them for question time
    unless ``sentence_vectors`` is off (:mod:`rag.sentence_vectors`), by the worker that parsed them when
    ``encoder`` says how it builds ``embedder``."""
    from rag.claim_workers import auto_workers
    from rag.sentence_vectors import SentenceVectors

    cache, claims, parses = caches
    workers = settings.claim_workers
    return WriteJob(chunker, embedder, cache, settings.nlp_model, claims, progress, prepared,
                    claim_workers=auto_workers() if workers < 0 else workers, parse_store=parses,
                    sentences=SentenceVectors(cache, embedder) if settings.sentence_vectors else None,
                    encoder=encoder)


@contextmanager
def write_caches(cache_dir: Path, nlp_model: str) -> Iterator[tuple[EmbeddingCache, ClaimCache, ParseStore]]:
    """The caches a write reads and fills in ``cache_dir``: vectors by text, claims by article text and
    passage parses (:mod:`rag.parses`); each commits and closes when the write ends, however it ends."""
    from rag.parses import PARSES_FILE, ParseStore
    from rag.sentence_vectors import EMBEDDINGS_FILE

    cache = EmbeddingCache(cache_dir / EMBEDDINGS_FILE)
    claims = ClaimCache(cache_dir / "claims.sqlite", nlp_model)
    parses = ParseStore(cache_dir / PARSES_FILE, nlp_model)
    try:
        yield cache, claims, parses
    finally:
        cache.close()
        claims.close()
        parses.close()


class StoreBackend(Protocol):
    """One index's storage engine. ``manifest`` is None while the store holds no index."""

    name: str

    @property
    def manifest(self) -> Manifest | None: ...

    @property
    def location(self) -> str:
        """Where the index lives, for messages (a folder, or a Milvus URI and collection)."""
        ...

    def open(self) -> None:
        """(Re)open the current index; raises IndexCorruptError when it is damaged."""
        ...

    def close(self) -> None: ...

    def latest_generation(self) -> int | None:
        """The generation a newly opened reader would see (cheap: for following other writers)."""
        ...

    def write(self, previous: Manifest | None, target: Manifest, changes: Changes, job: WriteJob) -> None:
        """Apply ``changes`` on top of ``previous`` (None: start afresh) and commit ``target``'s settings."""
        ...

    def hashes(self) -> dict[str, str]:
        """content_hash by doc_id of every stored article."""
        ...

    def articles(self) -> Iterator[Article]: ...

    def article(self, doc_id: str) -> Article | None: ...

    def chunks_of(self, doc_id: str) -> list[Chunk]: ...

    def sources(self) -> list[str]: ...

    def fused(self, qvec: np.ndarray, query: str, n: int, filters: Filters, named: list[str]) -> Candidates | None:
        """Dense + BM25 candidates (plus those restricted to each ``named`` source), fused by reciprocal
        rank fusion, filters applied inside the engine; None when the filters match nothing."""
        ...

    def claims_in_chunks(self, chunk_ids: Sequence[str]) -> dict[str, list[Claim]]: ...

    def knows_terms(self, text: str) -> bool:
        """Does every word of ``text`` occur somewhere in the indexed text (True when the engine cannot tell)?"""
        ...

    def vectors_of(self, chunk_ids: Sequence[str]) -> dict[str, np.ndarray]: ...

    def counts(self) -> dict[str, int]: ...

    def health(self) -> dict[str, Any]: ...


class StoreRetriever:
    """Hybrid search over any store: the engine fuses candidates, :func:`select_hits` picks passages."""

    def __init__(self, store: StoreBackend, embedder: Embedder, candidates: int = 30) -> None:
        self.store, self.embedder, self.candidates = store, embedder, candidates
        self._aliases: list[Any] | None = None

    def named_sources(self, query: str) -> list[str]:
        """Sources in the index that the query names ("The Verge", "BBC", "Financial Times")."""
        if self._aliases is None:
            self._aliases = source_aliases(self.store.sources())
        return [source for alias, source in self._aliases if alias.search(query)]

    def search(self, query: str, k: int = 5, filters: Filters | None = None) -> list[SearchHit]:
        filters = filters or Filters()
        n = max(self.candidates, k * 3)
        named = [] if filters.source else self.named_sources(query)
        found = self.store.fused(self.embedder.embed_query(query), query, n, filters, named)
        return select_hits(found, k) if found is not None else []


def open_store(settings: Settings, index_dir: Path) -> StoreBackend:
    """The store ``settings.backend`` names (not yet opened)."""
    if settings.backend == "local":
        from rag.store.local import LocalStore

        return LocalStore(index_dir, rrf_k=settings.rrf_k)
    if settings.backend == "milvus":
        try:
            from rag.store.milvus import MilvusStore
        except ImportError as exc:
            raise UsageError(
                f"backend 'milvus' needs pymilvus and milvus-lite ({exc.name} is missing): "
                "pip install 'newsrag[scale]'"
            ) from None
        return MilvusStore.from_settings(settings, index_dir)
    raise UsageError(f"unknown backend {settings.backend!r}; choose one of {', '.join(BACKENDS)}")
