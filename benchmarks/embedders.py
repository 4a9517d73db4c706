"""Embedding backends: ONNX Runtime (int8) vs bare torch ``SentenceTransformer.encode``, same process.

    python benchmarks/embedders.py [--texts 1000] [--rounds 3] [--out benchmarks/out/embedders.json]

1. Throughput (texts/s) on the same generated chunk texts, rounds interleaved (torch, onnx, torch,
   ...) so machine noise hits both; the ratio is the median of per-round ratios.
2. Cosine between ONNX and torch vectors on those texts.
3. Seed eval (``evals.runner.run_eval`` on the bundled seeds) with each backend: metric deltas
   and top-5 retrieval agreement (share of the torch top-5 chunks the ONNX index also returns).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_gen import chunk_texts  # noqa: E402


def throughput(texts: list[str], rounds: int, batch_size: int) -> dict[str, object]:
    from sentence_transformers import SentenceTransformer

    from embeddings.onnx_backend import OnnxEmbedder
    from embeddings.sentence_transformer import bundled_model_path

    t0 = time.perf_counter()
    onnx = OnnxEmbedder("bundled", batch_size)
    onnx_load = time.perf_counter() - t0
    st = SentenceTransformer(str(bundled_model_path()), device="cpu")
    st.encode(texts[:64], batch_size=batch_size)  # warm both
    onnx.embed_documents(texts[:64])
    torch_s, onnx_s, ratios = [], [], []
    ref = got = None
    for _ in range(rounds):
        t = time.perf_counter()
        ref = st.encode(texts, batch_size=batch_size, convert_to_numpy=True, normalize_embeddings=True)
        a = time.perf_counter() - t
        t = time.perf_counter()
        got = onnx.embed_documents(texts)
        b = time.perf_counter() - t
        torch_s.append(a)
        onnx_s.append(b)
        ratios.append(a / b)
    assert ref is not None and got is not None
    cos = (np.asarray(ref) * got).sum(1)
    return {
        "texts": len(texts),
        "mean_chars": round(sum(map(len, texts)) / len(texts)),
        "batch_size": batch_size,
        "torch_texts_per_s": round(len(texts) / statistics.median(torch_s), 1),
        "onnx_texts_per_s": round(len(texts) / statistics.median(onnx_s), 1),
        "speedup_median": round(statistics.median(ratios), 3),
        "speedup_rounds": [round(r, 3) for r in ratios],
        "cosine_min": round(float(cos.min()), 4),
        "cosine_mean": round(float(cos.mean()), 4),
        "onnx_load_or_export_s": round(onnx_load, 2),
        "onnx_exported_now": onnx.exported_now,
    }


def top5(idx: Any, questions: list[str]) -> list[list[str]]:
    """The chunk ids of the hybrid top 5 for each question."""
    return [[h.chunk.id for h in idx.search(q, 5)] for q in questions]


def agreement(reference: list[list[str]], other: list[list[str]]) -> list[float]:
    """Per question: the share of the reference top-5 chunks that ``other`` also returns."""
    return [len(set(a) & set(b)) / max(len(a), 1) for a, b in zip(reference, other, strict=True)]


def seed_eval() -> dict[str, object]:
    from evals.dataset import default_dataset, load_dataset
    from evals.runner import run_eval
    from rag.index import Index
    from rag.ingest.seeds import seeds_dir
    from rag.settings import load_settings

    dataset = default_dataset()
    questions = [q.question for q in load_dataset(dataset)]
    runs, tops = {}, {}
    with tempfile.TemporaryDirectory(prefix="rag-bench-") as tmp:
        for name in ("sentence-transformers", "onnx"):
            settings = load_settings(
                index_dir=Path(tmp) / name / "index", cache_dir=Path(tmp) / name / "cache", embedder=name
            )
            idx = Index(settings)
            idx.add([seeds_dir()])
            runs[name] = run_eval(idx, dataset)
            tops[name] = top5(idx, questions)
            idx.close()
    agreed = agreement(tops["sentence-transformers"], tops["onnx"])
    base, new = runs["sentence-transformers"]["metrics"], runs["onnx"]["metrics"]
    deltas = {
        k: round(float(new[k]) - float(base[k]), 4)
        for k in base
        if isinstance(base.get(k), int | float) and isinstance(new.get(k), int | float) and "latency" not in k
    }
    return {
        "questions": len(questions),
        "top5_agreement": round(float(np.mean(agreed)), 4),
        "top5_identical_share": round(float(np.mean([a == 1.0 for a in agreed])), 4),
        "metrics_torch": base,
        "metrics_onnx": new,
        "metric_deltas": deltas,
        "max_abs_metric_delta": max((abs(v) for v in deltas.values()), default=0.0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--skip-eval", action="store_true")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out/embedders.json"))
    args = parser.parse_args()
    texts = chunk_texts(args.texts)
    result: dict[str, object] = {"throughput": throughput(texts, args.rounds, args.batch_size)}
    if not args.skip_eval:
        result["seed_eval"] = seed_eval()
    tp = result["throughput"]
    ev = result.get("seed_eval", {})
    assert isinstance(tp, dict) and isinstance(ev, dict)
    result["targets"] = {
        "speedup>=2": tp["speedup_median"] >= 2.0,
        "metrics_within_0.02": ev.get("max_abs_metric_delta", 1.0) <= 0.02 if ev else None,
        "agreement>=0.95": ev.get("top5_agreement", 0.0) >= 0.95 if ev else None,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    print(f"\n| backend | texts/s |\n|---|---|\n| torch encode | {tp['torch_texts_per_s']} |"
          f"\n| onnx int8 | {tp['onnx_texts_per_s']} |\nspeedup x{tp['speedup_median']}, cosine min {tp['cosine_min']}")
    if ev:
        print(f"top-5 agreement {ev['top5_agreement']}, max |metric delta| {ev['max_abs_metric_delta']}")


if __name__ == "__main__":
    main()
