"""Vector stores: a small protocol plus a name -> factory mapping. The default is FAISS.

Vectors are addressed by the integer chunk key, so removing a document removes exactly its
chunks. Files are written with FAISS's own binary format (no pickle).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import numpy as np

from rag.errors import IndexCorruptError


class VectorStore(Protocol):
    kind: str

    @property
    def ntotal(self) -> int: ...

    def add(self, keys: np.ndarray, vectors: np.ndarray) -> None: ...

    def remove(self, keys: np.ndarray) -> None: ...

    def search(
        self, query: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]: ...

    def save(self, path: Path) -> None: ...


class FaissFlatStore:
    """Exact inner-product search over normalised vectors (cosine similarity)."""

    kind = "flat"

    def __init__(self, dim: int, index: object | None = None) -> None:
        import faiss

        self.dim = dim
        self._index = index if index is not None else faiss.IndexIDMap2(faiss.IndexFlatIP(dim))

    @classmethod
    def load(cls, path: Path, dim: int) -> FaissFlatStore:
        import faiss

        try:
            index = faiss.read_index(str(path))
        except Exception as exc:  # FAISS raises RuntimeError with a C++ message
            raise IndexCorruptError(
                f"vector index {path} cannot be read ({str(exc).splitlines()[0][:120]}): "
                "run `rag index --rebuild`"
            ) from None
        if index.d != dim:
            raise IndexCorruptError(f"vector index {path} has dimension {index.d}, expected {dim}")
        return cls(dim, index)

    @property
    def ntotal(self) -> int:
        return int(self._index.ntotal)  # type: ignore[attr-defined]

    def add(self, keys: np.ndarray, vectors: np.ndarray) -> None:
        if len(keys):
            self._index.add_with_ids(  # type: ignore[attr-defined]
                np.ascontiguousarray(vectors, dtype=np.float32), np.asarray(keys, dtype=np.int64)
            )

    def remove(self, keys: np.ndarray) -> None:
        if len(keys):
            self._index.remove_ids(np.asarray(keys, dtype=np.int64))  # type: ignore[attr-defined]

    def search(
        self, query: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        import faiss

        if self.ntotal == 0 or k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        q = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        params = None
        if allowed is not None:
            if len(allowed) == 0:
                return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64)))
        scores, ids = self._index.search(q, min(k, self.ntotal), params=params)  # type: ignore[attr-defined]
        mask = ids[0] >= 0
        return ids[0][mask], scores[0][mask]

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self._index, str(path))


VectorStoreFactory = Callable[[int], VectorStore]
VECTOR_STORES: dict[str, VectorStoreFactory] = {"flat": FaissFlatStore}
VECTOR_LOADERS: dict[str, Callable[[Path, int], VectorStore]] = {"flat": FaissFlatStore.load}
