"""Turn articles into what a store writes: chunks, their vectors and the claims of each chunk.

One function for every place that does it: the Milvus store's writer (in the indexing process)
and the Ray pipeline's actors (anywhere in a cluster), so both produce the same chunk ids, the
same texts to embed and the same claim-to-chunk assignment as the local generation writer
(:mod:`rag.store.generation`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from embeddings import Embedder, EmbeddingCache
from rag.chunking import Chunker
from rag.claim_workers import Caches, Parsed, ToParse, parse_here
from rag.claims import Claim, ClaimCache
from rag.parses import ParseStore
from rag.records import Article, Chunk
from rag.sentence_vectors import SentenceVectors
from rag.store.generation import embed_text


@dataclass(slots=True)
class Prepared:
    """One article ready to store: chunks in order, one vector per chunk, claims with their chunk's index."""

    article: Article
    chunks: list[Chunk]
    vectors: np.ndarray  # (len(chunks), dim) float32
    claims: list[tuple[int, Claim]]
    parses: list[bytes] = field(default_factory=list)  # one per chunk (rag.parses) when parsed here, else none


def chunk_for(chunks: Sequence[Chunk], start: int, end: int) -> int | None:
    """Index of the chunk holding a sentence, else of the one overlapping it most (as the local writer)."""
    best, best_overlap = None, 0
    for i, chunk in enumerate(chunks):
        if chunk.start <= start and end <= chunk.end:
            return i
        overlap = min(end, chunk.end) - max(start, chunk.start)
        if overlap > best_overlap:
            best, best_overlap = i, overlap
    return best


def embed_in_length_order(
    embedder: Embedder, texts: Sequence[str], cache: EmbeddingCache | None = None, batch: int = 256
) -> np.ndarray:
    """Vectors of ``texts`` in their order, embedded in batches of similar length.

    The embedder pads each batch to its longest text, so batching by length saves ~10% of the
    encode time; it also makes a text's batch neighbours the same as in the local writer.
    """
    out = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    order = np.argsort([len(t) for t in texts], kind="stable")
    for i in range(0, len(order), batch):
        rows = order[i : i + batch]
        part = [texts[j] for j in rows]
        vecs = cache.embed(embedder, part) if cache is not None else embedder.embed_documents(part)
        out[rows] = np.asarray(vecs, dtype=np.float32)
    return out


def prepare_articles(
    articles: Sequence[Article],
    chunker: Chunker,
    embedder: Embedder,
    nlp_model: str,
    cache: EmbeddingCache | None = None,
    claim_cache: ClaimCache | None = None,
    parse_store: ParseStore | None = None,
    sentences: SentenceVectors | None = None,
) -> list[Prepared]:
    """Chunk, embed and extract claims for ``articles`` (caches are optional: Ray actors have none).

    Chunks' parses go into ``parse_store`` (:mod:`rag.parses`), their statements' vectors through
    ``sentences`` (:mod:`rag.sentence_vectors`); an article whose claims are cached
    is parsed only if a chunk of it has no stored parse. doc_ids must be distinct: claims are
    looked up by doc_id.
    """
    if len({a.doc_id for a in articles}) != len(articles):
        raise ValueError("prepare_articles needs distinct doc_ids")
    chunked = [chunker.split(a.doc_id, a.text) for a in articles]
    texts = [embed_text(c, a.title) for a, chunks in zip(articles, chunked, strict=True) for c in chunks]
    vectors = embed_in_length_order(embedder, texts, cache)
    found = _parsed(articles, chunked, nlp_model, Caches(claim_cache, parse_store, sentences))
    out: list[Prepared] = []
    row = 0
    for a, chunks in zip(articles, chunked, strict=True):
        done = found[a.doc_id]
        claims = []
        for claim in done.claims:
            i = chunk_for(chunks, claim.start, claim.end)
            if i is not None:
                claims.append((i, claim))
        out.append(Prepared(a, chunks, vectors[row : row + len(chunks)], claims, done.passages))
        row += len(chunks)
    return out


def _parsed(articles: Sequence[Article], chunked: Sequence[Sequence[Chunk]], nlp_model: str,
            caches: Caches) -> dict[str, Parsed]:
    """Each article's claims, from the cache (no passage parses) or parsed here (with its chunks'
    parses, also kept in the caches)."""
    found: dict[str, Parsed] = {}
    todo: list[ToParse] = []
    for a, chunks in zip(articles, chunked, strict=True):
        known = caches.lookup(a, chunks)
        if isinstance(known, ToParse):
            todo.append(known)
        else:
            found[a.doc_id] = Parsed(a.doc_id, known, [])
    if todo:
        chunks_of = {a.doc_id: chunks for a, chunks in zip(articles, chunked, strict=True)}
        for done, item in zip(parse_here(todo, nlp_model), todo, strict=True):
            found[done.doc_id] = done
            caches.keep(done, item.text, chunks_of[done.doc_id])
        caches.commit()
    return found
