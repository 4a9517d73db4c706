"""OpenVINO backend (the default): the model converted once to OpenVINO IR, run on the CPU.

The first use converts the sentence-transformers model (transformer + mean pooling + L2
normalisation) with ``openvino.convert_model`` from torch and saves the IR (fp32 weights) in the
export cache (:mod:`embeddings.exported`). Later processes load the IR with openvino and tokenize
with ``tokenizers``: no torch, no transformers.

Precision: ``"auto"`` leaves the choice to OpenVINO, which runs bf16 on CPUs with AMX (and fp32
elsewhere); ``"fp32"`` forces fp32. Both use the same fp32 weights and the vectors agree to a
cosine of 0.99999 (docs/performance.md), well inside the differences between CPUs that the torch
backend shows too, so the precision is not part of the fingerprint: an index built on one CPU
stays usable on another.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Any

import numpy as np

from embeddings.errors import BackendUnavailableError
from embeddings.exported import ExportedEmbedder, Progress, find_or_export, pooled_model, require_torch_for_export
from embeddings.model_files import check_mean_pooling, default_cache_dir, resolve_local_model

EXPORT_VERSION = "openvino-export-v1"  # bump when the conversion changes
MODEL_XML = "model.xml"
MODEL_BIN = "model.bin"
PRECISIONS = ("auto", "fp32")
ROWS_PER_RUN = 16
COMPILED_DIR = "compiled"  # OpenVINO's model cache, inside the export folder


def _require_openvino() -> Any:
    try:
        import openvino
    except ImportError:
        raise BackendUnavailableError(
            "the 'openvino' embedder needs openvino: run `pip install openvino` "
            "(or choose the 'sentence-transformers' embedder)"
        ) from None
    return openvino


def export_model(path: Path, target: Path) -> None:
    """Convert ``path`` (a sentence-transformers folder) to ``target``/model.xml + model.bin."""
    import warnings

    import openvino as ov
    import torch

    wrapper, example = pooled_model(path)
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer warnings about Python booleans are expected here
        converted = ov.convert_model(wrapper, example_input=example)
    # fp32 weights on disk: whether to compute in bf16 is decided per CPU when the model is compiled
    ov.save_model(converted, str(target / MODEL_XML), compress_to_fp16=False)


def _compile(core: Any, folder: Path, config: dict[str, Any]) -> Any:
    """The compiled model, through OpenVINO's model cache in ``folder``/compiled.

    Compiling transforms the graph for this CPU (~0.25 s of every start); the cache keeps the
    result (``OPTIMIZE_SIZE``: a few hundred KB that refer to the weights in model.bin), so later
    processes import it instead. The vectors are the same either way (tests/embeddings). If the
    cache cannot be used (a read-only folder, say), the model is compiled as before.
    """
    xml = str(folder / MODEL_XML)
    try:
        return core.compile_model(xml, "CPU", {**config, "CACHE_DIR": str(folder / COMPILED_DIR),
                                               "CACHE_MODE": "OPTIMIZE_SIZE"})
    except RuntimeError:
        return core.compile_model(xml, "CPU", config)


class OpenVINOEmbedder(ExportedEmbedder):
    """Embeds with OpenVINO on the CPU (bf16 where the CPU has AMX, else fp32)."""

    name = "openvino"

    def __init__(
        self,
        model: str = "bundled",
        batch_size: int = 64,
        cache_dir: Path | None = None,
        precision: str = "auto",
        threads: int | None = None,
        progress: Progress | None = None,
    ) -> None:
        ov = _require_openvino()
        if precision not in PRECISIONS:
            raise ValueError(f"precision must be one of {PRECISIONS}, got {precision!r}")
        path, self.model_name = resolve_local_model(model, self.name)
        check_mean_pooling(path, self.name)
        # 16 rows per inference: measured faster than 64 (padding grows with the batch) and than 1
        super().__init__(path, batch_size, rows_per_run=min(batch_size, ROWS_PER_RUN))
        export = find_or_export(
            cache_dir or default_cache_dir(), self.name, EXPORT_VERSION, path, self.model_name,
            [MODEL_XML, MODEL_BIN], lambda target: self._export(path, target), progress,
        )
        self.folder, self.exported_now = export.folder, export.created_now
        self.fingerprint = hashlib.sha256(f"{export.content_fingerprint}|{EXPORT_VERSION}".encode()).hexdigest()[:16]
        config: dict[str, Any] = {"PERFORMANCE_HINT": "LATENCY"}
        if precision == "fp32":
            config["INFERENCE_PRECISION_HINT"] = "f32"
        if threads:
            config["INFERENCE_NUM_THREADS"] = threads
            # A thread count that leaves cores to others (claim workers, another encoder) must not pin its
            # threads: the runtime pins each process's first thread to the same core, so two one-thread
            # encoders shared one core while the other idled (measured: docs/performance.md)
            config["ENABLE_CPU_PINNING"] = False
        self._compiled = _compile(ov.Core(), self.folder, config)
        self.precision = self._compiled.get_property("INFERENCE_PRECISION_HINT").get_type_name()  # "bf16"/"f32"
        self.threads = int(self._compiled.get_property("INFERENCE_NUM_THREADS"))  # what the runtime chose for 0
        self._request = self._compiled.create_infer_request()
        self._lock = threading.Lock()  # one infer request, shared: OpenVINO uses every core per request
        self.dim = int(self._compiled.outputs[0].get_partial_shape()[-1].get_length())

    @staticmethod
    def _export(path: Path, target: Path) -> None:
        require_torch_for_export("openvino")
        export_model(path, target)

    def _infer(self, feed: dict[str, np.ndarray]) -> np.ndarray:
        with self._lock:
            result = self._request.infer(feed)
            return np.array(result[0], dtype=np.float32, copy=True)  # the request reuses its buffer
