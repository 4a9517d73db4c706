"""Embedding backend candidates vs torch: speed, export time, answers on every eval set, retrieval agreement.

    python benchmarks/backends.py [--candidates openvino openvino-fp32 onnx openvino-int8 onnx-static-int8]
                                  [--datasets seed:test multihop rgb newsdesk] [--texts 400] [--rounds 3]
                                  [--agreement-only] [--claims-cache DIR]

Candidates (``sentence-transformers``, i.e. torch, is always measured as the reference):

* ``openvino`` (shipped, the default): the model converted to OpenVINO IR; precision ``auto``
  (bf16 on CPUs with AMX, else fp32); 1 thread (the ``embed_threads`` default).
* ``openvino-fp32``: the same IR with fp32 forced.
* ``onnx`` (shipped, opt-in): ONNX Runtime with int8 MatMul weights (dynamic quantisation).
* ``openvino-int8`` (not shipped): the IR statically quantised to int8 by NNCF; needs
  ``pip install nncf``; skipped without it.
* ``onnx-static-int8`` (not shipped): ``onnxruntime.quantization.quantize_static`` (QDQ, MinMax).

Static quantisation is calibrated on text the project ships or generates: the seed articles,
evals/newsdesk/corpus.jsonl and benchmarks/corpus_gen.py articles (chunks and titles), never on
eval questions.

For each candidate, in one process and with the same code:

1. export time: for shipped backends, the wall time of a fresh process that builds the embedder
   in an empty cache folder and encodes one query (first use: includes the export), then of a
   second such process (later use: loads the export); for the others, the first and second
   construction in this process;
2. throughput ratio to torch ``SentenceTransformer.encode`` (2 threads) on ``--texts`` generated
   chunk texts: rounds interleaved, median of the per-round ratios; also the CPU-time ratio
   (process CPU seconds), which the load of other jobs on the machine disturbs less;
3. answer metrics on each dataset (``evals.runner.run_eval`` on an index of the dataset's corpus
   built with the candidate) and their differences to torch's;
4. top-10 agreement with torch on multihop's 326 articles: the share of torch's top-10 chunks the
   candidate also returns, for the 250 questions, dense only (exact cosine search) and hybrid
   (``Index.search``).

Cold start and peak RSS of `rag ask` per shipped backend: ``benchmarks/cold_start.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_gen import chunk_texts  # noqa: E402
from quantized import OrtStaticEmbedder, OvInt8Embedder, calibration_texts  # noqa: E402

SHIPPED = {
    "openvino": ("openvino", {}),
    "openvino-fp32": ("openvino", {"precision": "fp32"}),
    "onnx": ("onnx", {}),
}


def build(name: str, cache: Path) -> tuple[Any, float]:
    """The candidate embedder and the seconds its construction took."""
    from embeddings import create_embedder

    t = time.perf_counter()
    if name == "sentence-transformers":
        emb = create_embedder(name)
    elif name in SHIPPED:
        backend, options = SHIPPED[name]
        emb = create_embedder(backend, cache_dir=cache, threads=1, progress=lambda _m: None, **options)
    elif name == "openvino-int8":
        emb = OvInt8Embedder(cache, calibration_texts())
    elif name == "onnx-static-int8":
        emb = OrtStaticEmbedder(cache, calibration_texts())
    else:
        raise SystemExit(f"unknown candidate {name!r}")
    return emb, time.perf_counter() - t


FIRST_USE = """
import sys, json
from pathlib import Path
from embeddings import create_embedder
e = create_embedder(sys.argv[1], cache_dir=Path(sys.argv[2]), progress=lambda _m: None, **json.loads(sys.argv[3]))
e.embed_query("warm up")
"""


def process_seconds(backend: str, options: dict[str, Any], cache: Path) -> float:
    """Wall time of a fresh Python process that builds the embedder and encodes one query."""
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", FIRST_USE, backend, str(cache), json.dumps(options)], check=True,
                   capture_output=True)
    return time.perf_counter() - t


def throughput(embs: dict[str, Any], texts: list[str], rounds: int) -> dict[str, dict[str, float]]:
    """Per candidate: texts/s and wall / CPU-time ratios to torch, interleaved rounds."""
    for e in embs.values():
        e.embed_documents(texts[:32])
    wall: dict[str, list[float]] = {k: [] for k in embs}
    cpu: dict[str, list[float]] = {k: [] for k in embs}
    for _ in range(rounds):
        for k, e in embs.items():
            c, t = time.process_time(), time.perf_counter()
            e.embed_documents(texts)
            wall[k].append(time.perf_counter() - t)
            cpu[k].append(time.process_time() - c)
    ref = "sentence-transformers"
    out = {}
    for k in embs:
        out[k] = {
            "texts_per_s": round(len(texts) / statistics.median(wall[k]), 1),
            "speedup_wall": round(statistics.median([a / b for a, b in zip(wall[ref], wall[k], strict=True)]), 2),
            "speedup_cpu": round(statistics.median([a / b for a, b in zip(cpu[ref], cpu[k], strict=True)]), 2),
            "wall_rounds_s": [round(x, 2) for x in wall[k]],
        }
    return out


def build_index(emb: Any, name: str, root: Path, claims_cache: Path) -> Any:
    """An index of dataset ``name``'s corpus built with ``emb`` (claims cached in ``claims_cache``)."""
    from evals.dataset import resolve_dataset
    from rag.index import Index
    from rag.settings import load_settings

    settings = load_settings(index_dir=root / "index", cache_dir=claims_cache)
    idx = Index(settings, embedder=emb)
    idx.add(list(resolve_dataset(name).corpus))
    return idx


def evaluate(emb: Any, dataset: str, root: Path, claims_cache: Path) -> tuple[dict[str, Any], Any]:
    """run_eval on ``dataset`` ("name" or "name:split") with ``emb``; returns (metrics, open index)."""
    from evals.dataset import resolve_dataset
    from evals.runner import run_eval

    name, _, split = dataset.partition(":")
    idx = build_index(emb, name, root, claims_cache)
    run = run_eval(idx, resolve_dataset(name), split=split or None, baselines=False)
    return {"n": run["n"], **{k: v for k, v in run["metrics"].items() if "latency" not in k}}, idx


def agreement(idx: Any, ref_idx: Any, emb: Any, ref_emb: Any, questions: list[str]) -> dict[str, float]:
    """Share of torch's top-10 chunks the candidate also returns: dense-only and hybrid."""
    from rag.store.generation import embed_text

    chunks = [(c, a.title) for a in ref_idx.documents() for c in ref_idx.chunks(a.doc_id)]
    texts = [embed_text(c, t) for c, t in chunks]
    ids = np.array([c.id for c, _ in chunks])

    def dense(e: Any) -> list[set[str]]:
        docs = e.embed_documents(texts)
        qs = np.stack([e.embed_query(q) for q in questions])
        return [set(ids[np.argsort(-row, kind="stable")[:10]]) for row in qs @ docs.T]

    d_ref, d_got = dense(ref_emb), dense(emb)
    h_ref = [{h.chunk.id for h in ref_idx.search(q, 10)} for q in questions]
    h_got = [{h.chunk.id for h in idx.search(q, 10)} for q in questions]
    share = [len(a & b) / max(len(a), 1) for a, b in zip(d_ref, d_got, strict=True)]
    hshare = [len(a & b) / max(len(a), 1) for a, b in zip(h_ref, h_got, strict=True)]
    return {"chunks": len(texts), "questions": len(questions),
            "dense_top10": round(float(np.mean(share)), 4), "hybrid_top10": round(float(np.mean(hshare)), 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", nargs="+",
                        default=["openvino", "openvino-fp32", "onnx", "openvino-int8", "onnx-static-int8"])
    parser.add_argument("--datasets", nargs="+", default=["seed:test", "multihop", "rgb", "newsdesk"])
    parser.add_argument("--texts", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-eval", action="store_true")
    parser.add_argument("--agreement-only", action="store_true",
                        help="instead of the eval runs: only the top-10 agreement on multihop (indexes built, "
                        "no questions answered)")
    parser.add_argument("--claims-cache", type=Path, default=None,
                        help="cache folder for the eval indexes (claims parse once; e.g. the one eval_report.py used)")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out/backends.json"))
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from evals.dataset import load_dataset, resolve_dataset

    result: dict[str, Any] = {"load_before": [round(x, 2) for x in os.getloadavg()], "candidates": {}}
    with tempfile.TemporaryDirectory(prefix="rag-backends-") as tmp_s:
        tmp = Path(tmp_s)
        embs: dict[str, Any] = {}
        for name in ["sentence-transformers", *args.candidates]:
            try:
                emb, export_s = build(name, tmp / "exports" / name)
            except ImportError as exc:
                result["candidates"][name] = {"skipped": f"{type(exc).__name__}: {exc}"}
                continue
            _, load_s = build(name, tmp / "exports" / name) if name != "sentence-transformers" else (None, 0.0)
            embs[name] = emb
            entry: dict[str, Any] = {"export_s_in_process": round(export_s, 1), "load_s_in_process": round(load_s, 2),
                                     "fingerprint": emb.fingerprint}
            if name in SHIPPED or name == "sentence-transformers":
                # whole processes: the first use in an empty cache (exports), then a later one (loads)
                backend, options = SHIPPED.get(name, (name, {}))
                fresh = tmp / "fresh" / name
                entry["first_use_process_s"] = round(process_seconds(backend, options, fresh), 1)
                entry["later_use_process_s"] = round(process_seconds(backend, options, fresh), 1)
            result["candidates"][name] = entry
            print(json.dumps({name: result["candidates"][name]}), flush=True)
        speed = throughput(embs, chunk_texts(args.texts), args.rounds)
        for name, figures in speed.items():
            result["candidates"][name]["throughput"] = figures
        print(json.dumps({"throughput": speed}), flush=True)
        claims_cache = args.claims_cache or tmp / "claims"  # shared: claims do not depend on the embedder
        questions = [q.question for q in load_dataset(resolve_dataset("multihop").questions)]
        if args.agreement_only:
            ref_idx = build_index(embs["sentence-transformers"], "multihop", tmp / "torch" / "multihop", claims_cache)
            for name, emb in embs.items():
                if name != "sentence-transformers":
                    idx = build_index(emb, "multihop", tmp / name / "multihop", claims_cache)
                    result["candidates"][name]["agreement_multihop"] = agreement(
                        idx, ref_idx, emb, embs["sentence-transformers"], questions)
                    idx.close()
                    print(json.dumps({name: result["candidates"][name]["agreement_multihop"]}), flush=True)
            ref_idx.close()
        elif not args.skip_eval:
            for ds in args.datasets:
                ref_metrics, ref_idx = evaluate(embs["sentence-transformers"], ds, tmp / "torch" / ds, claims_cache)
                result["candidates"]["sentence-transformers"].setdefault("metrics", {})[ds] = ref_metrics
                for name, emb in embs.items():
                    if name == "sentence-transformers":
                        continue
                    metrics, idx = evaluate(emb, ds, tmp / name / ds, claims_cache)
                    deltas = {k: round(float(v) - float(ref_metrics[k]), 4) for k, v in metrics.items()
                              if isinstance(v, int | float) and isinstance(ref_metrics.get(k), int | float)}
                    entry = result["candidates"][name]
                    entry.setdefault("metrics", {})[ds] = metrics
                    entry.setdefault("deltas", {})[ds] = deltas
                    entry.setdefault("max_abs_delta", {})[ds] = max((abs(v) for v in deltas.values()), default=0.0)
                    if ds.partition(":")[0] == "multihop":
                        entry["agreement_multihop"] = agreement(
                            idx, ref_idx, emb, embs["sentence-transformers"], questions)
                    idx.close()
                    print(json.dumps({name: {ds: entry["max_abs_delta"][ds],
                                             "agreement": entry.get("agreement_multihop")}}), flush=True)
                ref_idx.close()
    result["load_after"] = [round(x, 2) for x in os.getloadavg()]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    print_table(result, args.datasets)


def print_table(result: dict[str, Any], datasets: list[str]) -> None:
    print("\n| candidate | speed-up wall / CPU | first use s | later use s | " + " | ".join(
        f"max abs delta {d}" for d in datasets) + " | top-10 dense / hybrid |")
    print("|---" * (5 + len(datasets)) + "|")
    for name, c in result["candidates"].items():
        if "skipped" in c:
            print(f"| {name} | skipped: {c['skipped']} |")
            continue
        t = c.get("throughput", {})
        ag = c.get("agreement_multihop", {})
        deltas = " | ".join(str(c.get("max_abs_delta", {}).get(d, "-")) for d in datasets)
        first = c.get("first_use_process_s", c["export_s_in_process"])
        later = c.get("later_use_process_s", c["load_s_in_process"])
        print(f"| {name} | {t.get('speedup_wall')} / {t.get('speedup_cpu')} | {first} | {later} | "
              f"{deltas} | {ag.get('dense_top10', '-')} / {ag.get('hybrid_top10', '-')} |")


if __name__ == "__main__":
    main()
