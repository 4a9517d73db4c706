"""Store backends side by side (local FAISS+BM25+SQLite vs Milvus Lite), and Ray ingestion vs the plain path.

    python benchmarks/scale_backends.py --sizes 10000 100000       # write throughput, query p50/p95, memory, disk
    python benchmarks/scale_backends.py --sizes 0 --ray-articles 40  # rag index --ray vs rag index, real model

Store figures time the store alone: generated news articles (:mod:`corpus_gen`), vectors from a
fast text-seeded generator (clustered unit vectors, as ``query_latency.py``) instead of the
model, and claim extraction switched off on both backends, so the figures are the engines' cost
of chunk + insert + index (chunks/s) and of a hybrid search after encoding (200 queries: a
chunk's first words and a noisy copy of its vector). Milvus Lite is an embedded engine for
development and tests; its figures are not those of a Milvus cluster. Memory: RSS growth of this
process when opening the index and searching once, plus for Milvus Lite the RSS of its server
process. Prints JSON and writes ``benchmarks/out/scale_backends.json``.
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


def children_rss_mb() -> float:
    """RSS of this process's child processes (the Milvus Lite server runs as one)."""
    out = subprocess.run(["pgrep", "-P", str(os.getpid())], capture_output=True, text=True).stdout.split()
    total = 0.0
    for pid in out:
        try:
            total += rss_mb(int(pid))
        except OSError:
            pass
    return total


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


def bench_backend(backend: str, articles: list[Any], tmp: Path, n_queries: int) -> dict[str, Any]:
    from rag.index import Index
    from rag.settings import Settings

    settings = Settings(index_dir=tmp / backend, cache_dir=tmp / f"cache-{backend}", embedder="hash",
                        backend=backend)
    emb = TextSeededEmbedder()
    idx = Index(settings, embedder=emb)  # type: ignore[arg-type]
    # the manifest records the configured embedder name; this fake must pass the check
    idx._expected_embedder = lambda: {"name": "hash", "model": "bundled"}  # type: ignore[method-assign]
    t = time.perf_counter()
    idx.add_articles(articles)
    build_s = time.perf_counter() - t
    chunks = idx.stats()["chunks"]
    idx.close()
    rng = np.random.default_rng(1)
    before, before_children = rss_mb(), children_rss_mb()
    reader = Index(settings, embedder=emb)  # type: ignore[arg-type]
    reader._expected_embedder = lambda: {"name": "hash", "model": "bundled"}  # type: ignore[method-assign]
    reader._load(check=True)
    picks = [articles[int(i)] for i in rng.integers(0, len(articles), n_queries)]
    queries = []
    for a in picks:
        words = a.text.split()[:8]
        q = " ".join(words)
        v = vector_of(a.text[:500]) + 0.05 * rng.standard_normal(DIM).astype(np.float32)
        emb.queries[q] = v / np.linalg.norm(v)
        queries.append(q)
    reader.search(queries[0], k=5)
    open_mb = rss_mb() - before
    server_mb = children_rss_mb() - before_children if backend == "milvus" else 0.0
    _, ms = timed(lambda q: reader.search(q, k=5), queries)
    _, ms_f = timed(lambda q: reader.search(q, k=5, source="a"), queries[: n_queries // 2])
    return {"backend": backend, "chunks": chunks, "build_s": round(build_s, 2),
            "chunks_per_s": round(chunks / build_s, 1), "search": pct(ms), "search_filtered": pct(ms_f),
            "rss_open_mb": round(open_mb, 1), "server_rss_mb": round(server_mb, 1),
            "bytes_per_chunk_ram": round((open_mb + server_mb) * 1e6 / chunks),
            "disk_mb": round(disk_mb(tmp / backend), 1), "bytes_per_chunk_disk": round(disk_mb(tmp / backend) * 1e6 /
                                                                                        chunks)}


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
    args = parser.parse_args()
    import rag.ingest.prepare as prepare
    import rag.store.generation as generation

    results: dict[str, Any] = {"load_avg_start": os.getloadavg(), "sizes": []}
    tmp = Path(tempfile.mkdtemp(prefix="rag-scale-"))
    try:
        if args.ray_articles:
            results["ray"] = bench_ray(args.ray_articles, tmp)
            print(json.dumps(results["ray"]), flush=True)
        # claims off on both backends: spaCy would dominate and is the same code on both
        generation.claims_for_articles = lambda *a, **k: {}  # type: ignore[assignment]
        prepare.claims_for_articles = lambda *a, **k: {}  # type: ignore[assignment]
        for n in [s for s in args.sizes if s > 0]:
            arts = make_articles(n)
            for backend in args.backends:
                row = {"target_chunks": n, **bench_backend(backend, arts, tmp / str(n), args.queries)}
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
