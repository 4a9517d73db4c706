"""Vector stores: a small protocol plus a name -> factory mapping. The default is FAISS.

Vectors are addressed by the integer chunk key, so removing a document removes exactly its
chunks. Files are written with FAISS's own binary format (no pickle).

Two kinds, chosen by size (:func:`choose_kind`, recorded as ``vector_index`` in the manifest):

* ``flat``: exact inner-product search (``IndexIDMap2(IndexFlatIP)``), below ``HNSW_THRESHOLD``
  vectors. Removal is ``remove_ids``.
* ``hnsw``: approximate graph search (``IndexIDMap2(IndexHNSWFlat)``) above it. HNSW cannot
  remove vectors, so removed keys become tombstones (saved next to the index as
  ``<file>.deleted.npy``, no pickle) that every search excludes with an ``IDSelectorNot``; when
  tombstones exceed ``COMPACT_RATIO`` of the graph, the graph is rebuilt from the vectors it
  stores (``IndexHNSWFlat`` keeps the raw vectors, so nothing is re-embedded). Filtered searches
  over at most ``EXACT_FILTER_MAX`` allowed keys are exact over those keys' stored vectors.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from rag.errors import IndexCorruptError

HNSW_THRESHOLD = 50_000  # vectors; at or above this a new generation uses HNSW
FLAT_BELOW = HNSW_THRESHOLD // 2  # hysteresis: an HNSW index goes back to flat only below this
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 256  # recall@10 at 1M: 0.806 / 0.956 / 0.991 at 64 / 128 / 256, for < 0.3 ms more
COMPACT_RATIO = 0.2
EXACT_FILTER_MAX = 50_000


def choose_kind(total: int, current: str | None = None) -> str:
    """The vector index kind for ``total`` vectors (with hysteresis around the threshold)."""
    if current == "hnsw" and total >= FLAT_BELOW:
        return "hnsw"
    return "hnsw" if total >= HNSW_THRESHOLD else "flat"


def _read(path: Path, dim: int) -> object:
    import faiss

    try:
        index = faiss.read_index(str(path))
    except Exception as exc:  # FAISS raises RuntimeError with a C++ message
        raise IndexCorruptError(
            f"vector index {path} cannot be read ({str(exc).splitlines()[0][:120]}): "
            "run `rag index --rebuild`"
        ) from None
    if index.d != dim:
        raise IndexCorruptError(
            f"vector index {path} has dimension {index.d}, the manifest says {dim}: run `rag index --rebuild`"
        )
    return index


def _write(index: object, path: Path) -> None:
    """Write with FAISS; its C++ I/O failures (disk full, read-only) become an OSError with one line."""
    import faiss

    try:
        faiss.write_index(index, str(path))  # type: ignore[call-overload]
    except RuntimeError as exc:
        raise OSError(f"cannot write the vector index {path}: {str(exc).splitlines()[0][:160]}") from None


def _stored(index: object) -> tuple[np.ndarray, np.ndarray]:
    """(keys, vectors) held by an ``IndexIDMap2`` over a flat-storage index, without copying vectors."""
    import faiss

    inner = faiss.downcast_index(index.index)  # type: ignore[attr-defined]
    storage = faiss.downcast_index(inner.storage) if hasattr(inner, "storage") else inner
    n, d = int(index.ntotal), int(index.d)  # type: ignore[attr-defined]
    keys = faiss.vector_to_array(index.id_map).astype(np.int64)  # type: ignore[attr-defined]
    if n == 0:
        return keys, np.zeros((0, d), dtype=np.float32)
    vectors = faiss.rev_swig_ptr(storage.get_xb(), n * d).reshape(n, d)  # type: ignore[attr-defined]
    return keys, vectors


def _search_one(index: object, q: np.ndarray, k: int, params: object) -> tuple[np.ndarray, np.ndarray]:
    """One query on one thread: OpenMP threads for a single query only add overhead, and on a busy
    2-core machine their spin-waiting made a 10k flat search ~50x slower (measured)."""
    import faiss

    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        scores, ids = index.search(q, k, params=params)  # type: ignore[attr-defined]
    finally:
        faiss.omp_set_num_threads(threads)
    return scores, ids


def _reconstruct(index: object, keys: Sequence[int], dim: int) -> np.ndarray:
    """Stored vectors of ``keys`` (an ``IndexIDMap2`` keeps the id -> row map)."""
    out = np.zeros((len(keys), dim), dtype=np.float32)
    for i, key in enumerate(keys):
        out[i] = index.reconstruct(int(key))  # type: ignore[attr-defined]
    return out


def _empty() -> tuple[np.ndarray, np.ndarray]:
    return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)


def _exact_subset(
    keys: np.ndarray, vectors: np.ndarray, query: np.ndarray, k: int, allowed: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Exact top-k over the rows whose key is in ``allowed``."""
    order = np.argsort(keys, kind="stable")
    pos = np.searchsorted(keys, allowed, sorter=order)
    pos = np.clip(pos, 0, max(len(keys) - 1, 0))
    rows = order[pos][keys[order[pos]] == allowed] if len(keys) else np.zeros(0, dtype=np.int64)
    if len(rows) == 0:
        return _empty()
    scores = vectors[rows] @ query.reshape(-1).astype(np.float32)
    k = min(k, len(rows))
    top = np.argpartition(-scores, k - 1)[:k]
    top = top[np.lexsort((keys[rows[top]], -scores[top]))]
    return keys[rows[top]], scores[top].astype(np.float32)


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

    def items(self) -> tuple[np.ndarray, np.ndarray]: ...

    def vectors(self, keys: Sequence[int]) -> np.ndarray:
        """The stored vectors of ``keys``, in order."""
        ...


class FaissFlatStore:
    """Exact inner-product search over normalised vectors (cosine similarity)."""

    kind = "flat"

    def __init__(self, dim: int, index: object | None = None) -> None:
        import faiss

        self.dim = dim
        self._index = index if index is not None else faiss.IndexIDMap2(faiss.IndexFlatIP(dim))

    @classmethod
    def load(cls, path: Path, dim: int) -> FaissFlatStore:
        return cls(dim, _read(path, dim))

    def items(self) -> tuple[np.ndarray, np.ndarray]:
        """(keys, vectors) of every stored vector; the vectors are a view, valid until the next write."""
        return _stored(self._index)

    @property
    def ntotal(self) -> int:
        return int(self._index.ntotal)  # type: ignore[attr-defined]

    def vectors(self, keys: Sequence[int]) -> np.ndarray:
        return _reconstruct(self._index, keys, self.dim)

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
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64)))  # type: ignore[call-arg]
        scores, ids = _search_one(self._index, q, min(k, self.ntotal), params)
        mask = ids[0] >= 0
        return ids[0][mask], scores[0][mask]

    def save(self, path: Path) -> None:
        _write(self._index, path)


class FaissHNSWStore:
    """Approximate inner-product search with an HNSW graph; removals are tombstones (see module doc)."""

    kind = "hnsw"

    def __init__(self, dim: int, index: object | None = None, deleted: np.ndarray | None = None) -> None:
        self.dim = dim
        self._index = index if index is not None else self._new_index(dim)
        self._deleted: set[int] = set() if deleted is None else {int(x) for x in deleted}
        self.ef_search = HNSW_EF_SEARCH

    @staticmethod
    def _new_index(dim: int) -> object:
        import faiss

        hnsw = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        hnsw.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        hnsw.hnsw.efSearch = HNSW_EF_SEARCH
        return faiss.IndexIDMap2(hnsw)

    @staticmethod
    def _deleted_path(path: Path) -> Path:
        return path.with_name(path.name + ".deleted.npy")

    @classmethod
    def load(cls, path: Path, dim: int) -> FaissHNSWStore:
        index = _read(path, dim)
        deleted = None
        tomb = cls._deleted_path(path)
        if tomb.exists():
            try:
                deleted = np.load(tomb, allow_pickle=False)
            except Exception as exc:
                raise IndexCorruptError(
                    f"vector tombstones {tomb} cannot be read ({type(exc).__name__}): run `rag index --rebuild`"
                ) from None
        return cls(dim, index, deleted)

    @property
    def ntotal(self) -> int:
        return int(self._index.ntotal) - len(self._deleted)  # type: ignore[attr-defined]

    def vectors(self, keys: Sequence[int]) -> np.ndarray:
        return _reconstruct(self._index, keys, self.dim)

    def items(self) -> tuple[np.ndarray, np.ndarray]:
        keys, vectors = _stored(self._index)
        if not self._deleted:
            return keys, vectors
        live = ~np.isin(keys, np.fromiter(self._deleted, dtype=np.int64))
        return keys[live], vectors[live]

    def add(self, keys: np.ndarray, vectors: np.ndarray) -> None:
        if not len(keys):
            return
        keys = np.asarray(keys, dtype=np.int64)
        if self._deleted and not self._deleted.isdisjoint(int(k) for k in keys):
            self.compact()  # a tombstoned key comes back: drop the old vector first
        self._index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), keys)  # type: ignore[attr-defined]

    def remove(self, keys: np.ndarray) -> None:
        if not len(keys):
            return
        self._deleted.update(int(k) for k in keys)
        if len(self._deleted) > COMPACT_RATIO * max(int(self._index.ntotal), 1):  # type: ignore[attr-defined]
            self.compact()

    def compact(self) -> None:
        """Rebuild the graph from the live stored vectors (drops tombstones)."""
        keys, vectors = self.items()
        keys, vectors = keys.copy(), np.ascontiguousarray(vectors, dtype=np.float32)
        self._index = self._new_index(self.dim)
        self._deleted = set()
        if len(keys):
            self._index.add_with_ids(vectors, keys)  # type: ignore[attr-defined]

    def search(
        self, query: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        import faiss

        if self.ntotal == 0 or k <= 0:
            return _empty()
        q = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        sel: Any = None
        if allowed is not None:
            allowed = np.asarray(allowed, dtype=np.int64)
            if self._deleted:
                allowed = allowed[~np.isin(allowed, np.fromiter(self._deleted, dtype=np.int64))]
            if len(allowed) == 0:
                return _empty()
            if len(allowed) <= EXACT_FILTER_MAX:
                keys, vectors = _stored(self._index)
                return _exact_subset(keys, vectors, q, k, allowed)
            sel = faiss.IDSelectorBatch(allowed)
        elif self._deleted:
            sel = faiss.IDSelectorNot(faiss.IDSelectorBatch(np.fromiter(self._deleted, dtype=np.int64)))
        hnsw_params: Any = faiss.SearchParametersHNSW  # type: ignore[attr-defined]
        params = hnsw_params(efSearch=max(self.ef_search, k), sel=sel)
        scores, ids = _search_one(self._index, q, min(k, self.ntotal), params)
        mask = ids[0] >= 0
        return ids[0][mask], scores[0][mask]

    def save(self, path: Path) -> None:
        _write(self._index, path)
        tomb = self._deleted_path(path)
        if self._deleted:
            np.save(tomb, np.fromiter(sorted(self._deleted), dtype=np.int64), allow_pickle=False)
        elif tomb.exists():
            tomb.unlink()


def convert(store: VectorStore, kind: str) -> VectorStore:
    """A store of ``kind`` holding the same (key, vector) pairs as ``store``."""
    if store.kind == kind:
        return store
    keys, vectors = store.items()  # type: ignore[attr-defined]
    out = VECTOR_STORES[kind](int(store.dim))  # type: ignore[attr-defined]
    step = 100_000
    for i in range(0, len(keys), step):
        out.add(keys[i : i + step].copy(), np.ascontiguousarray(vectors[i : i + step], dtype=np.float32))
    return out


VectorStoreFactory = Callable[[int], VectorStore]
VECTOR_STORES: dict[str, VectorStoreFactory] = {"flat": FaissFlatStore, "hnsw": FaissHNSWStore}
VECTOR_LOADERS: dict[str, Callable[[Path, int], VectorStore]] = {
    "flat": FaissFlatStore.load,
    "hnsw": FaissHNSWStore.load,
}
