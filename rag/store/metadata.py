"""Article and chunk metadata in SQLite (one file per index generation)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from rag.claims import Claim
from rag.records import Article, Chunk

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    doc_id TEXT PRIMARY KEY, title TEXT, source TEXT, published_at TEXT, url TEXT, path TEXT,
    content_hash TEXT NOT NULL, text TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS chunks (
    key INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, doc_id TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id);
CREATE TABLE IF NOT EXISTS claims (
    id INTEGER PRIMARY KEY AUTOINCREMENT, chunk_key INTEGER NOT NULL, doc_id TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, value_start INTEGER NOT NULL, value_end INTEGER NOT NULL,
    sentence TEXT NOT NULL, value TEXT NOT NULL, kind TEXT NOT NULL, label TEXT NOT NULL, role TEXT NOT NULL,
    number REAL, unit TEXT NOT NULL,
    relation TEXT NOT NULL, subject TEXT NOT NULL, terms TEXT NOT NULL, times TEXT NOT NULL, names TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS claims_chunk ON claims(chunk_key);
CREATE INDEX IF NOT EXISTS claims_doc ON claims(doc_id);
"""
_CLAIM_COLS = (
    'doc_id, start, "end", value_start, value_end, sentence, value, kind, label, role, number, unit, relation, '
    "subject, terms, times, names"
)
_ARTICLE_COLS = "doc_id, text, title, source, published_at, url, path, content_hash"


class MetadataStore:
    """Typed access to the SQLite metadata of one generation."""

    def __init__(self, path: Path, readonly: bool = False) -> None:
        self.path = path
        if readonly:
            self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        else:
            self._db = sqlite3.connect(path, check_same_thread=False)
            self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    def commit(self) -> None:
        self._db.commit()

    # articles
    def hashes(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT doc_id, content_hash FROM articles"))

    def article(self, doc_id: str) -> Article | None:
        row = self._db.execute(f"SELECT {_ARTICLE_COLS} FROM articles WHERE doc_id=?", (doc_id,)).fetchone()
        return Article(*row) if row else None

    def articles(self) -> Iterator[Article]:
        for row in self._db.execute(f"SELECT {_ARTICLE_COLS} FROM articles ORDER BY doc_id"):
            yield Article(*row)

    def put_article(self, a: Article) -> None:
        self._db.execute(
            f"INSERT OR REPLACE INTO articles ({_ARTICLE_COLS}) VALUES (?,?,?,?,?,?,?,?)",
            (a.doc_id, a.text, a.title, a.source, a.published_at, a.url, a.path, a.content_hash),
        )

    def delete_article(self, doc_id: str) -> list[int]:
        """Delete an article and its chunks; return the removed chunk keys."""
        keys = [k for (k,) in self._db.execute("SELECT key FROM chunks WHERE doc_id=?", (doc_id,))]
        self._db.execute("DELETE FROM chunks WHERE doc_id=?", (doc_id,))
        self._db.execute("DELETE FROM claims WHERE doc_id=?", (doc_id,))
        self._db.execute("DELETE FROM articles WHERE doc_id=?", (doc_id,))
        return keys

    def count_articles(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    # chunks
    def add_chunks(self, chunks: Iterable[Chunk]) -> list[int]:
        keys = []
        for c in chunks:
            cur = self._db.execute(
                'INSERT INTO chunks (id, doc_id, start, "end", text) VALUES (?,?,?,?,?)',
                (c.id, c.doc_id, c.start, c.end, c.text),
            )
            keys.append(int(cur.lastrowid or 0))
        return keys

    # claims
    def add_claims(self, claims: Iterable[tuple[int, Claim]]) -> None:
        """Store claims, each with the key of the chunk its sentence belongs to."""
        self._db.executemany(
            f"INSERT INTO claims (chunk_key, {_CLAIM_COLS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(key, c.doc_id, c.start, c.end, c.value_start, c.value_end, c.sentence, c.value, c.kind, c.label,
              c.role, c.number, c.unit, c.relation, c.subject, c.terms, c.times, c.names) for key, c in claims],
        )

    def claims_in_chunks(self, keys: Sequence[int]) -> dict[int, list[Claim]]:
        """Claims whose sentence belongs to each of the given chunks."""
        out: dict[int, list[Claim]] = {}
        for i in range(0, len(keys), 500):
            part = list(keys[i : i + 500])
            marks = ",".join("?" * len(part))
            rows = self._db.execute(
                f"SELECT chunk_key, {_CLAIM_COLS} FROM claims WHERE chunk_key IN ({marks}) ORDER BY id", part
            )
            for key, *cols in rows:
                out.setdefault(key, []).append(Claim(*cols))
        return out

    def count_claims(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM claims").fetchone()[0])

    def chunk_keys(self, chunk_ids: Sequence[str]) -> dict[str, int]:
        """Keys of chunks by their ids."""
        out: dict[str, int] = {}
        for i in range(0, len(chunk_ids), 500):
            part = list(chunk_ids[i : i + 500])
            marks = ",".join("?" * len(part))
            out.update(dict(self._db.execute(f"SELECT id, key FROM chunks WHERE id IN ({marks})", part)))
        return out

    def count_chunks(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0])

    def key_summary(self) -> tuple[int, int, int]:
        """(min, max, sum) of the chunk keys, (0, 0, 0) when empty: compared with the vector/BM25 keys."""
        lo, hi, total = self._db.execute("SELECT MIN(key), MAX(key), SUM(key) FROM chunks").fetchone()
        return (int(lo or 0), int(hi or 0), int(total or 0))

    def all_chunk_texts(self) -> tuple[list[int], list[str]]:
        keys, texts = [], []
        for k, t in self._db.execute("SELECT key, text FROM chunks ORDER BY key"):
            keys.append(k)
            texts.append(t)
        return keys, texts

    def chunks_by_key(self, keys: Sequence[int]) -> dict[int, tuple[Chunk, Article]]:
        """Chunks with their (text-less) article metadata, keyed by chunk key."""
        out: dict[int, tuple[Chunk, Article]] = {}
        for i in range(0, len(keys), 500):
            part = list(keys[i : i + 500])
            marks = ",".join("?" * len(part))
            rows = self._db.execute(
                'SELECT c.key, c.id, c.doc_id, c.start, c."end", c.text, a.title, a.source, a.published_at,'
                f" a.url FROM chunks c JOIN articles a ON a.doc_id = c.doc_id WHERE c.key IN ({marks})",
                part,
            )
            for key, cid, doc_id, start, end, text, title, source, date, url in rows:
                out[key] = (
                    Chunk(cid, doc_id, start, end, text),
                    Article(doc_id, "", title, source, date, url),
                )
        return out

    def chunks_of(self, doc_id: str) -> list[Chunk]:
        rows = self._db.execute(
            'SELECT id, doc_id, start, "end", text FROM chunks WHERE doc_id=? ORDER BY start', (doc_id,)
        )
        return [Chunk(*r) for r in rows]

    def sources(self) -> list[str]:
        """Distinct article sources."""
        return [s for (s,) in self._db.execute("SELECT DISTINCT source FROM articles WHERE source IS NOT NULL")]

    def keys_matching(self, source: str | None, since: str | None, until: str | None) -> list[int]:
        """Chunk keys whose article passes the filters (source substring, inclusive date range)."""
        where, args = [], []
        if source:
            # A plain substring test: with LIKE, "%" and "_" in the filter were wildcards and a
            # long filter made SQLite fail with "LIKE or GLOB pattern too complex".
            where.append("instr(LOWER(a.source), ?) > 0")
            args.append(source.lower())
        if since:
            where.append("a.published_at >= ?")
            args.append(since)
        if until:
            where.append("a.published_at <= ?")
            args.append(until)
        sql = "SELECT c.key FROM chunks c JOIN articles a ON a.doc_id = c.doc_id"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return [k for (k,) in self._db.execute(sql, args)]
