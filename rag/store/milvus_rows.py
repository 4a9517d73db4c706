"""The rows of the Milvus store (rag/store/milvus.py): the two collections' schemas, and a batch of
prepared articles as chunk, claim and article rows, and rows back as records."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from rag.ingest.prepare import Prepared
from rag.records import Article, Chunk

TEXT_PART = 16_000  # characters of article text per row: at most 64,000 bytes of UTF-8
HNSW_PARAMS = {"M": 32, "efConstruction": 80}  # as the local HNSW (rag/store/vectors.py)
# bm25s keeps words of two or more word characters (``\\b\\w\\w+\\b``); Milvus's standard tokenizer keeps
# single ones too ("women's" -> women, s; "U.S." -> u, s), which shifted BM25 ranks against the local
# store's. Stopping the single characters makes the two token streams alike for Latin-script text.
SINGLE_CHARS = [*"abcdefghijklmnopqrstuvwxyz0123456789", "_"]
# bm25s's k1/b (and, in the analyzer, its English stop words), so BM25 scores rank like the local store's
BM25_PARAMS = {"bm25_k1": 1.5, "bm25_b": 0.75}
CHUNK_FIELDS = ["key", "chunk_id", "doc_id", "span_start", "span_end", "text", "title", "source", "published_at",
                "url"]
ZERO = [0.0, 0.0]  # the vector of an auxiliary row: Milvus wants a vector field in every collection


def varchar(value: str | None, limit: int) -> str:
    """A VARCHAR value: None as "", cut to ``limit`` bytes of UTF-8 (titles and urls can be long)."""
    raw = (value or "").encode("utf-8")
    return value or "" if len(raw) <= limit else raw[:limit].decode("utf-8", "ignore")


def _none(value: str) -> str | None:
    return value or None


def create_collections(client: Any, physical: str, aux: str, dim: int, lite: bool) -> None:
    """Create a generation's chunk collection ``physical`` and its auxiliary collection ``aux`` (dropping
    any left by a rebuild that crashed). Milvus Lite (``lite``) builds exact indexes only."""
    from pymilvus import DataType, Function, FunctionType

    c = client
    for name in (physical, aux):
        if c.has_collection(name):  # left by a rebuild that crashed
            c.drop_collection(name)
    s = c.create_schema(auto_id=False)
    s.add_field("key", DataType.INT64, is_primary=True)
    s.add_field("chunk_id", DataType.VARCHAR, max_length=2100)
    s.add_field("doc_id", DataType.VARCHAR, max_length=2048)
    s.add_field("span_start", DataType.INT64)
    s.add_field("span_end", DataType.INT64)
    from bm25s.stopwords import STOPWORDS_EN

    stop = {"type": "stop", "stop_words": sorted(STOPWORDS_EN) + SINGLE_CHARS}
    s.add_field("text", DataType.VARCHAR, max_length=65535, enable_analyzer=True,
                analyzer_params={"tokenizer": "standard", "filter": ["lowercase", stop]})
    s.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    s.add_field("dense", DataType.FLOAT_VECTOR, dim=dim)
    for field, size in (("title", 2048), ("source", 1024), ("source_lc", 1024), ("published_at", 32),
                        ("url", 4096)):
        s.add_field(field, DataType.VARCHAR, max_length=size)
    s.add_function(Function(name="bm25", function_type=FunctionType.BM25, input_field_names=["text"],
                            output_field_names=["sparse"]))
    ip = c.prepare_index_params()
    if lite:  # Milvus Lite builds FLAT (exact) indexes only
        ip.add_index("dense", index_type="FLAT", metric_type="IP")
    else:
        ip.add_index("dense", index_type="HNSW", metric_type="IP", params=HNSW_PARAMS)
    ip.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25", params=BM25_PARAMS)
    ip.add_index("doc_id", index_type="INVERTED")
    ip.add_index("chunk_id", index_type="INVERTED")
    c.create_collection(physical, schema=s, index_params=ip, consistency_level="Strong")

    a = c.create_schema(auto_id=False)
    a.add_field("pk", DataType.VARCHAR, is_primary=True, max_length=2200)
    a.add_field("kind", DataType.VARCHAR, max_length=8)  # meta, doc or claim
    a.add_field("doc_id", DataType.VARCHAR, max_length=2048)
    a.add_field("chunk_id", DataType.VARCHAR, max_length=2100)
    a.add_field("chunk_key", DataType.INT64)
    a.add_field("part", DataType.INT64)  # text part of a doc row, position of a claim
    a.add_field("payload", DataType.JSON)
    a.add_field("text", DataType.VARCHAR, max_length=65535)
    a.add_field("v", DataType.FLOAT_VECTOR, dim=2)
    ai = c.prepare_index_params()
    ai.add_index("v", index_type="FLAT", metric_type="L2")
    c.create_collection(aux, schema=a, index_params=ai, consistency_level="Strong")


def batch_rows(batch: Sequence[Prepared], next_key: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]],
                                                                   list[dict[str, Any]], int]:
    """The chunk rows, claim rows and article rows of a batch of prepared articles, chunks keyed from
    ``next_key`` on, and the next free key."""
    rows, claims, docs = [], [], []
    for p in batch:
        a = p.article
        keys = list(range(next_key, next_key + len(p.chunks)))
        next_key += len(p.chunks)
        for key, chunk, vec in zip(keys, p.chunks, p.vectors, strict=True):
            rows.append({"key": key, "chunk_id": chunk.id, "doc_id": a.doc_id, "span_start": chunk.start,
                         "span_end": chunk.end, "text": chunk.text, "dense": np.asarray(vec, np.float32).tolist(),
                         "title": varchar(a.title, 2048), "source": varchar(a.source, 1024),
                         "source_lc": varchar((a.source or "").lower(), 1024),
                         "published_at": varchar(a.published_at, 32), "url": varchar(a.url, 4096)})
        for n, (i, claim) in enumerate(p.claims):
            claims.append({"pk": f"c:{keys[i]}:{n}", "kind": "claim", "doc_id": a.doc_id,
                           "chunk_id": p.chunks[i].id, "chunk_key": keys[i], "part": n,
                           "payload": claim.to_json(), "text": "", "v": ZERO})
        meta = {"title": a.title, "source": a.source, "published_at": a.published_at, "url": a.url,
                "path": a.path, "content_hash": a.content_hash}
        parts = [a.text[j : j + TEXT_PART] for j in range(0, len(a.text), TEXT_PART)] or [""]
        for n, text in enumerate(parts):
            docs.append({"pk": f"d:{n}:{a.doc_id}", "kind": "doc", "doc_id": a.doc_id, "chunk_id": "",
                         "chunk_key": 0, "part": n, "payload": meta if n == 0 else {"parts": len(parts)},
                         "text": text, "v": ZERO})
    return rows, claims, docs, next_key


def chunk_of(row: dict[str, Any]) -> tuple[Chunk, Article]:
    """A chunk row (or a search hit of one) as its chunk and its article's metadata (no text)."""
    e = row.get("entity", row)
    chunk = Chunk(e["chunk_id"], e["doc_id"], int(e["span_start"]), int(e["span_end"]), e["text"])
    return chunk, Article(e["doc_id"], "", _none(e["title"]), _none(e["source"]), _none(e["published_at"]),
                          _none(e["url"]))


def articles_of(rows: Sequence[dict[str, Any]]) -> list[Article]:
    """Article rows (text parts, the first with the metadata) as articles, by doc_id."""
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_doc.setdefault(r["doc_id"], []).append(r)
    out = []
    for doc_id in sorted(by_doc):
        parts = sorted(by_doc[doc_id], key=lambda r: r["part"])
        head = next((r["payload"] for r in parts if r["part"] == 0), None)
        if head is None:
            continue
        out.append(Article(doc_id, "".join(r["text"] for r in parts), head.get("title"), head.get("source"),
                           head.get("published_at"), head.get("url"), head.get("path"),
                           head.get("content_hash", "")))
    return out
