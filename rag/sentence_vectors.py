"""Vectors of the passages' statements, encoded while indexing so a question encodes only itself.

Scoring a question's evidence compares it with every statement of its retrieved passages
(:mod:`rag.statements`): about 20-30 sentences, which on a CPU without bf16 was ~100 ms of
encoding per question, most of an answer's time (``docs/performance.md``). Indexing already
parses every article; the texts of its chunks' statements come back from the parse with it,
and are encoded beside the chunks into the same embedding cache (``embeddings.sqlite``, keyed
by embedder fingerprint and text, so a sentence two overlapping chunks share is encoded once).
A claim worker that parsed the article encodes them itself when it can build the same embedder
(:func:`rag.claim_workers.encode_statements`), so the indexing process encodes only the chunks.
At question time the retrieved passages' statements are read from that cache into the
question-time memo; a statement that is not there (an index written before this, or by the
Ray pipeline) is encoded when scored, as before.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from embeddings.cache import read_vectors
from rag.statements import statements

if TYPE_CHECKING:
    import numpy as np

    from embeddings import Embedder, EmbeddingCache
    from embeddings.memo import MemoEmbedder
    from rag.nlp import TextAnalyser
    from rag.records import SearchHit

EMBEDDINGS_FILE = "embeddings.sqlite"
BATCH = 256  # statements encoded together: similar lengths share a batch, little padding


class SentenceVectors:
    """Encodes the statements of parsed articles into the embedding cache, in batches (while indexing)."""

    def __init__(self, cache: EmbeddingCache, embedder: Embedder) -> None:
        self.cache, self.embedder = cache, embedder
        self._pending: dict[str, None] = {}

    def add(self, texts: Iterable[str]) -> None:
        self._pending.update(dict.fromkeys(texts))
        if len(self._pending) >= BATCH:
            self.flush()

    def put(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Keep vectors encoded elsewhere by this embedder (a claim worker's), one row per text."""
        self.cache.store(self.embedder, texts, vectors)

    def flush(self) -> None:
        """Encode (or find cached) every statement added since the last flush."""
        texts, self._pending = list(self._pending), {}
        if texts:
            # not counted: the cache's counts are the chunks' (what a write reports as embedded)
            self.cache.embed(self.embedder, texts, counted=False)


def read_stored_vectors(cache_dir: Path, hits: Sequence[SearchHit], analyser: TextAnalyser,
                        memo: MemoEmbedder) -> int:
    """Put the stored vectors of the statements of ``hits``' passages that ``memo`` lacks into it;
    returns how many were read. The passages are parsed here if their parses are not cached (the
    answer layer would parse them next). Read-only, and a writer holding the cache costs a question
    at most 50 ms: the statements are encoded instead."""
    path = cache_dir / EMBEDDINGS_FILE
    if not hits or not path.is_file():
        return 0
    texts = [st.text for doc in analyser.parse_many([h.chunk.text for h in hits]) for st in statements(doc)]
    todo = memo.missing(texts)
    if not todo:
        return 0
    try:
        found = read_vectors(path, memo.fingerprint, memo.dim, todo, timeout=0.05)
    except sqlite3.Error:
        return 0
    memo.remember_documents(found)
    return len(found)
