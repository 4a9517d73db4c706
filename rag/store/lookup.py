"""What the answer layer may ask of the whole index, beyond the passages retrieved for a question.

One object serves both readers: the answerers' :class:`rag.answer.base.Corpus` (is a name anywhere
in the index, which passages name it) and the conflict stage's :class:`rag.answer.conflicts.ClaimLookup`
(the claims table and the stored passage vectors).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from rag.claims import Claim
from rag.nlp import names_match, norm_text
from rag.query import MAX_QUERY_CHARS, Filters
from rag.records import SearchHit
from rag.store.backend import StoreBackend, StoreRetriever


class IndexLookup:
    """Reads of one index's store; ``retriever`` gives the index's current retriever (None when empty)."""

    def __init__(self, store: StoreBackend, retriever: Callable[[], StoreRetriever | None]) -> None:
        self._store = store
        self._retriever = retriever
        self._source_list: list[str] | None = None

    def reset(self) -> None:
        """Forget what was read: the index was (re)loaded."""
        self._source_list = None

    def claims_of(self, hits: Sequence[SearchHit]) -> list[tuple[Claim, SearchHit]]:
        """Claims whose sentences lie in these passages."""
        if self._store.manifest is None or not hits:
            return []
        found = self._store.claims_in_chunks(list(dict.fromkeys(h.chunk.id for h in hits)))
        return [(c, h) for h in hits for c in found.get(h.chunk.id, [])]

    def knows(self, name: str) -> bool:
        """Does the index mention every word of ``name`` in some passage's text, or name it as a source? (Titles are
        not searched: a name only in the title of an article retrieval missed counts as unknown.)"""
        if self._store.manifest is None:
            return False
        if any(names_match(name, s) or norm_text(name) in norm_text(s) for s in self._sources()):
            return True
        return self._store.knows_terms(name)

    def passages_naming(self, name: str, limit: int) -> list[SearchHit]:
        """Up to ``limit`` passages anywhere in the index that mention every word of ``name``, best first."""
        words = norm_text(name).split()
        return [h for h in self.search(name, limit) if all(w in norm_text(h.chunk.text).split() for w in words)]

    def search(self, text: str, limit: int, filters: Filters | None = None) -> list[SearchHit]:
        """The ``limit`` passages the index retrieves for ``text`` (within ``filters``), best first."""
        retriever = self._retriever()
        if retriever is None or not text.strip():
            return []
        return retriever.search(text[:MAX_QUERY_CHARS], limit, filters or Filters())

    def same_article(self, hit: SearchHit) -> list[SearchHit]:
        """Every passage of the article ``hit`` is from, in the article's order, with its metadata."""
        if self._store.manifest is None:
            return []
        return [replace(hit, chunk=c, score=0.0, dense_score=None, bm25_score=None)
                for c in sorted(self._store.chunks_of(hit.chunk.doc_id), key=lambda c: c.start)]

    def topic_vectors(self, hits: Sequence[SearchHit]) -> dict[str, Any]:
        """The stored embedding of each passage, by chunk id (what the passage is about)."""
        if self._store.manifest is None or not hits:
            return {}
        return self._store.vectors_of(list(dict.fromkeys(h.chunk.id for h in hits)))

    def claims_near(self, text: str, limit: int) -> list[tuple[Claim, SearchHit]]:
        """Claims of the passages anywhere in the index that best match ``text``."""
        retriever = self._retriever()
        if retriever is None:
            return []
        return self.claims_of(retriever.search(text[:MAX_QUERY_CHARS], limit, Filters()))

    def _sources(self) -> list[str]:
        if self._source_list is None and self._store.manifest is not None:
            self._source_list = self._store.sources()
        return self._source_list or []
