"""The local store: FAISS + bm25s + SQLite in generation folders under one index folder (the default).

Writes build a complete new generation and commit it by replacing ``manifest.json``
(:mod:`rag.store.generation`), so readers never see a half-written index and a crash leaves the
previous one loadable. This module only opens generations and answers the store protocol's
reads (:class:`rag.store.backend.StoreBackend`).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from rag.claims import Claim
from rag.errors import IndexCorruptError, IndexMismatchError, RagError
from rag.query import Filters
from rag.records import Article, Chunk
from rag.retrieval import Candidates, HybridRetriever
from rag.store.backend import WriteJob
from rag.store.generation import BM25_DIR, META_DB, VECTORS, Changes, write_generation
from rag.store.lexical import BM25Store
from rag.store.manifest import Manifest, read_manifest
from rag.store.metadata import MetadataStore
from rag.store.vectors import VECTOR_LOADERS, VectorStore


def _key_summary(keys: Any) -> tuple[int, int, int]:
    """(min, max, sum) of chunk keys: a cheap check that two stores index the same passages."""
    if len(keys) == 0:
        return (0, 0, 0)
    return (int(keys.min()), int(keys.max()), int(keys.sum()))


class _NoEmbedder:
    """The retriever's embedder slot: the store is handed query vectors, it never embeds."""

    def embed_query(self, text: str) -> np.ndarray:
        raise RuntimeError("LocalStore.fused takes a query vector")


class LocalStore:
    """FAISS + BM25 + SQLite generations in ``index_dir`` (see module doc)."""

    name = "local"

    def __init__(self, index_dir: Path, rrf_k: int = 60) -> None:
        self.dir = index_dir
        self.rrf_k = rrf_k
        self._manifest: Manifest | None = None
        self._meta: MetadataStore | None = None
        self._parts: tuple[VectorStore, BM25Store] | None = None
        self._retriever: HybridRetriever | None = None

    @property
    def manifest(self) -> Manifest | None:
        return self._manifest

    @property
    def location(self) -> str:
        return str(self.dir)

    def latest_generation(self) -> int | None:
        m = read_manifest(self.dir)
        return m.generation if m is not None else None

    # --- opening -------------------------------------------------------------------------------
    def open(self) -> None:
        """Open the generation the manifest names; retry when a writer replaced it meanwhile.

        A writer in another process may commit a new generation and delete the old one while
        this one is being opened: that is not damage, so open the new one instead.
        """
        for attempt in range(5):
            before: Manifest | None = None
            try:
                before = read_manifest(self.dir)
                self._open_once()
                return
            except IndexCorruptError:
                try:
                    after = read_manifest(self.dir)
                except RagError:
                    after = None
                moved = before is not None and after is not None and after.generation != before.generation
                if not moved or attempt == 4:
                    raise
                time.sleep(0.05)

    def _open_once(self) -> None:
        self.close()
        manifest = read_manifest(self.dir)
        if manifest is None:
            stranded = sorted(p.name for p in self.dir.glob("gen-*") if p.is_dir() and not p.name.endswith(".tmp"))
            if stranded:
                # Without this, the folder would look empty and the next write would delete
                # the generation folders that hold the user's articles.
                raise IndexCorruptError(
                    f"index at {self.dir} has no manifest.json but holds {', '.join(stranded)}: "
                    "run `rag index --rebuild`"
                )
            return
        if manifest.vector_index not in VECTOR_LOADERS:
            raise IndexMismatchError(
                f"index at {self.dir} uses vector index {manifest.vector_index!r}, this program knows "
                f"{', '.join(sorted(VECTOR_LOADERS))}: run `rag index --rebuild`"
            )
        gen = self.dir / manifest.generation_dir
        for name in (META_DB, VECTORS, BM25_DIR):
            if not (gen / name).exists():
                raise IndexCorruptError(f"index file {gen / name} is missing: run `rag index --rebuild`")
        meta = None
        try:
            meta = MetadataStore(gen / META_DB, readonly=True)
            chunks = meta.count_chunks()
        except Exception as exc:
            if meta is not None:
                meta.close()
            raise IndexCorruptError(
                f"index metadata {gen / META_DB} is damaged ({exc}): run `rag index --rebuild`"
            ) from None
        try:
            vectors = VECTOR_LOADERS[manifest.vector_index](gen / VECTORS, int(manifest.embedder["dim"]))
            lexical = BM25Store.load(gen / BM25_DIR)
        except BaseException:
            meta.close()
            raise
        if not (vectors.ntotal == chunks == manifest.counts.get("chunks") == len(lexical.keys)):
            meta.close()
            raise IndexCorruptError(
                f"index at {self.dir} is inconsistent (chunks {chunks}, vectors {vectors.ntotal}, "
                f"manifest {manifest.counts.get('chunks')}): run `rag index --rebuild`"
            )
        if meta.key_summary() != _key_summary(lexical.keys):
            meta.close()
            raise IndexCorruptError(
                f"index at {self.dir} is inconsistent (metadata and search index hold different passages): "
                "run `rag index --rebuild`"
            )
        self._manifest, self._meta, self._parts = manifest, meta, (vectors, lexical)

    def close(self) -> None:
        if self._meta is not None:
            self._meta.close()
        self._meta = None
        self._manifest = None
        self._parts = None
        self._retriever = None

    # --- writing -------------------------------------------------------------------------------
    def write(self, previous: Manifest | None, target: Manifest, changes: Changes, job: WriteJob) -> None:
        # Prepared articles (the Ray pipeline) reach this path through the embedding and claim
        # caches, which the pipeline fills: the generation writer then embeds and parses nothing.
        write_generation(
            self.dir, previous, target, changes, job.chunker, job.embedder, job.cache, job.progress,
            nlp_model=job.nlp_model, claim_cache=job.claim_cache, claim_workers=job.claim_workers,
            parse_store=job.parse_store, sentences=job.sentences, encoder=job.encoder,
        )

    # --- reading -------------------------------------------------------------------------------
    def hashes(self) -> dict[str, str]:
        return self._meta.hashes() if self._meta is not None else {}

    def articles(self) -> Iterator[Article]:
        return self._meta.articles() if self._meta is not None else iter(())

    def article(self, doc_id: str) -> Article | None:
        return self._meta.article(doc_id) if self._meta is not None else None

    def chunks_of(self, doc_id: str) -> list[Chunk]:
        return self._meta.chunks_of(doc_id) if self._meta is not None else []

    def sources(self) -> list[str]:
        return self._meta.sources() if self._meta is not None else []

    def knows_terms(self, text: str) -> bool:
        return self._parts is not None and self._parts[1].has_terms(text)

    def fused(self, qvec: np.ndarray, query: str, n: int, filters: Filters, named: list[str]) -> Candidates | None:
        if self._meta is None or self._parts is None:
            return None
        if self._retriever is None:
            vectors, lexical = self._parts
            self._retriever = HybridRetriever(vectors, lexical, self._meta, _NoEmbedder(), rrf_k=self.rrf_k)  # type: ignore[arg-type]
        return self._retriever.fused(qvec, query, n, filters, named)

    def claims_in_chunks(self, chunk_ids: Sequence[str]) -> dict[str, list[Claim]]:
        if self._meta is None or not chunk_ids:
            return {}
        keys = self._meta.chunk_keys(list(chunk_ids))
        found = self._meta.claims_in_chunks(list(keys.values()))
        return {cid: found[key] for cid, key in keys.items() if key in found}

    def vectors_of(self, chunk_ids: Sequence[str]) -> dict[str, np.ndarray]:
        if self._meta is None or self._parts is None or not chunk_ids:
            return {}
        keys = self._meta.chunk_keys(list(dict.fromkeys(chunk_ids)))
        ids = list(keys)
        vecs = self._parts[0].vectors([keys[i] for i in ids])
        return dict(zip(ids, vecs, strict=True))

    def counts(self) -> dict[str, int]:
        m = self._manifest
        return {k: int(m.counts.get(k, 0)) for k in ("articles", "chunks", "claims")} if m else {}

    def health(self) -> dict[str, Any]:
        return {"backend": self.name, "location": str(self.dir), "ok": self._manifest is not None,
                "generation": self._manifest.generation if self._manifest else None}
