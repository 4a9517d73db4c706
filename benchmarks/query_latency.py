"""Hybrid search latency at 10k / 100k / 1M chunks, with the index kind chosen by size.

    python benchmarks/query_latency.py [--sizes 10000 100000] [--queries 200] [--embedder onnx]

For each size: synthetic clustered unit vectors (dim 384, like real embeddings: points scattered
around topic centres) and generated news-like chunk texts for BM25 and the metadata DB. The
vector store kind is :func:`rag.store.vectors.choose_kind` (flat below the threshold, HNSW above).
Reported per size:

* retrieval after encoding: ``HybridRetriever.search`` (dense + BM25 + fusion + metadata) with
  the query vector precomputed, p50/p95 ms;
* including encoding: the same with the real embedder encoding the query text (model warm);
* recall@10 of the chosen dense index vs exact flat search on the same vectors (baseline, same
  process), and the exact search latency;
* memory per chunk: RSS growth while building each part, and bytes on disk.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_gen import chunk_texts  # noqa: E402
from timing import pct, timed  # noqa: E402

DIM = 384


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def synthetic_vectors(n: int, seed: int = 0, centres: int = 2000) -> np.ndarray:
    rng = np.random.default_rng(seed)
    c = rng.standard_normal((centres, DIM)).astype(np.float32)
    c /= np.linalg.norm(c, axis=1, keepdims=True)
    out = np.empty((n, DIM), dtype=np.float32)
    step = 100_000
    for i in range(0, n, step):
        m = min(step, n - i)
        x = c[rng.integers(0, centres, m)] + 0.06 * rng.standard_normal((m, DIM)).astype(np.float32)
        out[i : i + m] = x / np.linalg.norm(x, axis=1, keepdims=True)
    return out


class FixedEmbedder:
    """Returns precomputed query vectors: measures retrieval after encoding."""

    name, fingerprint = "fixed", "fixed"

    def __init__(self, vectors: np.ndarray) -> None:
        self.dim = vectors.shape[1]
        self.vectors = vectors
        self.i = 0

    def embed_query(self, text: str) -> np.ndarray:
        self.i += 1
        return self.vectors[(self.i - 1) % len(self.vectors)]

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        return np.stack([self.embed_query(t) for t in texts])


def bench_size(n: int, n_queries: int, embedder: object | None, tmp: Path) -> dict[str, object]:
    from rag.records import Article, Chunk
    from rag.retrieval import HybridRetriever
    from rag.store.lexical import BM25Store
    from rag.store.metadata import MetadataStore
    from rag.store.vectors import VECTOR_STORES, FaissFlatStore, choose_kind

    out: dict[str, object] = {"chunks": n}
    texts = chunk_texts(n)
    keys = np.arange(1, n + 1, dtype=np.int64)
    x = synthetic_vectors(n)
    r0 = rss_mb()
    kind = choose_kind(n)
    t = time.perf_counter()
    store = VECTOR_STORES[kind](DIM)
    for i in range(0, n, 10_000):
        store.add(keys[i : i + 10_000], x[i : i + 10_000])
    out["vector_kind"] = kind
    out["vector_build_s"] = round(time.perf_counter() - t, 1)
    r1 = rss_mb()
    t = time.perf_counter()
    bm25 = BM25Store.build(keys.tolist(), texts)
    out["bm25_build_s"] = round(time.perf_counter() - t, 1)
    r2 = rss_mb()
    meta = MetadataStore(tmp / f"meta-{n}.sqlite")
    per_article = 8
    for a in range(0, n, per_article):
        meta.put_article(Article(doc_id=f"d{a}", text=" ".join(texts[a : a + per_article]), title=f"Article {a}",
                                 source="Daily Ledger", published_at="2025-01-01", content_hash=str(a)))
        meta.add_chunks(Chunk(f"d{a}:{j}", f"d{a}", j * 600, j * 600 + len(texts[a + j]), texts[a + j])
                        for j in range(min(per_article, n - a)))
    meta.commit()
    store.save(tmp / f"v-{n}.faiss")
    bm25.save(tmp / f"bm25-{n}")
    disk = sum(f.stat().st_size for f in tmp.glob(f"v-{n}.faiss*")) + sum(
        f.stat().st_size for f in (tmp / f"bm25-{n}").rglob("*") if f.is_file())
    out["memory_bytes_per_chunk"] = {
        "vectors_rss": round((r1 - r0) * 1e6 / n), "bm25_rss": round((r2 - r1) * 1e6 / n),
        "vectors_plus_bm25_disk": round(disk / n),
        "metadata_disk": round((tmp / f"meta-{n}.sqlite").stat().st_size / n),
    }
    rng = np.random.default_rng(7)
    picks = rng.integers(0, n, n_queries)
    q = x[picks] + 0.05 * rng.standard_normal((n_queries, DIM)).astype(np.float32)
    q /= np.linalg.norm(q, axis=1, keepdims=True)
    qtexts = [" ".join(texts[i].split()[3:9]) for i in picks]
    # recall@10 vs exact (baseline in the same process)
    exact = store if kind == "flat" else FaissFlatStore(DIM)
    if kind != "flat":
        for i in range(0, n, 100_000):
            exact.add(keys[i : i + 100_000], x[i : i + 100_000])
    exact_top, t_exact = timed(lambda v: set(exact.search(v, 10)[0].tolist()), q)

    def dense_recall() -> tuple[float, list[float]]:
        found, ms = timed(lambda v: set(store.search(v, 10)[0].tolist()), q)
        return round(float(np.mean([len(e & a) / 10 for e, a in zip(exact_top, found, strict=True)])), 4), ms

    out["recall@10_vs_exact"], t_dense = dense_recall()
    out["dense_only"] = pct(t_dense)
    out["exact_flat_dense_only"] = pct(t_exact)
    if kind == "hnsw":  # the recall/latency trade-off of the graph's search breadth, same queries
        default_ef, sweep = store.ef_search, {}  # type: ignore[attr-defined]
        for ef in (64, 128, 256):
            store.ef_search = ef  # type: ignore[attr-defined]
            recall, ms = dense_recall()
            sweep[ef] = {"recall@10": recall, **pct(ms)}
        store.ef_search = default_ef  # type: ignore[attr-defined]
        out["ef_search_sweep"] = sweep
    if exact is not store:
        del exact
    retr = HybridRetriever(store, bm25, meta, FixedEmbedder(q))  # type: ignore[arg-type]
    out["hybrid_after_encoding"] = pct(timed(lambda text: retr.search(text, 5), qtexts)[1])
    if embedder is not None:
        encoding = HybridRetriever(store, bm25, meta, embedder)  # type: ignore[arg-type]
        encoding.search(qtexts[0], 5)
        out["hybrid_including_encoding"] = pct(timed(lambda text: encoding.search(text, 5), qtexts)[1])
    meta.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--embedder", default="sentence-transformers", help="'none' to skip the encode run")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out/query_latency.json"))
    args = parser.parse_args()
    embedder = None
    if args.embedder != "none":
        from embeddings import create_embedder

        embedder = create_embedder(args.embedder)
    results = {"embedder": args.embedder, "sizes": []}
    with tempfile.TemporaryDirectory(prefix="rag-qbench-") as tmp:
        for n in args.sizes:
            r = bench_size(n, args.queries, embedder, Path(tmp))
            results["sizes"].append(r)  # type: ignore[union-attr]
            print(json.dumps(r), flush=True)
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    print("\n| chunks | kind | recall@10 | after-encode p50/p95 ms | incl. encode p50/p95 ms "
          "| bytes/chunk (RSS vec+bm25) |")
    print("|---|---|---|---|---|---|")
    for r in results["sizes"]:  # type: ignore[union-attr]
        a, b = r["hybrid_after_encoding"], r.get("hybrid_including_encoding", {})
        m = r["memory_bytes_per_chunk"]
        print(f"| {r['chunks']} | {r['vector_kind']} | {r['recall@10_vs_exact']} | {a['p50_ms']}/{a['p95_ms']} | "
              f"{b.get('p50_ms')}/{b.get('p95_ms')} | {m['vectors_rss'] + m['bm25_rss']} |")


if __name__ == "__main__":
    main()
