"""Which int8 recipe could meet the ONNX targets: MatMuls kept in fp32 vs agreement and speed.

    python benchmarks/onnx_variants.py [--texts 200]

Exports the bundled model to fp32 ONNX once (into a temporary folder), quantises it with
``quantize_dynamic`` (MatMul weights, per channel, as the backend does) while keeping chosen
MatMuls in fp32 (``nodes_to_exclude``), and for each variant measures, in one process:
cosine to the torch vectors (generated chunk texts + the seed-eval questions), top-5 hybrid
retrieval agreement with the torch index on the seed-eval questions, and encode time of the
same texts against torch ``SentenceTransformer.encode`` (one text per ONNX run, as the backend;
median of ``--rounds`` interleaved rounds).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_gen import chunk_texts  # noqa: E402
from embedders import agreement, top5  # noqa: E402


def variants(matmuls: list[str]) -> dict[str, list[str]]:
    def pick(test: Callable[[str], bool]) -> list[str]:
        return [n for n in matmuls if test(n)]

    ffn_in = pick(lambda n: "intermediate" in n)
    ffn_out = pick(lambda n: n.endswith("/output/dense/MatMul") and "attention" not in n)
    first = pick(lambda n: "layer.0/" in n)
    return {
        "int8 all MatMuls (shipped)": [],
        "fp32 FFN output": ffn_out,
        "fp32 FFN input": ffn_in,
        "fp32 first layer": first,
        "fp32 last layer": pick(lambda n: "layer.5/" in n),
        "fp32 first two layers": pick(lambda n: "layer.0/" in n or "layer.1/" in n),
        "fp32 first + last layer": pick(lambda n: "layer.0/" in n or "layer.5/" in n),
        "fp32 first layer + FFN output": sorted(set(first + ffn_out)),
        "fp32 both FFN MatMuls": sorted(set(ffn_in + ffn_out)),
        "fp32 everything": list(matmuls),
    }


def seed_top5(embedder: Any, questions: list[str], tmp: Path, name: str) -> list[list[str]]:
    from rag.index import Index
    from rag.ingest.seeds import seeds_dir
    from rag.settings import load_settings

    settings = load_settings(index_dir=tmp / name / "i", cache_dir=tmp / name / "c", embedder="hash")
    idx = Index(settings, embedder=embedder)
    idx.add([seeds_dir()])
    out = top5(idx, questions)
    idx.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out/onnx_variants.json"))
    args = parser.parse_args()

    import onnx
    import onnxruntime as ort
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from embeddings import create_embedder
    from embeddings.onnx_backend import FP32_FILE, OnnxEmbedder, export_model
    from embeddings.sentence_transformer import bundled_model_path
    from evals.dataset import default_dataset, load_dataset

    logging.getLogger().setLevel(logging.ERROR)
    questions = [q.question for q in load_dataset(default_dataset())]
    texts = chunk_texts(args.texts) + questions
    results = []
    with tempfile.TemporaryDirectory(prefix="rag-onnxvar-") as tmp_s:
        tmp = Path(tmp_s)
        export_model(bundled_model_path(), tmp, quantize=False)
        graph = onnx.load(str(tmp / FP32_FILE)).graph
        weights = {i.name for i in graph.initializer}
        matmuls = [n.name for n in graph.node if n.op_type == "MatMul" and n.input[1] in weights]
        torch_emb = create_embedder("sentence-transformers")
        torch_emb.embed_documents(texts[:16])
        ref_top = seed_top5(torch_emb, questions, tmp, "torch")
        onnx_emb = OnnxEmbedder("bundled", 64, cache_dir=tmp / "cache")
        for i, (name, exclude) in enumerate(variants(matmuls).items()):
            path = tmp / f"v{i}.onnx"
            quantize_dynamic(str(tmp / FP32_FILE), str(path), weight_type=QuantType.QInt8,
                             op_types_to_quantize=["MatMul"], per_channel=True, nodes_to_exclude=exclude)
            opts = ort.SessionOptions()
            opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            opts.log_severity_level = 3
            onnx_emb._session = ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])
            onnx_emb.fingerprint = f"variant-{i}"
            onnx_emb.embed_documents(texts[:16])
            ratios = []
            for _ in range(args.rounds):  # interleaved, median: machine noise hits both sides
                t = time.perf_counter()
                ref = torch_emb.embed_documents(texts)
                torch_s = time.perf_counter() - t
                t = time.perf_counter()
                got = onnx_emb.embed_documents(texts)
                ratios.append(torch_s / (time.perf_counter() - t))
            cos = (ref * got).sum(1)
            agree = np.mean(agreement(ref_top, seed_top5(onnx_emb, questions, tmp, f"v{i}")))
            results.append({
                "variant": name, "fp32_matmuls": len(exclude), "of": len(matmuls),
                "cosine_mean": round(float(cos.mean()), 5), "cosine_min": round(float(cos.min()), 4),
                "top5_agreement": round(float(agree), 4), "speedup_vs_torch": round(float(np.median(ratios)), 2),
            })
            print(json.dumps(results[-1]), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    print("\n| variant | fp32 MatMuls | cosine mean / min | top-5 agreement | speed-up vs torch |")
    print("|---|---|---|---|---|")
    for r in results:
        print(f"| {r['variant']} | {r['fp32_matmuls']}/{r['of']} | {r['cosine_mean']} / {r['cosine_min']} | "
              f"{r['top5_agreement']} | {r['speedup_vs_torch']}x |")


if __name__ == "__main__":
    main()
