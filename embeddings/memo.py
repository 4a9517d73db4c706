"""An in-memory memo in front of an embedder, for query time: passages and questions recur."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, Sequence

import numpy as np

from embeddings.base import Embedder


class MemoEmbedder:
    """Wraps an :class:`Embedder`; texts seen recently are not encoded again (LRU, ``size`` texts).

    Not for indexing, which has the persistent :class:`embeddings.EmbeddingCache`: a question,
    its retrieved sentences and the claims compared with them come back question after question.
    """

    def __init__(self, inner: Embedder, size: int = 4096) -> None:
        self.inner = inner
        self.name, self.dim, self.fingerprint = inner.name, inner.dim, inner.fingerprint
        self._docs: OrderedDict[str, np.ndarray] = OrderedDict()
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()
        self._size = size

    def _remember(self, memo: OrderedDict[str, np.ndarray], text: str, vec: np.ndarray) -> None:
        memo[text] = vec
        if len(memo) > self._size:
            memo.popitem(last=False)

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        todo = self.missing(texts)
        if todo:
            for text, vec in zip(todo, self.inner.embed_documents(todo), strict=True):
                self._remember(self._docs, text, vec)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = np.stack([self._docs[t] for t in texts])
        for t in texts:
            self._docs.move_to_end(t)
        return out

    def missing(self, texts: Sequence[str]) -> list[str]:
        """The distinct ``texts`` not remembered as documents."""
        return list(dict.fromkeys(t for t in texts if t not in self._docs))

    def remember_documents(self, vectors: Mapping[str, np.ndarray]) -> None:
        """Take document vectors computed elsewhere (stored while indexing, by the same embedder)."""
        for text, vec in vectors.items():
            self._remember(self._docs, text, vec)

    def embed_query(self, text: str) -> np.ndarray:
        vec = self._queries.get(text)
        if vec is None:
            vec = self.inner.embed_query(text)
            self._remember(self._queries, text, vec)
        self._queries.move_to_end(text)
        return vec
