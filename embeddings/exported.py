"""What the exported backends (ONNX Runtime, OpenVINO) share: export cache, torch wrapper, batching.

An exported backend converts the sentence-transformers model once (transformer + mean pooling +
L2 normalisation in one graph) and keeps the result under ``<cache_dir>/models/<backend>-<key>/``.
``key`` hashes the backend, its export recipe and :func:`embeddings.model_files.stat_key` of the
model folder, so finding the export on a later start costs a few ``stat`` calls and one small JSON
read; the model files are hashed only when exporting. Later processes import neither torch nor
transformers: they tokenize with the ``tokenizers`` library and run the exported graph.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from embeddings.base import normalise
from embeddings.errors import BackendUnavailableError, ModelFilesError
from embeddings.model_files import content_fingerprint, max_seq_length, stat_key

EXPORTS_DIR = "models"
INFO_FILE = "export.json"
Progress = Callable[[str], None]


def stderr_progress(message: str) -> None:
    """Default progress sink: one line on stderr (stdout may carry JSON)."""
    print(message, file=sys.stderr, flush=True)


@dataclass(frozen=True, slots=True)
class Export:
    """An exported model in the cache: its folder, what export.json says, and whether it was made now."""

    folder: Path
    info: dict[str, Any]
    created_now: bool

    @property
    def content_fingerprint(self) -> str:
        return str(self.info["fingerprint"])


def find_or_export(
    cache_dir: Path,
    backend: str,
    recipe: str,
    model_path: Path,
    model_name: str,
    files: Sequence[str],
    write: Callable[[Path], None],
    progress: Progress | None = None,
) -> Export:
    """The cached export of ``model_path`` for ``backend``/``recipe``; made by ``write(folder)`` if missing.

    ``files`` are the files ``write`` creates; an export missing any of them is made again. The
    export is written into a temporary sibling folder and renamed into place, so an interrupted
    export leaves nothing that looks finished, and two processes exporting at once both succeed.
    """
    key = hashlib.sha256(f"{backend}|{recipe}|{stat_key(model_path, model_name)}".encode()).hexdigest()[:16]
    folder = Path(cache_dir).expanduser() / EXPORTS_DIR / f"{backend}-{key}"
    found = _read_info(folder, files)
    if found is not None:
        return Export(folder, found, False)
    say = progress or stderr_progress
    say(f"Exporting the embedding model for the {backend} backend (once; about 20-60 s) into {folder} ...")
    started = time.perf_counter()
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        write(tmp)
        info: dict[str, Any] | None = {
            "backend": backend, "recipe": recipe, "model": model_name, "model_path": str(model_path),
            "fingerprint": content_fingerprint(model_path, model_name),
            "created_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        }
        (tmp / INFO_FILE).write_text(json.dumps(info, indent=1))
        if folder.exists() and _read_info(folder, files) is None:
            shutil.rmtree(folder, ignore_errors=True)  # a damaged earlier export
        try:
            os.rename(tmp, folder)
        except OSError:
            if _read_info(folder, files) is None:  # not "another process finished first"
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    say(f"Exported in {time.perf_counter() - started:.0f} s; later runs load it from the cache.")
    info = _read_info(folder, files)
    if info is None:
        raise ModelFilesError(f"the exported model in {folder} is incomplete: delete that folder and retry")
    return Export(folder, info, True)


def _read_info(folder: Path, files: Sequence[str]) -> dict[str, Any] | None:
    try:
        info = json.loads((folder / INFO_FILE).read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(info, dict) or "fingerprint" not in info:
        return None
    if not all((folder / f).is_file() for f in files):
        return None
    return info


def require_torch_for_export(backend: str) -> None:
    """Exporting runs the model once in torch; say so in one line when it is not installed."""
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError:
        raise BackendUnavailableError(
            f"exporting the model for the {backend!r} embedder needs torch and transformers "
            "(installed with newsrag); reinstall newsrag"
        ) from None


def pooled_model(path: Path) -> tuple[Any, tuple[Any, Any, Any]]:
    """``path``'s model as (input_ids, attention_mask, token_type_ids) -> unit vectors, plus example inputs."""
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()  # config notices ("loss_type=None ...") would interleave with our progress line

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

    # eager attention traces to plain MatMul/Softmax ops, which quantise and fuse well (and
    # measured as fast as SDPA under OpenVINO)
    model = AutoModel.from_pretrained(str(path), local_files_only=True, attn_implementation="eager")
    model.eval()
    example = (
        torch.ones((2, 16), dtype=torch.long),
        torch.ones((2, 16), dtype=torch.long),
        torch.zeros((2, 16), dtype=torch.long),
    )
    return Pooled(model).eval(), example


class ExportedEmbedder:
    """Tokenize with ``tokenizers``, run an exported graph in length-sorted batches, normalise.

    Subclasses set ``name``, ``dim``, ``fingerprint`` and implement :meth:`_infer`.
    """

    name = "exported"
    dim: int
    fingerprint: str

    def __init__(self, model_path: Path, batch_size: int, rows_per_run: int | None = None) -> None:
        from tokenizers import Tokenizer

        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        self.batch_size = batch_size
        self.rows_per_run = rows_per_run or batch_size
        try:
            self._tokenizer = Tokenizer.from_file(str(model_path / "tokenizer.json"))
        except Exception as exc:
            raise ModelFilesError(f"cannot read the tokenizer of {model_path} ({type(exc).__name__})") from None
        self._tokenizer.enable_truncation(max_length=max_seq_length(model_path))
        self._tokenizer.no_padding()

    def _infer(self, feed: dict[str, np.ndarray]) -> np.ndarray:
        raise NotImplementedError

    def _batches(self, texts: list[str]) -> Iterator[tuple[np.ndarray, dict[str, np.ndarray]]]:
        # Longest first and padded per batch, as sentence-transformers does: similar lengths
        # share a batch, so padding stays small.
        order = np.argsort([-len(t) for t in texts], kind="stable")
        for i in range(0, len(texts), self.rows_per_run):
            idx = order[i : i + self.rows_per_run]
            encs = self._tokenizer.encode_batch([texts[j] for j in idx])
            width = max(len(e.ids) for e in encs)
            ids = np.zeros((len(encs), width), dtype=np.int64)
            mask = np.zeros((len(encs), width), dtype=np.int64)
            types = np.zeros((len(encs), width), dtype=np.int64)
            for row, e in enumerate(encs):
                n = len(e.ids)
                ids[row, :n] = e.ids
                mask[row, :n] = 1
                types[row, :n] = e.type_ids
            yield idx, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of ``texts`` (float32, one row per text, in order)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        texts = list(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for idx, feed in self._batches(texts):
            out[idx] = self._infer(feed)
        return normalise(out)

    def embed_query(self, text: str) -> np.ndarray:
        """The unit vector of one query."""
        return self.embed_documents([text])[0]
