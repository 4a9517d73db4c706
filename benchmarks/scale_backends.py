"""Store backends side by side (local FAISS+BM25+SQLite vs Milvus Lite), and Ray ingestion vs the plain path.

    python benchmarks/scale_backends.py --sizes 10000 100000       # write throughput, query p50/p95, memory, disk
    python benchmarks/scale_backends.py --sizes 0 --ray-articles 40  # rag index --ray vs rag index, real model

Store figures time the store alone: generated news articles (:mod:`corpus_gen`), vectors from a
fast text-seeded generator (clustered unit vectors, as ``query_latency.py``) instead of the
model, and claim extraction switched off on both backends, so the figures are the engines' cost
of chunk + insert + index (chunks/s) and of a hybrid search after encoding (200 queries: a
chunk's first words and a noisy copy of its vector). Milvus Lite is an embedded engine for
development and tests; its figures are not those of a Milvus cluster. Each backend's write and
its reads run in fresh child processes (one at a time). Memory: RSS growth of the reading process
when opening the index and searching once, the engine's libraries already imported (Milvus Lite
3.x runs inside that process). Prints JSON and writes ``benchmarks/out/scale_backends.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_gen import articles as gen_articles  # noqa: E402
from timing import pct, timed  # noqa: E402

DIM = 384
CENTRES = np.random.default_rng(0).standard_normal((2000, DIM)).astype(np.float32)


def vector_of(text: str) -> np.ndarray:
    seed = zlib.crc32(text.encode("utf-8"))
    rng = np.random.default_rng(seed)
    x = CENTRES[seed % len(CENTRES)] / np.sqrt(DIM) * 8 + 0.5 * rng.standard_normal(DIM).astype(np.float32) / 8
    return (x / np.linalg.norm(x)).astype(np.float32)


class TextSeededEmbedder:
    """Deterministic vectors per text (no model); query vectors are looked up by query text."""

    name, fingerprint, dim = "bench", "bench-text-seeded-v1", DIM

    def __init__(self) -> None:
        self.queries: dict[str, np.ndarray] = {}

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        return np.stack([vector_of(t) for t in texts]) if texts else np.zeros((0, DIM), np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self.queries.get(text, vector_of(text))


def rss_mb(pid: int | None = None) -> float:
    with open(f"/proc/{pid or 'self'}/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def log(msg: str) -> None:
    """Progress on stderr with wall time and load average, so a slow phase shows where it is."""
    print(f"[{time.strftime('%H:%M:%S')} load {os.getloadavg()[0]:.1f}] {msg}", file=sys.stderr, flush=True)


def disk_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def make_articles(n_chunks: int) -> list[Any]:
    from rag.ingest.loaders import make_article

    out, chunks = [], 0
    for row in gen_articles(max(1, n_chunks // 7)):
        out.append(make_article(row["id"], row["text"], title=row["title"], source=row["source"],
                                published_at=row["published_at"], url=row["url"]))
        chunks += max(1, len(row["text"]) // 400)
    return out


class _NoClaims:
    """Stands in for :class:`rag.claim_workers.ClaimExtraction`: every article parsed, no claims, no parses."""

    def __init__(self, items: list[Any], *_a: Any, **_k: Any) -> None:
        self.items = list(items)

    def __enter__(self) -> _NoClaims:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def ready(self) -> list[Any]:
        return []

    def finish(self, while_waiting: Any = None) -> Any:
        if while_waiting is not None:
            while_waiting()
        yield _unparsed(self.items)


def _unparsed(items: list[Any], _model: str = "") -> list[Any]:
    from rag.claim_workers import Parsed

    return [Parsed(it.doc_id, [], [b""] * len(it.spans)) for it in items]


def claims_off() -> None:
    """Claims off on both backends: spaCy would dominate and is the same code on both."""
    import rag.ingest.prepare as prepare
    import rag.store.generation as generation

    generation.ClaimExtraction = _NoClaims  # type: ignore[assignment,misc]
    prepare.parse_here = _unparsed  # type: ignore[assignment]


def _index(backend: str, folder: Path, emb: TextSeededEmbedder) -> Any:
    from rag.index import Index
    from rag.settings import Settings

    settings = Settings(index_dir=folder / backend, cache_dir=folder / f"cache-{backend}", embedder="hash",
                        backend=backend)
    idx = Index(settings, embedder=emb)  # type: ignore[arg-type]
    # the manifest records the configured embedder name; this fake must pass the check
    idx._expected_embedder = lambda: {"name": "hash", "model": "bundled"}  # type: ignore[method-assign]
    return idx


def phase_build(backend: str, folder: Path, n: int) -> dict[str, Any]:
    """Write the generated articles into a new index (claims off); wall time and chunks."""
    claims_off()
    articles = make_articles(n)
    idx = _index(backend, folder, TextSeededEmbedder())
    log(f"{backend}: writing {len(articles)} articles")
    t = time.perf_counter()
    shown = [0.0]

    def progress(done: int, total: int) -> None:
        if time.perf_counter() - shown[0] > 30 or done == total:
            shown[0] = time.perf_counter()
            log(f"{backend}: {done}/{total} written, {time.perf_counter() - t:.0f} s")

    idx.add_articles(articles, progress=progress)
    build_s = time.perf_counter() - t
    chunks = idx.stats()["chunks"]
    log(f"{backend}: {chunks} chunks written in {build_s:.1f} s")
    return {"chunks": chunks, "build_s": round(build_s, 2), "chunks_per_s": round(chunks / build_s, 1)}


def phase_read(backend: str, folder: Path, n: int, n_queries: int) -> dict[str, Any]:
    """In a fresh process: RSS growth from opening the index and one search, then timed searches."""
    articles = make_articles(n)
    emb = TextSeededEmbedder()
    rng = np.random.default_rng(1)
    queries = []
    for a in [articles[int(i)] for i in rng.integers(0, len(articles), n_queries)]:
        q = " ".join(a.text.split()[:8])
        v = vector_of(a.text[:500]) + 0.05 * rng.standard_normal(DIM).astype(np.float32)
        emb.queries[q] = v / np.linalg.norm(v)
        queries.append(q)
    # the engines' libraries imported before the baseline, so the growth is the index's own
    import rag.index  # noqa: F401
    if backend == "milvus":
        import milvus_lite  # noqa: F401
        import pymilvus  # noqa: F401
    else:
        import bm25s  # noqa: F401
        import faiss  # noqa: F401
    before = rss_mb()
    t = time.perf_counter()
    reader = _index(backend, folder, emb)  # opens the index
    reader.search(queries[0], k=5)
    open_s = time.perf_counter() - t
    open_mb = rss_mb() - before
    log(f"{backend}: opened in {open_s:.1f} s (+{open_mb:.0f} MB), {len(queries)} searches")
    _, ms = timed(lambda q: reader.search(q, k=5), queries)
    log(f"{backend}: {len(queries) // 2} filtered searches")
    _, ms_f = timed(lambda q: reader.search(q, k=5, source="a"), queries[: n_queries // 2])
    return {"open_s": round(open_s, 2), "search": pct(ms), "search_filtered": pct(ms_f),
            "rss_open_mb": round(open_mb, 1)}


def bench_backend(backend: str, n: int, folder: Path, n_queries: int) -> dict[str, Any]:
    """Build, then search, each in a fresh process (so memory is the reader's alone, and Milvus Lite's
    file lock is released between them)."""
    row: dict[str, Any] = {"backend": backend}
    for phase in ("build", "read"):
        cmd = [sys.executable, __file__, "--phase", phase, "--backends", backend, "--sizes", str(n),
               "--queries", str(n_queries), "--dir", str(folder)]
        out = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=True).stdout
        row.update(json.loads(out.strip().splitlines()[-1]))
    size = disk_mb(folder / backend)
    row.update({"bytes_per_chunk_ram": round(row["rss_open_mb"] * 1e6 / row["chunks"]), "disk_mb": round(size, 1),
                "bytes_per_chunk_disk": round(size * 1e6 / row["chunks"])})
    return row


def bench_ray(n_articles: int, tmp: Path) -> dict[str, Any]:
    """`rag index` vs `rag index --ray` with the real model and claims, local Ray on this machine."""
    from rag.index import Index
    from rag.ingest.ray_pipeline import ray_add, start_ray
    from rag.settings import Settings

    corpus = tmp / "ray-corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    rows = list(gen_articles(n_articles, seed=7))
    for i in range(0, len(rows), 5):  # several files, so loading spreads over tasks
        (corpus / f"part-{i:04d}.jsonl").write_text("\n".join(json.dumps(r) for r in rows[i : i + 5]) + "\n")
    t = time.perf_counter()
    start_ray(None)
    startup = time.perf_counter() - t
    out: dict[str, Any] = {"articles": n_articles, "ray_startup_s": round(startup, 1)}
    for name in ("plain", "ray"):
        idx = Index(Settings(index_dir=tmp / f"idx-{name}", cache_dir=tmp / f"cache-{name}"))
        t = time.perf_counter()
        report = idx.add([corpus]) if name == "plain" else ray_add(idx, [corpus])
        out[f"{name}_s"] = round(time.perf_counter() - t, 1)
        out[f"{name}_chunks"] = idx.stats()["chunks"]
        out[f"{name}_embedded"] = report.chunks_embedded
    out["ray_over_plain_speed"] = round(out["plain_s"] / out["ray_s"], 2)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--backends", nargs="+", default=["local", "milvus"])
    parser.add_argument("--ray-articles", type=int, default=0, help="also time Ray vs plain ingestion (real model)")
    parser.add_argument("--phase", choices=["build", "read"], help=argparse.SUPPRESS)  # a child process's part
    parser.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        n, backend = args.sizes[0], args.backends[0]
        row = phase_build(backend, args.dir, n) if args.phase == "build" else phase_read(
            backend, args.dir, n, args.queries)
        print(json.dumps(row), flush=True)
        return

    results: dict[str, Any] = {"load_avg_start": os.getloadavg(), "sizes": []}
    tmp = Path(tempfile.mkdtemp(prefix="rag-scale-"))
    try:
        if args.ray_articles:
            results["ray"] = bench_ray(args.ray_articles, tmp)
            print(json.dumps(results["ray"]), flush=True)
        for n in [s for s in args.sizes if s > 0]:
            for backend in args.backends:
                log(f"{n} chunks, {backend}")
                row = {"target_chunks": n, **bench_backend(backend, n, tmp / str(n), args.queries),
                       "load_avg": os.getloadavg()}
                results["sizes"].append(row)
                print(json.dumps(row), flush=True)
                shutil.rmtree(tmp / str(n) / backend, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    results["load_avg_end"] = os.getloadavg()
    out = Path(__file__).resolve().parent / "out"
    out.mkdir(exist_ok=True)
    (out / "scale_backends.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
