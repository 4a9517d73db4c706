"""BM25 over chunk texts with bm25s, saved as numpy arrays and JSON (no pickle)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from rag.errors import IndexCorruptError

_STOPWORDS = "en"


def _tokenize(texts: list[str]) -> object:
    import bm25s

    return bm25s.tokenize(texts, stopwords=_STOPWORDS, show_progress=False)


class BM25Store:
    """BM25 index plus the chunk key of every indexed row."""

    def __init__(self, keys: np.ndarray, model: object | None) -> None:
        self.keys = np.asarray(keys, dtype=np.int64)
        self._model = model
        self._row_of = {int(k): i for i, k in enumerate(self.keys)}

    @classmethod
    def build(cls, keys: list[int], texts: list[str]) -> BM25Store:
        import bm25s

        if not texts:
            return cls(np.zeros(0, dtype=np.int64), None)
        model = bm25s.BM25()
        model.index(_tokenize(texts), show_progress=False)
        return cls(np.asarray(keys, dtype=np.int64), model)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        np.save(folder / "keys.npy", self.keys, allow_pickle=False)
        (folder / "info.json").write_text(json.dumps({"rows": int(len(self.keys))}))
        if self._model is not None:
            self._model.save(str(folder / "bm25"), allow_pickle=False)  # type: ignore[attr-defined]

    @classmethod
    def load(cls, folder: Path) -> BM25Store:
        import bm25s

        try:
            keys = np.load(folder / "keys.npy", allow_pickle=False)
            model = None
            if len(keys):
                model = bm25s.BM25.load(str(folder / "bm25"), allow_pickle=False, load_corpus=False)
        except Exception as exc:
            raise IndexCorruptError(
                f"BM25 index in {folder} cannot be read ({type(exc).__name__}): run `rag index --rebuild`"
            ) from None
        return cls(keys, model)

    def search(self, query: str, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Top chunk keys and BM25 scores; rows outside ``allowed`` are masked out."""
        if self._model is None or k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        tokens = _tokenize([query])
        if not any(len(t) for t in tokens.ids):  # type: ignore[attr-defined]
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        mask = None
        if allowed is not None:
            mask = np.zeros(len(self.keys), dtype=np.float32)
            rows = [self._row_of[int(a)] for a in allowed if int(a) in self._row_of]
            if not rows:
                return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
            mask[rows] = 1.0
        k = min(k, len(self.keys))
        results, scores = self._model.retrieve(  # type: ignore[attr-defined]
            tokens, k=k, weight_mask=mask, show_progress=False, n_threads=1
        )
        rows_out, scores_out = results[0], scores[0]
        keep = scores_out > 0
        return self.keys[rows_out[keep]], scores_out[keep].astype(np.float32)
