"""Embedding cache keyed by (embedder fingerprint, text hash), stored in SQLite.

Vectors are raw float32 bytes (never pickled). Re-indexing unchanged text costs a lookup.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from embeddings.base import Embedder


def text_key(text: str) -> str:
    """The cache key of a text (SHA-256 of its UTF-8 bytes)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """A persistent map text -> vector for one embedder."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS vectors (fingerprint TEXT, key TEXT, dim INTEGER, vec BLOB,"
            " PRIMARY KEY (fingerprint, key))"
        )
        self.hits = 0
        self.misses = 0

    def embed(self, embedder: Embedder, texts: Sequence[str], counted: bool = True) -> np.ndarray:
        """Vectors for ``texts``, computing only those not cached yet (``counted``: in ``hits`` and ``misses``)."""
        keys = [text_key(t) for t in texts]
        found = _select(self._db, embedder.fingerprint, embedder.dim, keys)
        todo = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in found}.items())
        if counted:
            self.hits += len(keys) - sum(1 for k in keys if k not in found)
            self.misses += len(todo)
        if todo:
            vecs = embedder.embed_documents([t for _, t in todo])
            self._insert(embedder, [k for k, _ in todo], vecs)
            for (k, _), v in zip(todo, vecs, strict=True):
                found[k] = v.astype(np.float32)
        if not keys:
            return np.zeros((0, embedder.dim), dtype=np.float32)
        return np.stack([found[k] for k in keys])

    def store(self, embedder: Embedder, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Keep ``vectors`` (one row per text) as ``embedder``'s, encoded elsewhere: by the same model in
        another process."""
        if len(vectors) != len(texts) or (len(texts) and vectors.shape[1] != embedder.dim):
            raise ValueError(f"{len(vectors)} vectors for {len(texts)} texts of {embedder.dim} dimensions")
        self._insert(embedder, [text_key(t) for t in texts], vectors)

    def _insert(self, embedder: Embedder, keys: Sequence[str], vectors: np.ndarray) -> None:
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?, ?)",
                [(embedder.fingerprint, k, embedder.dim, v.astype(np.float32).tobytes())
                 for k, v in zip(keys, vectors, strict=True)],
            )

    def close(self) -> None:
        self._db.close()


def _select(db: sqlite3.Connection, fingerprint: str, dim: int, keys: Sequence[str]) -> dict[str, np.ndarray]:
    """The vectors stored under ``keys`` for this embedder (a row of another size is ignored)."""
    found: dict[str, np.ndarray] = {}
    for i in range(0, len(keys), 500):
        part = keys[i : i + 500]
        marks = ",".join("?" * len(part))
        rows = db.execute(
            f"SELECT key, dim, vec FROM vectors WHERE fingerprint=? AND key IN ({marks})", [fingerprint, *part]
        )
        for key, size, blob in rows:
            if size == dim and isinstance(blob, bytes) and len(blob) == dim * 4:
                found[key] = np.frombuffer(blob, dtype=np.float32)
    return found


def read_vectors(
    path: Path, fingerprint: str, dim: int, texts: Sequence[str], timeout: float = 5.0
) -> dict[str, np.ndarray]:
    """The cached vectors of those ``texts`` the cache at ``path`` holds for this embedder, by text.

    Opens it read-only for this call (a question may be answered beside a writer, and a cache
    folder may be one the reader cannot write); raises :class:`sqlite3.Error` when it cannot be read.
    """
    keys = {text_key(t): t for t in texts}
    db = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=timeout)
    try:
        found = _select(db, fingerprint, dim, list(keys))
    finally:
        db.close()
    return {keys[k]: v for k, v in found.items()}
