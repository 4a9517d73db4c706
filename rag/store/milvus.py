"""The Milvus store: one code path for Milvus Lite (a file), a Milvus server or cluster, Zilliz Cloud.

Layout, per index generation ``N`` (``name`` = ``settings.milvus_collection``):

* ``{name}_gN`` — one row per chunk: int64 ``key``, ``chunk_id``, ``doc_id``, offsets, the text
  (analysed; a BM25 function fills the sparse field server-side), the dense vector and the
  article's title, source (and a lower-cased copy for filters), date and url, so a search needs
  no second lookup and filters run inside the engine.
* ``{name}_gN_aux`` — articles (clean text in parts of ``TEXT_PART`` characters: a VARCHAR holds
  at most 64 KB), claims (one JSON row each, keyed by chunk), and the ``manifest`` row: model
  name, fingerprint and dimension, chunker settings, schema version, counts. Milvus wants a
  vector field in every collection, so these rows carry a 2-d zero vector.
* The alias ``name`` points at the current ``{name}_gN``. A full rebuild fills ``N+1`` and then
  switches the alias, so readers never see a half-built index; generation ``N`` is kept until
  the next rebuild for readers that opened it.

The schemas and the rows themselves are in rag/store/milvus_rows.py.

Incremental writes change the current generation in place, article by article: the new chunks
and claims are inserted under new keys, then the article's older rows (keys below the batch's
first key) are deleted, then its article rows are written; the manifest row is marked
``pending`` during the write. A concurrent reader can therefore see an article's old and new
chunks side by side for a moment, never neither. A crash leaves ``pending`` set (``health()``
says so) and articles whose article row still has the old hash: a rerun of the same command
re-plans from those hashes and redoes exactly them (see docs/scaling.md).
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from rag.claims import Claim
from rag.errors import IndexCorruptError, IndexMismatchError, RagError, UsageError
from rag.ingest.prepare import Prepared, prepare_articles
from rag.query import Filters
from rag.records import Article, Chunk
from rag.retrieval import Candidates
from rag.store.backend import WriteJob
from rag.store.generation import Changes
from rag.store.lexical import terms
from rag.store.manifest import SCHEMA_VERSION, Manifest, now_iso
from rag.store.milvus_expr import filter_expr, one_of, quote
from rag.store.milvus_rows import CHUNK_FIELDS, ZERO, articles_of, batch_rows, chunk_of, create_collections

LAYOUT = "milvus-v1"
ARTICLE_BATCH = 256  # articles prepared and written per round trip
ROW_BATCH = 1_000
HNSW_EF_SEARCH = 256
T = TypeVar("T")


class MilvusStore:
    """The store protocol (:class:`rag.store.backend.StoreBackend`) on Milvus; see the module doc."""

    name = "milvus"

    def __init__(self, uri: str, name: str, token: str = "", rrf_k: int = 60) -> None:
        self.uri, self.alias, self.rrf_k = uri, name, rrf_k
        self._token = token
        self.lite = "://" not in uri
        self._client: Any = None
        self._manifest: Manifest | None = None
        self._extra: dict[str, Any] = {}
        self._physical = ""
        self._loaded: set[str] = set()

    @classmethod
    def from_settings(cls, settings: Any, index_dir: Path) -> MilvusStore:
        uri = settings.milvus_uri or str(index_dir / "milvus.db")
        if "://" not in uri:
            Path(uri).expanduser().parent.mkdir(parents=True, exist_ok=True)
            uri = str(Path(uri).expanduser())
        elif not uri.startswith(("http://", "https://", "tcp://", "unix:")):
            raise UsageError(f"milvus_uri {uri!r} is neither a file path nor an http(s) URI")
        return cls(uri, settings.milvus_collection, settings.milvus_token, settings.rrf_k)

    # --- plumbing ------------------------------------------------------------------------------
    @property
    def location(self) -> str:
        return f"{self.uri} (Milvus collection {self.alias})"

    @property
    def manifest(self) -> Manifest | None:
        return self._manifest

    def _call(self, what: str, fn: Callable[[], T]) -> T:
        """Run one Milvus call; its failures become one-line errors that name the server."""
        from pymilvus.exceptions import MilvusException

        try:
            return fn()
        except MilvusException as exc:
            raise RagError(f"Milvus at {self.uri} failed to {what}: {exc.message}") from None

    @property
    def client(self) -> Any:
        if self._client is None:
            from pymilvus import MilvusClient

            # pymilvus logs every failed call and a warning per query iterator on Milvus Lite; the
            # failures reach the user as one-line errors from _call instead
            logging.getLogger("pymilvus").setLevel(logging.CRITICAL)
            if self.lite:  # Lite lacks AllocTimestamp; pymilvus falls back, its in-process server logs it
                logging.getLogger("grpc._server").setLevel(logging.CRITICAL)

            try:
                self._client = MilvusClient(uri=self.uri, token=self._token) if self._token else MilvusClient(self.uri)
            except Exception as exc:
                raise RagError(f"cannot connect to Milvus at {self.uri}: {str(exc).splitlines()[0][:200]}") from None
        return self._client

    def _aux(self, physical: str | None = None) -> str:
        return f"{physical or self._physical}_aux"

    def _query(self, collection: str, expr: str, fields: list[str]) -> list[dict[str, Any]]:
        """Every row matching ``expr`` (an iterator, so results beyond Milvus's 16,384-row window come too)."""
        def run() -> list[dict[str, Any]]:
            it = self.client.query_iterator(collection, batch_size=ROW_BATCH, filter=expr, output_fields=fields)
            rows: list[dict[str, Any]] = []
            try:
                while batch := it.next():
                    rows.extend(batch)
            finally:
                it.close()
            return rows

        return self._call("read", run)

    def _count(self, collection: str, expr: str = "") -> int:
        rows = self._call("count", lambda: self.client.query(collection, filter=expr, output_fields=["count(*)"]))
        return int(rows[0]["count(*)"])

    # --- opening -------------------------------------------------------------------------------
    def _current(self) -> str | None:
        """The collection the alias points at (None before the first write)."""
        if self.alias not in self._call("list aliases", lambda: self.client.list_aliases()).get("aliases", []):
            return None
        return str(self._call("read the alias", lambda: self.client.describe_alias(self.alias))["collection_name"])

    def latest_generation(self) -> int | None:
        physical = self._current()
        if physical is None:
            return None
        rows = self._manifest_row(physical)
        return int(rows[0]["payload"]["generation"]) if rows else None

    def _load(self, physical: str) -> None:
        """Load a generation's collections for reading: Milvus Lite opens a file with every collection
        released, so a process reading what another one wrote (`rag index`, then `rag ask`) must load them;
        on a server a loaded collection stays loaded and this is a no-op."""
        for name in (physical, self._aux(physical)):
            if name not in self._loaded:
                self._call("load the index", functools.partial(self.client.load_collection, name))
                self._loaded.add(name)

    def _manifest_row(self, physical: str) -> list[dict[str, Any]]:
        self._load(physical)
        aux = self._aux(physical)
        return list(self._call("read", lambda: self.client.get(aux, ids=["manifest"], output_fields=["payload"])))

    def open(self) -> None:
        self.close()
        physical = self._current()
        if physical is None:
            return
        rows = self._manifest_row(physical)
        if not rows:
            raise IndexCorruptError(f"index {self.location} has no manifest row: run `rag index --rebuild`")
        payload = dict(rows[0]["payload"])
        if payload.get("schema_version") != SCHEMA_VERSION or payload.get("layout") != LAYOUT:
            raise IndexMismatchError(
                f"index {self.location} has schema {payload.get('schema_version')}/{payload.get('layout')}, this "
                f"program reads {SCHEMA_VERSION}/{LAYOUT}: run `rag index --rebuild`"
            )
        fields = set(Manifest.__dataclass_fields__)
        self._manifest = Manifest(**{k: v for k, v in payload.items() if k in fields})
        self._extra = {k: v for k, v in payload.items() if k not in fields}
        self._physical = physical
        dim = self._call("describe", lambda: self.client.describe_collection(physical))
        dense = [f for f in dim["fields"] if f["name"] == "dense"]
        if not dense or int(dense[0]["params"]["dim"]) != int(self._manifest.embedder.get("dim", -1)):
            raise IndexCorruptError(f"index {self.location}: vector dimension differs from its manifest: "
                                    "run `rag index --rebuild`")

    def close(self) -> None:
        self._manifest, self._extra, self._physical = None, {}, ""

    # --- schema --------------------------------------------------------------------------------
    # --- writing -------------------------------------------------------------------------------
    def write(self, previous: Manifest | None, target: Manifest, changes: Changes, job: WriteJob) -> None:
        self._call("write", lambda: self._write(previous, target, changes, job))

    def _write(self, previous: Manifest | None, target: Manifest, changes: Changes, job: WriteJob) -> None:
        current = self._manifest
        rebuild = previous is None
        generation = max(current.generation if current else 0, target.generation) + 1
        if rebuild:
            # past every generation in the engine: the one the alias names may not be open here
            # (a rebuild after a model change opens nothing), and must survive until the switch
            generation = max([generation, *(g + 1 for g in self._generations())])
            physical = f"{self.alias}_g{generation:06d}"
            create_collections(self.client, physical, self._aux(physical), int(target.embedder["dim"]), self.lite)
            extra: dict[str, Any] = {"next_key": 0, "sources": []}
        else:
            physical, extra = self._physical, dict(self._extra)
        manifest = Manifest(embedder=target.embedder, chunker=target.chunker, generation=generation,
                            vector_index="milvus-lite-flat" if self.lite else "milvus-hnsw",
                            created_at=(previous.created_at if previous else "") or now_iso())
        self._put_manifest(physical, manifest, {**extra, "pending": True})
        sources = set(extra.get("sources", []))
        next_key = max(time.time_ns(), int(extra.get("next_key", 0)))
        for doc_id in changes.removals:
            self._delete_doc(physical, doc_id)
        total, done = len(changes.upserts), 0
        for i in range(0, total, ARTICLE_BATCH):
            batch = changes.upserts[i : i + ARTICLE_BATCH]
            ready = job.prepared or {}
            todo = [a for a in batch if a.doc_id not in ready]
            made = {p.article.doc_id: p for p in prepare_articles(
                todo, job.chunker, job.embedder, job.nlp_model, job.cache, job.claim_cache, job.parse_store,
                job.sentences,
            )} if todo else {}
            prepared = [ready.get(a.doc_id) or made[a.doc_id] for a in batch]
            next_key = self._put_batch(physical, prepared, next_key, fresh=rebuild)
            sources |= {a.source for a in batch if a.source}
            done += len(batch)
            if job.progress:
                job.progress(done, total)
        if job.progress and not total:
            job.progress(0, 0)
        self.client.flush(physical)
        aux = self._aux(physical)
        manifest.counts = {"articles": self._count(aux, 'kind == "doc" and part == 0'),
                           "chunks": self._count(physical), "claims": self._count(aux, 'kind == "claim"')}
        manifest.updated_at = now_iso()
        self._put_manifest(physical, manifest, {"next_key": next_key, "sources": sorted(sources), "pending": False})
        if rebuild:
            self._switch(physical)

    def _put_manifest(self, physical: str, manifest: Manifest, extra: dict[str, Any]) -> None:
        payload = {**manifest.to_dict(), **extra, "layout": LAYOUT}
        self.client.upsert(self._aux(physical), [{"pk": "manifest", "kind": "meta", "doc_id": "", "chunk_id": "",
                                                 "chunk_key": 0, "part": 0, "payload": payload, "text": "",
                                                 "v": ZERO}])

    def _generations(self) -> list[int]:
        prefix = f"{self.alias}_g"
        names = self.client.list_collections()
        return [int(n[len(prefix):].split("_")[0]) for n in names
                if n.startswith(prefix) and n[len(prefix):].split("_")[0].isdigit()]

    def _switch(self, physical: str) -> None:
        """Point the alias at ``physical``, then drop generations older than the one it replaced."""
        old = self._current()
        if old is None:
            self.client.create_alias(physical, self.alias)
        else:
            self.client.alter_alias(physical, self.alias)
        keep = {physical, self._aux(physical)} | ({old, self._aux(old)} if old else set())
        prefix = f"{self.alias}_g"
        for name in self.client.list_collections():
            if name.startswith(prefix) and name[len(prefix):].split("_")[0].isdigit() and name not in keep:
                self.client.drop_collection(name)

    def _delete_docs(self, physical: str, doc_ids: Sequence[str], below: int) -> None:
        """Delete the chunks and claims of ``doc_ids`` with keys below ``below``, and their surplus text parts."""
        where = one_of("doc_id", doc_ids)
        self.client.delete(physical, filter=f"{where} and key < {below}")
        self.client.delete(self._aux(physical), filter=f'kind == "claim" and {where} and chunk_key < {below}')
        self.client.delete(self._aux(physical), filter=f'kind == "doc" and {where} and part > 0')

    def _delete_doc(self, physical: str, doc_id: str) -> None:
        """Remove an article: its chunks and claims first, its article rows last (a crash in between leaves
        the article listed, so the next --prune removes it again, rather than chunks nobody can prune)."""
        where = f"doc_id == {quote(doc_id)}"
        self.client.delete(physical, filter=where)
        self.client.delete(self._aux(physical), filter=f'kind == "claim" and {where}')
        self.client.delete(self._aux(physical), filter=f'kind == "doc" and {where}')

    def _put_batch(self, physical: str, batch: Sequence[Prepared], next_key: int, fresh: bool) -> int:
        first = next_key
        rows, claims, docs, next_key = batch_rows(batch, next_key)
        for j in range(0, len(rows), ROW_BATCH):
            self.client.insert(physical, rows[j : j + ROW_BATCH])
        for j in range(0, len(claims), ROW_BATCH):
            self.client.insert(self._aux(physical), claims[j : j + ROW_BATCH])
        # the new rows are in: drop the articles' older versions (one delete per collection for the
        # batch: a delete per article made a first build of 2k chunks 20x slower on Milvus Lite),
        # then write their article rows, which carry the content hash a rerun plans from
        if not fresh:
            self._delete_docs(physical, [p.article.doc_id for p in batch], below=first)
        for j in range(0, len(docs), ROW_BATCH):
            self.client.upsert(self._aux(physical), docs[j : j + ROW_BATCH])
        return next_key

    # --- reading -------------------------------------------------------------------------------
    def _docs(self, expr: str) -> list[Article]:
        rows = self._query(self._aux(), f'kind == "doc" and {expr}' if expr else 'kind == "doc"',
                           ["doc_id", "part", "payload", "text"])
        return articles_of(rows)

    def hashes(self) -> dict[str, str]:
        if not self._physical:
            return {}
        rows = self._query(self._aux(), 'kind == "doc" and part == 0', ["doc_id", "payload"])
        return {r["doc_id"]: r["payload"].get("content_hash", "") for r in rows}

    def articles(self) -> Iterator[Article]:
        return iter(self._docs("")) if self._physical else iter(())

    def article(self, doc_id: str) -> Article | None:
        found = self._docs(f"doc_id == {quote(doc_id)}") if self._physical else []
        return found[0] if found else None

    def chunks_of(self, doc_id: str) -> list[Chunk]:
        if not self._physical:
            return []
        rows = self._query(self._physical, f"doc_id == {quote(doc_id)}", CHUNK_FIELDS)
        return sorted((chunk_of(r)[0] for r in rows), key=lambda c: (c.start, c.id))

    def sources(self) -> list[str]:
        return list(self._extra.get("sources", []))

    def knows_terms(self, text: str) -> bool:
        """Does every (non-stop) word of ``text`` occur in some chunk? One BM25 search per word, in one call:
        the sparse index returns only chunks that hold the word (a score other than 0: Milvus Lite reports
        BM25 distances negated)."""
        if not self._physical:
            return False
        words = list(dict.fromkeys(terms(text)))  # the local store's tokenizer: the same words count
        if not words:
            return True
        res = self._call("search", lambda: self.client.search(
            self._physical, data=words, anns_field="sparse", limit=1, search_params={"metric_type": "BM25"},
            output_fields=["key"]))
        return len(res) == len(words) and all(any(float(h["distance"]) != 0 for h in hits) for hits in res)

    def fused(self, qvec: np.ndarray, query: str, n: int, filters: Filters, named: list[str]) -> Candidates | None:
        if not self._physical:
            return None
        from pymilvus import AnnSearchRequest, RRFRanker

        dense_param: dict[str, Any] = {"metric_type": "IP"}
        if not self.lite:
            dense_param["params"] = {"ef": max(HNSW_EF_SEARCH, n)}
        vec = np.asarray(qvec, dtype=np.float32).reshape(-1).tolist()
        requests = []
        for expr in [filter_expr(filters), *(filter_expr(filters, source) for source in named)]:
            requests.append(AnnSearchRequest(data=[vec], anns_field="dense", param=dense_param, limit=n,
                                             expr=expr or None))
            requests.append(AnnSearchRequest(data=[query], anns_field="sparse", param={"metric_type": "BM25"},
                                             limit=n, expr=expr or None))
        res = self._call("search", lambda: self.client.hybrid_search(
            self._physical, requests, ranker=RRFRanker(self.rrf_k), limit=n * len(requests),
            output_fields=CHUNK_FIELDS))
        fused: dict[int, float] = {}
        records: dict[int, tuple[Chunk, Article]] = {}
        for hit in res[0]:
            key = int(hit["key"])
            fused[key] = float(hit["distance"])
            records[key] = chunk_of(hit)
        # ties broken by key, as the local store does (keys grow in indexing order on both)
        order = sorted(fused, key=lambda key: (-fused[key], key))
        return Candidates(order=order, fused=fused, records=records)

    def claims_in_chunks(self, chunk_ids: Sequence[str]) -> dict[str, list[Claim]]:
        if not self._physical or not chunk_ids:
            return {}
        rows = self._query(self._aux(), f'kind == "claim" and {one_of("chunk_id", chunk_ids)}',
                           ["chunk_id", "part", "payload"])
        out: dict[str, list[Claim]] = {}
        for r in sorted(rows, key=lambda r: (r["chunk_id"], r["part"])):
            out.setdefault(r["chunk_id"], []).append(Claim(**r["payload"]))
        return out

    def vectors_of(self, chunk_ids: Sequence[str]) -> dict[str, np.ndarray]:
        if not self._physical or not chunk_ids:
            return {}
        rows = self._query(self._physical, one_of("chunk_id", chunk_ids), ["chunk_id", "dense"])
        return {r["chunk_id"]: np.asarray(r["dense"], dtype=np.float32) for r in rows}

    def counts(self) -> dict[str, int]:
        return dict(self._manifest.counts) if self._manifest else {}

    def health(self) -> dict[str, Any]:
        """Where the index lives and whether its last write finished (``pending`` after a crash)."""
        return {"backend": self.name, "location": self.location, "ok": self._manifest is not None,
                "generation": self._manifest.generation if self._manifest else None, "collection": self._physical,
                "pending": bool(self._extra.get("pending", False))}
