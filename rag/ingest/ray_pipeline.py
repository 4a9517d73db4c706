"""`rag index PATH --ray [ADDRESS]`: loading, cleaning, chunking, embedding and claims as a Ray Data pipeline.

Stages: the driver lists the files (cheap); Ray tasks load and clean them (``flat_map``: one JSONL
file gives many articles); an actor pool (``map_batches`` with a callable class) chunks, embeds
and extracts claims, loading the embedding model and the spaCy pipeline once per actor and
skipping articles whose content hash the index already holds. The driver receives the prepared
articles in file order and hands them to :meth:`rag.Index.add_articles`, which plans, reports
and writes exactly as the plain path does: the Milvus store writes the prepared rows in batches;
the local store receives them through the embedding and claim caches, so its generation writer
embeds and parses nothing. Same chunk ids, vectors (up to float noise from batching) and counts
as ``rag index PATH``.

Without an address Ray starts on this machine (``ray.init(num_cpus=...)``); with one
(``ray://head:10001`` or ``auto``) the same code runs on the user's cluster, where every worker
needs this package and the embedding model installed.
"""

from __future__ import annotations

import base64
import json
import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from rag.claims import Claim
from rag.errors import UsageError
from rag.ingest import discover, load_files
from rag.ingest.collect import Collected
from rag.ingest.prepare import Prepared, prepare_articles
from rag.parses import PassageKey
from rag.records import Article, Chunk, IndexReport, Skipped

if TYPE_CHECKING:
    from rag.index import Index
    from rag.store.generation import ProgressFn

ARTICLES_PER_BATCH = 16  # per actor call: enough to batch the embedder, small enough to spread work
# CPUs a loading task asks for: with whole CPUs, the actors would hold every core and the loading
# tasks that feed them could never be scheduled (a deadlock seen on this 2-core machine)
LOAD_CPUS = 0.25


def _load(row: dict[str, Any], max_bytes: int) -> list[dict[str, Any]]:
    """One file -> its articles (or the reason it was skipped), as JSON rows in file order."""
    out = []
    for i, item in enumerate(load_files([Path(row["path"])], max_bytes)):
        body: dict[str, Any]
        if isinstance(item, Skipped):
            body = {"skipped": [item.path, item.reason]}
        else:
            body = {"article": asdict(item)}  # the driver makes its path absolute (Collected.offer)
        out.append({"file": row["file"], "item": i, "json": json.dumps(body)})
    return out


class PrepareActor:
    """Chunks, embeds and extracts claims; one embedding model and one spaCy pipeline per actor."""

    def __init__(self, settings: dict[str, Any], known: dict[str, str], threads: int) -> None:
        from embeddings import create_embedder
        from rag.chunking import Chunker, ChunkerConfig

        try:  # one actor per CPU: torch's own thread pool would only oversubscribe the cores
            import torch

            torch.set_num_threads(max(1, threads))
        except ImportError:
            pass
        self.embedder = create_embedder(settings["embedder"], settings["model"], settings["batch_size"],
                                        cache_dir=Path(settings["cache_dir"]), precision=settings["precision"],
                                        threads=max(1, threads))
        self.chunker = Chunker(ChunkerConfig(settings["chunk_size"], settings["chunk_overlap"]))
        self.nlp_model = settings["nlp_model"]
        self.known = known

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        bodies = [json.loads(s) for s in batch["json"]]
        # by row, not doc_id: a batch may hold two articles with one doc_id, and the driver keeps the
        # first, so only the first is prepared (claims are found per doc_id)
        todo: dict[int, Article] = {}
        for i, b in enumerate(bodies):
            a = Article(**b["article"]) if "article" in b else None
            if a and self.known.get(a.doc_id) != a.content_hash and all(x.doc_id != a.doc_id for x in todo.values()):
                todo[i] = a
        done = dict(zip(todo, prepare_articles(list(todo.values()), self.chunker, self.embedder, self.nlp_model),
                        strict=True))
        prepared, vectors = [], []
        for i in range(len(bodies)):
            p = done.get(i)
            prepared.append(json.dumps({"chunks": [asdict(c) for c in p.chunks],
                                        "claims": [[i, c.to_json()] for i, c in p.claims],
                                        "parses": [base64.b64encode(b).decode("ascii") for b in p.parses]})
                            if p else "")
            vectors.append(np.ascontiguousarray(p.vectors, dtype=np.float32).tobytes() if p else b"")
        return {"file": batch["file"], "item": batch["item"], "json": batch["json"], "prepared": prepared,
                "vectors": vectors}


class _Replay:
    """An embedder that returns vectors computed elsewhere: fills the embedding cache with Ray's vectors."""

    name = "replay"

    def __init__(self, fingerprint: str, dim: int, vectors: dict[str, np.ndarray]) -> None:
        self.fingerprint, self.dim, self._vectors = fingerprint, dim, vectors

    def embed_query(self, text: str) -> np.ndarray:
        return self._vectors[text]

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self._vectors[t] for t in texts]) if texts else np.zeros((0, self.dim), np.float32)


def _warm_caches(index: Index, prepared: Iterable[Prepared]) -> None:
    """Keep the actors' passage parses where questions read them (either backend) and, for the local
    store, their vectors and claims where its generation writer looks first: nothing is embedded or
    parsed again, by the writer or by a question."""
    from rag.store.backend import write_caches
    from rag.store.generation import embed_text

    embedder = index.index_embedder
    local = index.store.name == "local"
    with write_caches(Path(index.settings.cache_dir).expanduser(), index.settings.nlp_model) as caches:
        cache, claims, parses = caches
        for p in prepared:
            if len(p.parses) == len(p.chunks):  # an actor has no caches: it parses every article it prepares
                parses.put(zip([PassageKey.of(c) for c in p.chunks], p.parses, strict=True))
            if local:
                texts = [embed_text(c, p.article.title) for c in p.chunks]
                replay = _Replay(embedder.fingerprint, embedder.dim, dict(zip(texts, p.vectors, strict=True)))
                cache.embed(replay, texts)
                claims.put(p.article.doc_id, p.article.text, [c for _, c in p.claims])


def start_ray(address: str | None, num_cpus: int | None = None) -> Any:
    """Connect to the Ray cluster at ``address``, or start Ray on this machine when it is None."""
    try:
        import ray
    except ImportError:
        raise UsageError("--ray needs Ray: pip install 'newsrag[scale]'") from None
    if not ray.is_initialized():
        if address:
            ray.init(address=address, log_to_driver=False, logging_level=logging.WARNING)
        else:
            ray.init(num_cpus=num_cpus, include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING)
    return ray


def ray_add(
    index: Index,
    paths: Iterable[str | Path],
    address: str | None = None,
    *,
    prune: bool = False,
    rebuild: bool = False,
    progress: ProgressFn | None = None,
    num_cpus: int | None = None,
) -> IndexReport:
    """Index ``paths`` like :meth:`rag.Index.add`, preparing articles on Ray (see module doc)."""
    started = time.perf_counter()
    roots = [Path(p).expanduser() for p in paths]
    files, skipped = discover(roots)
    ray = start_ray(address, num_cpus)
    from ray.data import DataContext

    ctx = DataContext.get_current()
    ctx.execution_options.preserve_order = True  # "first file wins" for duplicate doc_ids, as the plain path
    ctx.enable_progress_bars = progress is not None
    s = index.settings
    # index.backend: the backend the existing index was built with, when it is kept (rag.embedder)
    settings = {"embedder": s.embedder if rebuild else index.backend, "model": s.model,
                "cache_dir": str(Path(s.cache_dir).expanduser()), "precision": s.embedder_precision,
                "batch_size": s.batch_size, "chunk_size": s.chunk_size, "chunk_overlap": s.chunk_overlap,
                "nlp_model": s.nlp_model}
    known = {} if rebuild else index.store.hashes()
    cpus = float(ray.available_resources().get("CPU", 1))
    actors = max(1, int(cpus))
    max_bytes = int(s.max_file_mb * 1_000_000)
    got = Collected(skipped=skipped)
    prepared: dict[str, Prepared] = {}
    if files:
        ds = ray.data.from_items([{"file": i, "path": str(f)} for i, f in enumerate(files)],
                                 override_num_blocks=min(len(files), 4 * actors))
        ds = ds.flat_map(_load, fn_kwargs={"max_bytes": max_bytes}, num_cpus=LOAD_CPUS)
        pool = ray.data.ActorPoolStrategy(size=actors)
        ds = ds.map_batches(PrepareActor, batch_size=ARTICLES_PER_BATCH, compute=pool,
                            num_cpus=max(0.1, (cpus - LOAD_CPUS) / actors),
                            fn_constructor_kwargs={"settings": settings, "known": known, "threads": 1})
        rows = sorted(ds.iter_rows(), key=lambda r: (int(r["file"]), int(r["item"])))
        for row in rows:
            body = json.loads(row["json"])
            if "skipped" in body:
                got.offer(Skipped(*body["skipped"]))
                continue
            a = got.offer(Article(**body["article"]))
            if a is None:
                continue
            if row["prepared"]:
                prepared[a.doc_id] = _decode(a, row["prepared"], row["vectors"])
            if progress:
                progress(len(got.articles), len(rows))
    _warm_caches(index, prepared.values())
    remove = index.prune_ids(roots, got.seen) if prune and not rebuild else []
    report = index.add_articles(got.articles, remove=remove, rebuild=rebuild, progress=progress,
                                prepared=prepared if index.store.name != "local" else None)
    report.skipped = got.skipped + report.skipped
    written = set(report.added) | set(report.updated)
    report.chunks_embedded = sum(len(p.chunks) for p in prepared.values() if p.article.doc_id in written)
    report.seconds = time.perf_counter() - started
    return report


def _decode(article: Article, payload: str, vectors: bytes) -> Prepared:
    data = json.loads(payload)
    chunks = [Chunk(**c) for c in data["chunks"]]
    vecs = np.frombuffer(vectors, dtype=np.float32).reshape(len(chunks), -1) if chunks else np.zeros((0, 1))
    parses = [base64.b64decode(b) for b in data.get("parses", [])]
    return Prepared(article, chunks, vecs, [(int(i), Claim(**c)) for i, c in data["claims"]], parses)
