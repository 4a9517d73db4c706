"""Indexing throughput: ``Index.add`` (claims included) vs a bare torch encode; incremental cost; peak RSS.

    python benchmarks/index_throughput.py [--chunks 5000] [--embedder openvino] [--claim-workers -1]
    python benchmarks/index_throughput.py --corpus ../shared/benchmarks/multihop_rag/corpus.jsonl

1. Corpus: a generated news-like JSONL corpus (benchmarks/corpus_gen.py) of about ``--chunks``
   chunks, or ``--corpus PATH``.
2. Full index: ``Index.add`` into a fresh index, embedding cache and claim cache, with the
   chosen backend (default: the settings' default) and claim workers; everything it does counts
   (loading, chunking, claim extraction, embedding, FAISS, BM25, fsync). The model is loaded and
   (for exported backends) exported before the clock starts, as the baselines' models are.
3. Baselines in the same process, on exactly the texts the pipeline embeds (title + chunk):
   bare torch ``SentenceTransformer.encode`` (the target: pipeline >= 2.5x faster) and the
   backend's own ``embed_documents``. Each is split around the pipeline run (first half of the
   texts before it, second half after), so a change in machine load hits all sides alike.
4. ``--claims-alone``: the same articles' claims parsed in this process, one after the other
   (what indexing did before claims moved beside the embedding).
5. Incremental: 1% of the articles change (generated corpus only); re-index time / full time.
6. Peak RSS of this process while indexing, and of a fresh process that opens the index and
   answers 20 searches (serving).
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


def torch_encoder(batch_size: int):  # type: ignore[no-untyped-def]
    from sentence_transformers import SentenceTransformer

    from embeddings.model_files import bundled_model_path

    st = SentenceTransformer(str(bundled_model_path()), device="cpu")
    return lambda texts: st.encode(texts, batch_size=batch_size, convert_to_numpy=True, show_progress_bar=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=5_000)
    parser.add_argument("--corpus", type=Path, default=None, help="index this file/folder instead of a generated one")
    parser.add_argument("--embedder", default=None, help="backend (default: the settings' default)")
    parser.add_argument("--claim-workers", type=int, default=None, help="-1 automatic, 0 in-process")
    parser.add_argument("--export-cache", type=Path, default=None, help="reuse model exports from this cache folder")
    parser.add_argument("--claims-alone", action="store_true", help="also time claim extraction in one process")
    parser.add_argument("--changed", type=float, default=0.01, help="share of articles changed for the rerun")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out/index_throughput.json"))
    args = parser.parse_args()

    from rag.claim_workers import ToParse, parse_here
    from rag.embedder import build_embedder
    from rag.index import Index
    from rag.ingest import discover, load_files
    from rag.records import Article
    from rag.settings import load_settings
    from rag.store.generation import embed_text

    with tempfile.TemporaryDirectory(prefix="rag-ibench-") as tmp_s:
        tmp = Path(tmp_s)
        chosen = (("embedder", args.embedder), ("claim_workers", args.claim_workers))
        overrides = {k: v for k, v in chosen if v is not None}
        settings = load_settings(index_dir=tmp / "index", cache_dir=tmp / "cache", **overrides)
        if args.corpus is None:
            n_articles = max(10, round(args.chunks / CHUNKS_PER_ARTICLE))
            corpus = write_jsonl(tmp / "corpus" / "news.jsonl", n_articles)
        else:
            corpus, n_articles = args.corpus, 0
        result: dict[str, object] = {"embedder": settings.embedder, "corpus": str(args.corpus or "generated"),
                                     "claim_workers_setting": settings.claim_workers, "cpus": os.cpu_count(),
                                     "load_before": [round(x, 2) for x in os.getloadavg()]}
        export_cache = args.export_cache or Path(os.environ.get("RAG_CACHE_DIR", tmp / "exports"))
        embedder = build_embedder(settings.model_copy(update={"cache_dir": export_cache}))
        idx = Index(settings, embedder=embedder)
        files, _ = discover([corpus])
        articles = [a for a in load_files(files, 1 << 40) if isinstance(a, Article)]
        texts = [embed_text(c, a.title) for a in articles for c in idx.chunker.split(a.doc_id, a.text)]
        bare = {"torch": torch_encoder(settings.batch_size), "own": embedder.embed_documents}
        for encode in bare.values():
            encode(texts[:64])
        from rag.nlp import load_pipeline

        load_pipeline(settings.nlp_model)  # the in-process parser's load is not indexing work either
        half = len(texts) // 2
        bare_s = {k: 0.0 for k in bare}
        for k, encode in bare.items():
            t = time.perf_counter()
            encode(texts[:half])
            bare_s[k] += time.perf_counter() - t
        rss0 = peak_mb()
        t = time.perf_counter()
        report = idx.add([corpus])
        full_s = time.perf_counter() - t
        chunks = idx.stats()["chunks"]
        rss_index = peak_mb()
        for k, encode in reversed(bare.items()):
            t = time.perf_counter()
            encode(texts[half:])
            bare_s[k] += time.perf_counter() - t
        if chunks != len(texts):
            raise SystemExit(f"baseline has {len(texts)} texts but the index has {chunks} chunks")
        result["full"] = {
            "articles": len(articles), "chunks": chunks, "embedded": report.chunks_embedded,
            "claims": idx.manifest.counts.get("claims") if idx.manifest else None,
            "seconds": round(full_s, 2), "chunks_per_s": round(chunks / full_s, 1),
            "bare_torch_seconds": round(bare_s["torch"], 2), "bare_own_seconds": round(bare_s["own"], 2),
            "ratio_bare_torch_over_pipeline": round(bare_s["torch"] / full_s, 3),
            "ratio_bare_own_over_pipeline": round(bare_s["own"] / full_s, 3),
        }
        if args.claims_alone:
            t = time.perf_counter()
            parse_here([ToParse(a.doc_id, a.text) for a in articles], settings.nlp_model)
            result["full"]["claims_alone_seconds"] = round(time.perf_counter() - t, 2)  # type: ignore[index]
        if n_articles:
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
        env = dict(os.environ, RAG_CACHE_DIR=str(export_cache))
        serve = subprocess.run(
            [sys.executable, "-c", SERVE, str(tmp / "index"), str(export_cache), settings.embedder],
            capture_output=True, text=True, check=True, env=env,
        )
        served = json.loads(serve.stdout.strip().splitlines()[-1])
        per10k = 10_000 / max(chunks, 1)
        result["memory"] = {
            "peak_rss_mb_before_indexing": round(rss0, 1),
            "peak_rss_mb_indexing": round(rss_index, 1),
            "indexing_growth_mb_per_10k_chunks": round((rss_index - rss0) * per10k, 1),
            "peak_rss_mb_serving": round(served["peak_rss_mb"], 1),
            "serving_search_ms_mean": round(served["search_ms_mean"], 1),
        }
        result["load_after"] = [round(x, 2) for x in os.getloadavg()]
    full = result["full"]
    assert isinstance(full, dict)
    result["targets"] = {"indexing>=2.5x_bare_torch": full["ratio_bare_torch_over_pipeline"] >= 2.5}
    if "incremental" in result:
        result["targets"]["incremental<=5%"] = result["incremental"]["ratio_vs_full"] <= 0.05  # type: ignore
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
