"""A persistent key -> value table in SQLite, for what indexing computes once and reuses.

Two caches in the cache directory have this shape: claims per article text
(:class:`rag.claims.ClaimCache`) and passage parses (:class:`rag.parses.ParseStore`). Each
key is a SHA-256 digest of everything its value depends on (the owner builds it), so an entry
is only ever read for the input it was made from, and a stale one is left behind, never read
(nothing is pruned). Values are JSON text or bytes, never pickles. The writer commits once per
batch of writes: a crash loses only what was not committed yet.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

Value = str | bytes
_MAX_PARAMS = 500  # under SQLite's limit on bound parameters in one statement


class BlobTable:
    """One table ``(key TEXT PRIMARY KEY, data ...)`` of a SQLite file, created if missing."""

    def __init__(self, db: sqlite3.Connection, table: str) -> None:
        if not table.isidentifier():  # it is written into the SQL below
            raise ValueError(f"not a table name: {table!r}")
        self._db, self.table = db, table

    @classmethod
    def open(cls, path: Path, table: str, value_type: str = "BLOB") -> BlobTable:
        """The table in ``path`` for reading and writing (the file and table are created if missing)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        out = cls(sqlite3.connect(path), table)
        out._db.execute(f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, data {value_type} NOT NULL)")
        return out

    @classmethod
    def read_only(cls, path: Path, table: str, timeout: float) -> BlobTable:
        """The table in an existing ``path``, read-only; waits at most ``timeout`` seconds for a writer's lock.
        Raises :class:`sqlite3.Error` when the file cannot be opened or read."""
        uri = path.resolve().as_uri() + "?mode=ro"  # as a URI, so "?" or "#" in a folder name stay literal
        return cls(sqlite3.connect(uri, uri=True, timeout=timeout), table)

    def get_many(self, keys: Sequence[str]) -> dict[str, Value]:
        """The stored value of each of ``keys`` that has one."""
        out: dict[str, Value] = {}
        for i in range(0, len(keys), _MAX_PARAMS):
            part = keys[i : i + _MAX_PARAMS]
            marks = ",".join("?" * len(part))
            out.update(self._db.execute(f"SELECT key, data FROM {self.table} WHERE key IN ({marks})", part))
        return out

    def get(self, key: str) -> Value | None:
        return self.get_many([key]).get(key)

    def put_many(self, rows: Iterable[tuple[str, Value]]) -> None:
        """Store each (key, value), replacing what a key held; visible to others after :meth:`commit`."""
        self._db.executemany(f"INSERT OR REPLACE INTO {self.table} VALUES (?, ?)", rows)

    def commit(self) -> None:
        self._db.commit()

    def close(self) -> None:
        """Commit and close."""
        self._db.commit()
        self._db.close()
