"""Hybrid retrieval: dense (FAISS) and BM25 candidates fused by reciprocal rank fusion.

Filters (source substring, inclusive date range) are applied inside both retrievers, so a
filtered search still returns up to ``k`` results. Chunks that mostly overlap a better-ranked
chunk of the same article are dropped, so the reader never sees the same passage twice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from embeddings import Embedder
from rag.query import Filters, make_filters, parse_date
from rag.records import Article, Chunk, SearchHit
from rag.store.lexical import BM25Store
from rag.store.metadata import MetadataStore
from rag.store.vectors import VectorStore

MAX_OVERLAP = 0.5  # share of the shorter chunk; above this two chunks count as the same passage
MAX_PER_DOC = 2  # per article in the first pass, so other articles' versions get a place
PASSAGES_PER_SOURCE = 2  # passages added to a question's k for each publication it names beyond the first

__all__ = [
    "Candidates", "Filters", "HybridRetriever", "make_filters", "parse_date", "passages_for", "rrf", "select_hits",
    "source_aliases",
]


def rrf(rankings: list[np.ndarray], k: int) -> dict[int, float]:
    """Reciprocal rank fusion: sum of 1 / (k + rank) over the rankings a key appears in."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, key in enumerate(ranking, start=1):
            scores[int(key)] = scores.get(int(key), 0.0) + 1.0 / (k + rank)
    return scores


def source_aliases(sources: list[str]) -> list[tuple[re.Pattern[str], str]]:
    """Patterns that find a source's name in a question, with the source they stand for.

    "The Roar | Sports Writers Blog" is also found as "The Roar"; "commonspace.eu with the
    Financial Times" as "Financial Times". Names are matched case-sensitively as whole words,
    so "fortune" in a sentence does not select the magazine Fortune.
    """
    out: list[tuple[re.Pattern[str], str]] = []
    for source in sources:
        # `(?<!\s)`: a run of spaces is tried from its first character only (linear time).
        names = {source, *re.split(r"(?<!\s)\s+(?:[|\-–]|with)\s+", source)}
        for name in names:
            name = re.sub(r"^(?:the)\s+", "", name.strip(), flags=re.IGNORECASE)
            if len(name) >= 3 and name[:1].isupper():
                pattern = re.compile(
                    r"(?<![\w])(?:the\s+)?" + re.escape(name) + r"(?![\w])",
                    re.IGNORECASE if name.isupper() and len(name) <= 4 else 0,
                )
                out.append((pattern, name if name != source else source))
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return inter / shorter if inter > 0 and shorter > 0 else 0.0


def passages_for(k: int, named: Sequence[str]) -> int:
    """How many passages to answer a question from: ``k``, and ``PASSAGES_PER_SOURCE`` more for each
    publication it ``named`` beyond the first ("Does TechCrunch report ..., while The Verge ...?" weighs
    each one's own words)."""
    return k + PASSAGES_PER_SOURCE * max(len(named) - 1, 0)


class HybridRetriever:
    """Searches one local index generation (FAISS + BM25 + SQLite); the fusion and selection are shared
    with every store backend (:func:`select_hits`)."""

    def __init__(
        self,
        vectors: VectorStore,
        lexical: BM25Store,
        meta: MetadataStore,
        embedder: Embedder,
        candidates: int = 30,
        rrf_k: int = 60,
    ) -> None:
        self.vectors, self.lexical, self.meta, self.embedder = vectors, lexical, meta, embedder
        self.candidates, self.rrf_k = candidates, rrf_k
        self._source_names: list[tuple[re.Pattern[str], str]] | None = None

    def named_sources(self, query: str) -> list[str]:
        """Sources in the index that the query names ("The Verge", "BBC", "Financial Times")."""
        if self._source_names is None:
            self._source_names = source_aliases(self.meta.sources())
        return [source for alias, source in self._source_names if alias.search(query)]

    def search(self, query: str, k: int = 5, filters: Filters | None = None) -> list[SearchHit]:
        filters = filters or Filters()
        n = max(self.candidates, k * 3)
        named = [] if filters.source else self.named_sources(query)
        found = self.fused(self.embedder.embed_query(query), query, n, filters, named)
        return select_hits(found, k) if found is not None else []

    def fused(
        self, qvec: np.ndarray, query: str, n: int, filters: Filters, named: list[str]
    ) -> Candidates | None:
        """Dense and BM25 candidates (and those of each ``named`` source) fused by RRF; None when the
        filters leave nothing to search."""
        allowed = None
        if filters.active:
            allowed = np.asarray(self.meta.keys_matching(filters.source, filters.since, filters.until), dtype=np.int64)
            if len(allowed) == 0:
                return None
        dense_keys, dense_scores = self.vectors.search(qvec, n, allowed)
        bm25_keys, bm25_scores = self.lexical.search(query, n, allowed)
        rankings = [dense_keys, bm25_keys]
        # "What did TechCrunch report ...": rankings restricted to each publication the question
        # names join the fusion, so its articles surface without excluding the others.
        for source in named:
            restricted = np.asarray(self.meta.keys_matching(source, filters.since, filters.until), dtype=np.int64)
            if len(restricted):
                rankings.append(self.vectors.search(qvec, n, restricted)[0])
                rankings.append(self.lexical.search(query, n, restricted)[0])
        fused = rrf(rankings, self.rrf_k)
        order = sorted(fused, key=lambda key: (-fused[key], key))
        return Candidates(
            order=order,
            fused=fused,
            dense={int(key): float(s) for key, s in zip(dense_keys, dense_scores, strict=True)},
            lexical={int(key): float(s) for key, s in zip(bm25_keys, bm25_scores, strict=True)},
            records=self.meta.chunks_by_key(order),
        )


@dataclass(slots=True)
class Candidates:
    """Fused candidates of one search, best first, with each one's chunk and article metadata."""

    order: list[int]  # chunk keys by fused score, ties by key
    fused: dict[int, float]
    dense: dict[int, float] = field(default_factory=dict)
    lexical: dict[int, float] = field(default_factory=dict)
    records: dict[int, tuple[Chunk, Article]] = field(default_factory=dict)


def select_hits(found: Candidates, k: int) -> list[SearchHit]:
    """The ``k`` hits shown: near-duplicates dropped, at most MAX_PER_DOC per article first."""
    order, fused, records = found.order, found.fused, found.records
    # Drop near-duplicate passages, then take the best chunks with at most MAX_PER_DOC per
    # article; fill any remaining places with the next best chunks regardless of article.
    distinct: list[int] = []
    taken: dict[str, list[tuple[int, int]]] = {}
    for key in order:
        if key not in records:
            continue
        chunk = records[key][0]
        span = (chunk.start, chunk.end)
        if any(_overlap(span, other) > MAX_OVERLAP for other in taken.get(chunk.doc_id, [])):
            continue
        taken.setdefault(chunk.doc_id, []).append(span)
        distinct.append(key)
    per_doc: dict[str, int] = {}
    first: list[int] = []
    for key in distinct:
        doc = records[key][0].doc_id
        if per_doc.get(doc, 0) < MAX_PER_DOC:
            per_doc[doc] = per_doc.get(doc, 0) + 1
            first.append(key)
    chosen = set(first[:k])
    if len(chosen) < k:
        chosen |= set([key for key in distinct if key not in chosen][: k - len(chosen)])
    hits: list[SearchHit] = []
    for key in distinct:
        if key not in chosen:
            continue
        chunk, article = records[key]
        hits.append(
            SearchHit(
                rank=len(hits) + 1,
                chunk=chunk,
                title=article.title,
                source=article.source,
                published_at=article.published_at,
                url=article.url,
                score=fused[key],
                dense_score=found.dense.get(key),
                bm25_score=found.lexical.get(key),
            )
        )
    return hits
