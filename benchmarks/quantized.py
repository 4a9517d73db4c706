"""Statically quantised int8 candidates for benchmarks/backends.py (not shipped as backends).

Both are calibrated on :func:`calibration_texts`: chunks and titles of the seed articles, of
evals/newsdesk/corpus.jsonl and of generated articles (benchmarks/corpus_gen.py). Never on eval
questions. The quantised models are kept in the given cache folder, so a second construction
measures loading only.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import numpy as np

from embeddings.exported import ExportedEmbedder
from embeddings.model_files import resolve_local_model

ROOT = Path(__file__).resolve().parents[1]


def calibration_texts(per_source: int = 120) -> list[str]:
    """Chunk-sized texts and titles the project ships or generates (no eval questions)."""
    from corpus_gen import articles as generated

    from rag.chunking import Chunker, ChunkerConfig
    from rag.ingest import load_files
    from rag.ingest.seeds import seeds_dir
    from rag.records import Article

    chunker = Chunker(ChunkerConfig(500, 100))
    seeds = [a for a in load_files(sorted(seeds_dir().glob("*.txt")), 1 << 30) if isinstance(a, Article)]
    newsdesk = [json.loads(line) for line in (ROOT / "evals" / "newsdesk" / "corpus.jsonl").read_text().splitlines()
                if line.strip()]
    sources = [
        [(a.title, a.doc_id, a.text) for a in seeds],
        [(r.get("title"), r["id"], r["text"]) for r in newsdesk],
        [(r["title"], r["id"], r["text"]) for r in generated(40)],
    ]
    out: list[str] = []
    for rows in sources:
        texts: list[str] = []
        for title, doc_id, text in rows:
            texts += [f"{title}\n{c.text}" if title else c.text for c in chunker.split(doc_id, text)]
            if title:
                texts.append(title)  # short texts too: questions are short
        out += texts[:per_source]
    return out


class OvInt8Embedder(ExportedEmbedder):
    """The OpenVINO IR quantised to int8 (weights and activations) by NNCF post-training quantisation."""

    name = "openvino-int8"

    def __init__(self, cache: Path, calibration: list[str]) -> None:
        import nncf  # not a project dependency: ImportError means "skip this candidate"
        import openvino as ov

        from embeddings.openvino_backend import MODEL_XML, OpenVINOEmbedder

        path, _ = resolve_local_model("bundled", self.name)
        super().__init__(path, 16)
        base = OpenVINOEmbedder(cache_dir=cache, progress=lambda _m: None)
        target = cache / "int8" / MODEL_XML
        core = ov.Core()
        if not target.is_file():
            logging.getLogger("nncf").setLevel(logging.ERROR)
            feeds = [feed for t in calibration for _, feed in self._batches([t])]
            quantized = nncf.quantize(core.read_model(str(base.folder / MODEL_XML)), nncf.Dataset(feeds),
                                      model_type=nncf.ModelType.TRANSFORMER, subset_size=len(feeds))
            target.parent.mkdir(parents=True, exist_ok=True)
            ov.save_model(quantized, str(target))
        self._compiled = core.compile_model(str(target), "CPU",
                                            {"PERFORMANCE_HINT": "LATENCY", "INFERENCE_NUM_THREADS": 1})
        self._request = self._compiled.create_infer_request()
        self.fingerprint = f"candidate-ov-int8-{base.fingerprint}"
        self.dim = base.dim

    def _infer(self, feed: dict[str, np.ndarray]) -> np.ndarray:
        return np.array(self._request.infer(feed)[0], dtype=np.float32, copy=True)


class OrtStaticEmbedder(ExportedEmbedder):
    """ONNX Runtime with MatMuls statically quantised (QDQ, MinMax activation ranges, per-channel weights)."""

    name = "onnx-static-int8"

    def __init__(self, cache: Path, calibration: list[str]) -> None:
        import onnxruntime as ort
        from onnxruntime.quantization import (
            CalibrationDataReader,
            CalibrationMethod,
            QuantFormat,
            QuantType,
            quantize_static,
        )
        from onnxruntime.quantization.shape_inference import quant_pre_process

        from embeddings.onnx_backend import FP32_FILE, export_model

        path, _ = resolve_local_model("bundled", self.name)
        super().__init__(path, 1)
        target = cache / "model.static-int8.onnx"
        if not target.is_file():
            cache.mkdir(parents=True, exist_ok=True)
            export_model(path, cache, quantize=False)
            quant_pre_process(str(cache / FP32_FILE), str(cache / "pre.onnx"), skip_symbolic_shape=True)
            feeds = iter([feed for t in calibration for _, feed in self._batches([t])])

            class Reader(CalibrationDataReader):
                def get_next(self) -> dict[str, Any] | None:
                    return next(feeds, None)

            logging.getLogger().setLevel(logging.ERROR)
            quantize_static(str(cache / "pre.onnx"), str(target), Reader(), quant_format=QuantFormat.QDQ,
                            op_types_to_quantize=["MatMul"], per_channel=True, activation_type=QuantType.QUInt8,
                            weight_type=QuantType.QInt8, calibrate_method=CalibrationMethod.MinMax)
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        opts.log_severity_level = 3
        self._session = ort.InferenceSession(str(target), sess_options=opts, providers=["CPUExecutionProvider"])
        self.fingerprint = "candidate-onnx-static-int8"
        self.dim = int(self._session.get_outputs()[0].shape[-1])

    def _infer(self, feed: dict[str, np.ndarray]) -> np.ndarray:
        return self._session.run(None, feed)[0]
