"""Indexing throughput of ``Index.add`` vs bare ``SentenceTransformer.encode``, incremental cost, peak RSS.

    python benchmarks/index_throughput.py [--chunks 20000] [--embedder sentence-transformers]

1. Generates a news-like JSONL corpus (benchmarks/corpus_gen.py) of about ``--chunks`` chunks.
2. Full index: ``Index.add`` into a fresh index and a fresh embedding cache; chunks/s.
3. Baseline in the same process: bare encode of exactly the texts the pipeline embeds
   (title + chunk text), with ``SentenceTransformer.encode`` (torch) or, for ``--embedder onnx``,
   the ONNX session itself; ratio = baseline seconds / pipeline seconds (target >= 0.9). The
   baseline is split around the pipeline run (first half of the texts before it, second half
   after it), so a change in machine load during the run hits both sides alike.
4. Incremental: 1% of the articles change; re-index with ``Index.add`` (unchanged articles are
   skipped by hash); ratio incremental seconds / full seconds (target <= 0.05).
5. Peak RSS (``resource.getrusage``) of this process while indexing, and of a fresh process that
   opens the index and answers 20 searches (serving), each also per 10k chunks.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_gen import write_jsonl  # noqa: E402

CHUNKS_PER_ARTICLE = 6.2  # measured average of corpus_gen articles with the default chunker

SERVE = """
import json, sys, time
from rag.index import Index
from rag.settings import load_settings
idx = Index(load_settings(index_dir=sys.argv[1], cache_dir=sys.argv[2], embedder=sys.argv[3]))
qs = ["wheat harvest drought relief", "interest rates central bank", "container terminal delays", "nurse shortages"]
idx.search("warm up", 5)  # loads the model: the mean below is of warm searches
t = time.perf_counter()
for i in range(20):
    idx.search(qs[i % 4] + f" {i}", 5)
# VmHWM, not ru_maxrss: a child's ru_maxrss starts from its parent's peak, i.e. the indexing run's
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"peak_rss_mb": hwm / 1024,
                  "search_ms_mean": (time.perf_counter() - t) * 50}))
"""


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bare_encoder(name: str, batch_size: int):  # type: ignore[no-untyped-def]
    if name != "sentence-transformers":  # onnx: the ONNX session itself; hash: for a quick smoke run
        from embeddings import create_embedder

        return create_embedder(name, "bundled", batch_size).embed_documents
    from sentence_transformers import SentenceTransformer

    from embeddings.sentence_transformer import bundled_model_path

    st = SentenceTransformer(str(bundled_model_path()), device="cpu")
    return lambda texts: st.encode(texts, batch_size=batch_size, convert_to_numpy=True, show_progress_bar=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=20_000)
    parser.add_argument("--embedder", default="sentence-transformers")
    parser.add_argument("--changed", type=float, default=0.01, help="share of articles changed for the rerun")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out/index_throughput.json"))
    args = parser.parse_args()

    from rag.index import Index
    from rag.ingest.loaders import load_files
    from rag.records import Article
    from rag.settings import load_settings
    from rag.store.generation import embed_text

    n_articles = max(10, round(args.chunks / CHUNKS_PER_ARTICLE))
    result: dict[str, object] = {"embedder": args.embedder, "articles": n_articles}
    with tempfile.TemporaryDirectory(prefix="rag-ibench-") as tmp_s:
        tmp = Path(tmp_s)
        corpus = write_jsonl(tmp / "corpus" / "news.jsonl", n_articles)
        onnx_cache = os.environ.get("RAG_CACHE_DIR")  # reuse an existing ONNX export if given
        settings = load_settings(index_dir=tmp / "index", cache_dir=tmp / "cache", embedder=args.embedder)
        if args.embedder == "onnx" and onnx_cache is None:
            os.environ["RAG_CACHE_DIR"] = str(tmp / "cache")
        idx = Index(settings)
        _ = idx.embedder  # load the model outside the timed part (the baseline loads it too)
        articles = [a for a in load_files([corpus], 1 << 40) if isinstance(a, Article)]
        texts = [embed_text(c, a.title) for a in articles for c in idx.chunker.split(a.doc_id, a.text)]
        encode = bare_encoder(args.embedder, settings.batch_size)
        encode(texts[:64])
        half = len(texts) // 2
        t = time.perf_counter()
        encode(texts[:half])
        bare_s = time.perf_counter() - t
        rss0 = peak_mb()
        t = time.perf_counter()
        report = idx.add([corpus])
        full_s = time.perf_counter() - t
        chunks = idx.stats()["chunks"]
        rss_index = peak_mb()
        t = time.perf_counter()
        encode(texts[half:])
        bare_s += time.perf_counter() - t
        if chunks != len(texts):
            raise SystemExit(f"baseline has {len(texts)} texts but the index has {chunks} chunks")
        result["full"] = {
            "chunks": chunks, "embedded": report.chunks_embedded, "seconds": round(full_s, 1),
            "chunks_per_s": round(chunks / full_s, 1),
            "bare_encode_seconds": round(bare_s, 1), "bare_chunks_per_s": round(len(texts) / bare_s, 1),
            "ratio_bare_over_pipeline": round(bare_s / full_s, 3),
        }
        # incremental: 1% of articles changed
        changed = set(range(0, n_articles, max(1, round(1 / args.changed))))
        write_jsonl(corpus, n_articles, changed=changed)
        t = time.perf_counter()
        rep2 = idx.add([corpus])
        inc_s = time.perf_counter() - t
        result["incremental"] = {
            "changed_articles": len(changed), "updated": len(rep2.updated), "embedded": rep2.chunks_embedded,
            "seconds": round(inc_s, 2), "ratio_vs_full": round(inc_s / full_s, 4),
        }
        idx.close()
        serve = subprocess.run(
            [sys.executable, "-c", SERVE, str(tmp / "index"), str(tmp / "cache"), args.embedder],
            capture_output=True, text=True, check=True,
        )
        served = json.loads(serve.stdout.strip().splitlines()[-1])
        per10k = 10_000 / max(chunks, 1)
        result["memory"] = {
            "peak_rss_mb_before_indexing": round(rss0, 1),
            "peak_rss_mb_indexing": round(rss_index, 1),
            "indexing_growth_mb_per_10k_chunks": round((rss_index - rss0) * per10k, 1),
            "peak_rss_mb_serving": round(served["peak_rss_mb"], 1),
            "serving_mb_per_10k_chunks_total_rss": round(served["peak_rss_mb"] * per10k, 1),
            "serving_search_ms_mean": round(served["search_ms_mean"], 1),
        }
    result["targets"] = {
        "pipeline_ratio>=0.9": result["full"]["ratio_bare_over_pipeline"] >= 0.9,  # type: ignore[index]
        "incremental<=5%": result["incremental"]["ratio_vs_full"] <= 0.05,  # type: ignore[index]
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
