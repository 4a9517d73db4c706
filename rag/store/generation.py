"""Write a new index generation next to the current one, then commit it via the manifest.

Steps: copy the current metadata DB into ``gen-N.tmp/``, apply deletions and insertions,
embed new chunks (through the cache), update FAISS and rebuild BM25, fsync everything, rename
the folder to ``gen-N`` and atomically replace ``manifest.json``. Only then are older
generations deleted. Killing the process at any point leaves the previous manifest and its
generation untouched.

Scale: chunks are embedded ``EMBED_BATCH`` at a time and each batch goes straight into FAISS, so
every embedding is held once (inside the vector index), never as one big matrix besides it. The
embedding cache commits each batch, so an interrupted run that is started again re-embeds
nothing it had finished: it re-chunks, finds those vectors in the cache and carries on. The
vector index kind (flat / HNSW) follows the chunk count, see :func:`rag.store.vectors.choose_kind`.
BM25 is never rebuilt by a query; a small write rebuilds only a delta segment next to the
unchanged base (see :mod:`rag.store.lexical`), a large one rebuilds the whole BM25 index.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from embeddings import Embedder, EmbeddingCache
from rag.chunking import Chunker
from rag.claim_workers import Caches, ClaimExtraction, Parsed, ToParse
from rag.claims import Claim, ClaimCache
from rag.parses import ParseStore
from rag.records import Article, Chunk
from rag.sentence_vectors import SentenceVectors
from rag.store.lexical import BM25Store
from rag.store.manifest import Manifest, fsync_dir, now_iso, write_manifest
from rag.store.metadata import MetadataStore
from rag.store.vectors import VECTOR_LOADERS, VECTOR_STORES, choose_kind, convert

if TYPE_CHECKING:
    from rag.embedder import EncoderRecipe

ProgressFn = Callable[[int, int], None]
EMBED_BATCH = 256
META_DB = "meta.sqlite"
VECTORS = "vectors.faiss"
BM25_DIR = "bm25"


@dataclass(slots=True)
class Changes:
    upserts: list[Article] = field(default_factory=list)
    removals: list[str] = field(default_factory=list)


def embed_text(chunk: Chunk, title: str | None) -> str:
    """Text given to the embedder: the title adds context a bare passage often lacks."""
    return f"{title}\n{chunk.text}" if title else chunk.text


def _fsync_tree(folder: Path) -> None:
    for root, _dirs, files in os.walk(folder):
        for name in files:
            fd = os.open(os.path.join(root, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        fsync_dir(Path(root))


def write_generation(
    index_dir: Path,
    previous: Manifest | None,
    manifest: Manifest,
    changes: Changes,
    chunker: Chunker,
    embedder: Embedder,
    cache: EmbeddingCache,
    progress: ProgressFn | None = None,
    *,
    nlp_model: str,
    claim_cache: ClaimCache | None = None,
    claim_workers: int = 0,
    parse_store: ParseStore | None = None,
    sentences: SentenceVectors | None = None,
    encoder: EncoderRecipe | None = None,
) -> Manifest:
    """Apply ``changes`` on top of ``previous`` (None = start empty) and commit a new generation.

    Claims (:mod:`rag.claims`) of the new articles are extracted here, so conflicts can be
    looked up at question time instead of parsing the index; ``claim_workers`` processes parse
    them while this one embeds (0: parsed here, after the embedding). The parses of the new chunks
    go into ``parse_store`` (:mod:`rag.parses`), and the vectors of their statements through
    ``sentences`` (:mod:`rag.sentence_vectors`), encoded by the worker that parsed them when ``encoder``
    says how it builds ``embedder``; an article whose claims are cached is parsed again only if that
    store lacks a parse of one of its chunks.
    """
    new = Manifest(
        embedder=manifest.embedder,
        chunker=manifest.chunker,
        generation=(previous.generation + 1) if previous else max(manifest.generation + 1, 1),
        vector_index=manifest.vector_index,
        created_at=(previous.created_at if previous else "") or now_iso(),
        updated_at=now_iso(),
    )
    final_dir = index_dir / new.generation_dir
    tmp_dir = index_dir / f"{new.generation_dir}.tmp"
    shutil.rmtree(tmp_dir, ignore_errors=True)
    shutil.rmtree(final_dir, ignore_errors=True)
    tmp_dir.mkdir(parents=True)

    dim = int(manifest.embedder["dim"])
    if previous is not None:
        shutil.copyfile(index_dir / previous.generation_dir / META_DB, tmp_dir / META_DB)
        vectors = VECTOR_LOADERS[previous.vector_index](index_dir / previous.generation_dir / VECTORS, dim)
    else:
        vectors = VECTOR_STORES["flat"](dim)  # converted below if the index will be large

    meta = MetadataStore(tmp_dir / META_DB)
    try:
        removed_keys: list[int] = []
        for doc_id in changes.removals:
            removed_keys += meta.delete_article(doc_id)
        new_chunks: list[Chunk] = []
        titles: list[str | None] = []
        for article in changes.upserts:
            removed_keys += meta.delete_article(article.doc_id)
            meta.put_article(article)
            chunks = chunker.split(article.doc_id, article.text)
            new_chunks += chunks
            titles += [article.title] * len(chunks)
        vectors.remove(np.asarray(removed_keys, dtype=np.int64))
        kind = choose_kind(vectors.ntotal + len(new_chunks), previous.vector_index if previous else None)
        if kind != vectors.kind:
            vectors = convert(vectors, kind)
        new.vector_index = kind
        keys = meta.add_chunks(new_chunks)
        claims = _ClaimStore(meta, changes.upserts, new_chunks, keys, claim_cache, parse_store, sentences)
        total = len(new_chunks) + len(claims.todo)
        done = 0

        def advanced(n: int) -> None:
            nonlocal done
            done += n
            if progress:
                progress(done, total)

        lexical = None

        def build_lexical() -> None:
            """BM25 and the vector file: they need no claims, so they are built while the last claims are parsed."""
            nonlocal lexical
            if previous is not None:
                old = BM25Store.load(index_dir / previous.generation_dir / BM25_DIR, mmap=True)
                lexical = old.updated(
                    removed_keys, keys, [c.text for c in new_chunks],
                    lambda ks: _texts(meta, ks),
                )
            if lexical is None:
                lexical = BM25Store.build(*meta.all_chunk_texts())
            lexical.save(tmp_dir / BM25_DIR)
            vectors.save(tmp_dir / VECTORS)

        # Claims are parsed beside the embedding (worker processes for large writes, see
        # rag.claim_workers); each batch of vectors is followed by storing the claims parsed so far.
        # no statements to encode without ``sentences``: the workers then load no embedder
        with ClaimExtraction(claims.todo, nlp_model, claim_workers,
                             encoder=encoder if sentences is not None else None) as extraction:
            # Batches of similar length: the embedder pads each batch to its longest text, so
            # batching in corpus order cost ~10% of the encode time at 20k chunks.
            lengths = [len(c.text) + len(t or "") for c, t in zip(new_chunks, titles, strict=True)]
            order = np.argsort(lengths, kind="stable")
            for i in range(0, len(order), EMBED_BATCH):
                batch = order[i : i + EMBED_BATCH]
                vecs = cache.embed(embedder, [embed_text(new_chunks[j], titles[j]) for j in batch])
                vectors.add(np.asarray([keys[j] for j in batch], dtype=np.int64), vecs)
                advanced(len(batch))
                for result in extraction.ready():
                    advanced(claims.store(result))
            for result in extraction.finish(while_waiting=build_lexical):
                advanced(claims.store(result))
        claims.flush()
        if progress and not total:
            progress(0, 0)
        new.counts = {"articles": meta.count_articles(), "chunks": meta.count_chunks(), "claims": meta.count_claims()}
        meta.commit()
    finally:
        meta.close()

    if vectors.ntotal != new.counts["chunks"]:
        raise AssertionError("vector count differs from chunk count; refusing to commit")
    _fsync_tree(tmp_dir)
    os.rename(tmp_dir, final_dir)
    fsync_dir(index_dir)
    write_manifest(index_dir, new)
    remove_stale_generations(index_dir, keep=new.generation_dir)
    return new


class _ClaimStore:
    """Stores the claims of the written articles under their chunks, in article order.

    Articles whose claims the cache holds (and whose chunks' parses ``parses`` holds) are ready at
    once; the others (``todo``) arrive as they are parsed, and their chunks' parses are stored.
    Claims go into the database in article order whatever order the parses finish in, so the
    stored rows are the same as from one sequential pass.
    """

    def __init__(self, meta: MetadataStore, articles: Sequence[Article], chunks: Sequence[Chunk],
                 keys: Sequence[int], cache: ClaimCache | None, parses: ParseStore | None = None,
                 sentences: SentenceVectors | None = None) -> None:
        self.meta, self.caches = meta, Caches(cache, parses, sentences)
        self.articles = list(articles)
        self.by_doc: dict[str, list[tuple[Chunk, int]]] = {}
        for chunk, key in zip(chunks, keys, strict=True):
            self.by_doc.setdefault(chunk.doc_id, []).append((chunk, key))
        self.found: dict[str, list[Claim]] = {}
        self.todo: list[ToParse] = []
        for a in self.articles:
            known = self.caches.lookup(a, self._chunks(a.doc_id))
            if isinstance(known, ToParse):
                self.todo.append(known)
            else:
                self.found[a.doc_id] = known
        self._texts = {it.doc_id: it.text for it in self.todo}
        self._next = 0

    def _chunks(self, doc_id: str) -> list[Chunk]:
        return [c for c, _ in self.by_doc.get(doc_id, [])]

    def store(self, parsed: Sequence[Parsed]) -> int:
        """Take newly parsed claims, write every article now complete; returns how many were parsed."""
        for done in parsed:
            self.found[done.doc_id] = done.claims
            self.caches.keep(done, self._texts[done.doc_id], self._chunks(done.doc_id))
        self.flush(partial=True)
        return len(parsed)

    def flush(self, partial: bool = False) -> None:
        """Write the claims of the next articles in order, as far as they are known."""
        rows: list[tuple[int, Claim]] = []
        while self._next < len(self.articles) and self.articles[self._next].doc_id in self.found:
            doc_id = self.articles[self._next].doc_id
            own = self.by_doc.get(doc_id, [])
            for claim in self.found.pop(doc_id):
                key = _chunk_for(own, claim.start, claim.end)
                if key is not None:
                    rows.append((key, claim))
            self._next += 1
        self.meta.add_claims(rows)
        self.caches.commit()
        if not partial and self._next < len(self.articles):
            raise AssertionError("claims of some articles are missing; refusing to commit")


def _chunk_for(chunks: Sequence[tuple[Chunk, int]], start: int, end: int) -> int | None:
    """The chunk holding a sentence, else the one overlapping it most."""
    best: int | None = None
    best_overlap = 0
    for chunk, key in chunks:
        if chunk.start <= start and end <= chunk.end:
            return key
        overlap = min(end, chunk.end) - max(start, chunk.start)
        if overlap > best_overlap:
            best, best_overlap = key, overlap
    return best


def _texts(meta: MetadataStore, keys: list[int]) -> list[str]:
    found = meta.chunks_by_key(keys)
    return [found[k][0].text for k in keys]


def remove_stale_generations(index_dir: Path, keep: str) -> None:
    for entry in index_dir.iterdir():
        if entry.is_dir() and entry.name.startswith("gen-") and entry.name != keep:
            shutil.rmtree(entry, ignore_errors=True)


def plan_changes(
    articles: Sequence[Article], existing: dict[str, str], prune_ids: Sequence[str] = ()
) -> tuple[Changes, list[str], list[str], list[str]]:
    """Split articles into (changes, added, updated, unchanged) by content hash."""
    changes = Changes(removals=list(prune_ids))
    added, updated, unchanged = [], [], []
    for a in articles:
        old = existing.get(a.doc_id)
        if old is None:
            added.append(a.doc_id)
            changes.upserts.append(a)
        elif old != a.content_hash:
            updated.append(a.doc_id)
            changes.upserts.append(a)
        else:
            unchanged.append(a.doc_id)
    return changes, added, updated, unchanged
