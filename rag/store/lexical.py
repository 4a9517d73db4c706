"""BM25 over chunk texts with bm25s, in segments, saved as numpy arrays and JSON (no pickle).

bm25s has no incremental update: its index is a sparse matrix of precomputed scores that bakes
in every term's IDF. Rebuilding it on every write costs ~90 s at 1M chunks, so an index is a
large *base* segment plus, after small writes, a small *delta* segment and a list of base rows
that were removed since (tombstones, masked out of every search):

* A write that touches at most ``DELTA_MAX_SHARE`` of the base keeps the base files as they are
  (hard links into the new generation) and rebuilds only the delta: its cost follows the size of
  the change, not of the index.
* The delta is scored with the collection-wide statistics (document count, document frequency
  of each term and average length over base + delta), through bm25s's documented extension point
  ``BM25.build_index_from_ids``, so its scores compare with the base's. The base keeps the IDFs
  of its own build; the drift is bounded by ``DELTA_MAX_SHARE``.
* A larger write, or any write to a small index (a full build is cheap there), rebuilds one base.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rag.errors import IndexCorruptError

_STOPWORDS = "en"
DELTA_MAX_SHARE = 0.10
DELTA_MIN_BASE_ROWS = 20_000
_EMPTY = np.zeros(0, dtype=np.int64)


def _tokenize(texts: list[str]) -> Any:
    import bm25s

    return bm25s.tokenize(texts, stopwords=_STOPWORDS, show_progress=False)


def terms(text: str) -> list[str]:
    """The words of ``text`` that BM25 indexes and searches for (bm25s's tokenizer and English stop
    words): what "the index knows this word" means, for every store."""
    import bm25s

    return list(bm25s.tokenize([text], stopwords=_STOPWORDS, show_progress=False, return_ids=False)[0])


def _token_count(tokenized: Any) -> int:
    return int(sum(len(ids) for ids in tokenized.ids))


def _global_stats_bm25(base: _Segment, segment_docs: int, segment_tokens: int, vocab: dict[str, int]) -> Any:
    """A bm25s model whose IDF and average length count ``base``'s documents as well."""
    import bm25s
    from bm25s import scoring

    base_df: dict[int, int] = {}
    if base.model is not None:
        df = np.diff(np.asarray(base.model.scores["indptr"]))
        base_vocab = base.model.vocab_dict
        base_df = {tid: int(df[base_vocab[tok]]) for tok, tid in vocab.items() if tok in base_vocab}
    n_docs = len(base.keys) + segment_docs
    avg_len = (base.tokens + segment_tokens) / max(n_docs, 1)

    class GlobalStatsBM25(bm25s.BM25):  # type: ignore[misc]
        def build_index_from_ids(
            self, unique_token_ids: list[int], corpus_token_ids: list[list[int]], **_: Any
        ) -> dict[str, Any]:
            import scipy.sparse as sp

            self.nonoccurrence_array = None  # only BM25L/BM25+ use it; this is bm25s's default "lucene"
            own_df = scoring._calculate_doc_freqs(corpus_token_ids, unique_token_ids, show_progress=False)
            all_df = {t: d + base_df.get(t, 0) for t, d in own_df.items()}
            idf = scoring._build_idf_array(all_df, n_docs, scoring._select_idf_scorer(self.idf_method), self.dtype)
            data, rows, cols = scoring._build_scores_and_indices_for_matrix(
                corpus_token_ids=corpus_token_ids, idf_array=idf, avg_doc_len=avg_len, doc_frequencies=own_df,
                k1=self.k1, b=self.b, delta=self.delta, nonoccurrence_array=None, method=self.method,
                dtype=self.dtype, int_dtype=self.int_dtype, show_progress=False,
            )
            shape = (len(corpus_token_ids), len(unique_token_ids))
            matrix = sp.csc_matrix((data, (rows, cols)), shape=shape, dtype=self.dtype)
            return {"data": matrix.data, "indices": matrix.indices, "indptr": matrix.indptr,
                    "num_docs": len(corpus_token_ids)}

    return GlobalStatsBM25()


@dataclass(slots=True)
class _Segment:
    keys: np.ndarray  # sorted chunk keys, one per row
    model: Any | None
    tokens: int  # total token count of its documents, for the average length

    @classmethod
    def build(cls, keys: Sequence[int], texts: list[str], base: _Segment | None = None) -> _Segment:
        import bm25s

        if not texts:
            return cls(_EMPTY, None, 0)
        order = np.argsort(np.asarray(keys, dtype=np.int64), kind="stable")
        keys_sorted = np.asarray(keys, dtype=np.int64)[order]
        tokenized = _tokenize([texts[i] for i in order])
        tokens = _token_count(tokenized)
        if base is None:
            model = bm25s.BM25()
        else:
            model = _global_stats_bm25(base, len(texts), tokens, tokenized.vocab)
        model.index(tokenized, show_progress=False)
        return cls(keys_sorted, model, tokens)

    def rows_of(self, keys: np.ndarray) -> np.ndarray:
        """Rows of those ``keys`` that this segment holds."""
        rows = np.searchsorted(self.keys, keys)
        ok = rows < len(self.keys)
        rows, keys = rows[ok], keys[ok]
        return rows[self.keys[rows] == keys]

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        np.save(folder / "keys.npy", self.keys, allow_pickle=False)
        if self.model is not None:
            self.model.save(str(folder / "bm25"), allow_pickle=False)

    @classmethod
    def load(cls, folder: Path, tokens: int, mmap: bool) -> _Segment:
        import bm25s

        keys = np.load(folder / "keys.npy", allow_pickle=False)
        model = None
        if len(keys):
            model = bm25s.BM25.load(str(folder / "bm25"), allow_pickle=False, load_corpus=False, mmap=mmap)
        return cls(keys, model, tokens)

    def search(self, words: list[str], k: int, allowed: np.ndarray | None, dead: np.ndarray) -> tuple[np.ndarray, ...]:
        if self.model is None:
            return _EMPTY, np.zeros(0, dtype=np.float32)
        mask = None
        if allowed is not None:
            mask = np.zeros(len(self.keys), dtype=np.float32)
            mask[self.rows_of(allowed)] = 1.0
        if len(dead):
            mask = np.ones(len(self.keys), dtype=np.float32) if mask is None else mask
            mask[self.rows_of(dead)] = 0.0
        scores = self.model.get_scores(words, weight_mask=mask)
        rows = _top_rows(scores, k)
        return self.keys[rows], scores[rows].astype(np.float32)


def _top_rows(scores: np.ndarray, k: int) -> np.ndarray:
    """Rows of the ``k`` best positive scores, ties in row order.

    Not bm25s's own top-k: its ``argpartition`` over every row degrades badly when many rows share a
    score (zeros, and equal scores of similar passages), which made 1M-chunk queries take 50-300 ms.
    """
    rows = np.flatnonzero(scores > 0)
    if len(rows) > k:
        values = scores[rows]
        threshold = np.partition(values, len(values) - k)[len(values) - k]
        rows = rows[values >= threshold]
    return rows[np.argsort(-scores[rows], kind="stable")][:k]


def _link(src: Path, dst: Path) -> None:
    """Hard-link an immutable file or folder into place (copy where links are not possible)."""
    if src.is_dir():
        dst.mkdir(parents=True, exist_ok=True)
        for child in src.iterdir():
            _link(child, dst / child.name)
        return
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


class BM25Store:
    """BM25 over the live chunks: a base segment, an optional delta segment and base tombstones."""

    def __init__(
        self, base: _Segment, delta: _Segment | None = None, deleted: np.ndarray = _EMPTY,
        base_source: Path | None = None,
    ) -> None:
        self.base = base
        self.delta = delta if delta is not None else _Segment(_EMPTY, None, 0)
        self.deleted = np.unique(np.asarray(deleted, dtype=np.int64))
        self._base_source = base_source  # folder holding the base files unchanged, for linking
        live = np.setdiff1d(base.keys, self.deleted, assume_unique=True)
        self.keys = np.union1d(live, self.delta.keys)

    @classmethod
    def build(cls, keys: Sequence[int], texts: list[str]) -> BM25Store:
        """A single base segment over every chunk."""
        return cls(_Segment.build(keys, texts))

    def updated(
        self, removed: Sequence[int], added_keys: Sequence[int], added_texts: list[str], delta_texts: Any
    ) -> BM25Store | None:
        """This store with ``removed`` keys gone and new chunks added, sharing the base; None when the
        change is too large for a delta (the caller then builds afresh). ``delta_texts(keys)`` returns
        the texts of chunks already in the delta that stay."""
        if self.base.tokens < 0:  # written before segments existed: no statistics for a delta
            return None
        removed_arr = np.unique(np.asarray(removed, dtype=np.int64))
        deleted = np.union1d(self.deleted, self.base.keys[self.base.rows_of(removed_arr)])
        kept = np.setdiff1d(self.delta.keys, removed_arr)
        base_rows = len(self.base.keys)
        if base_rows < DELTA_MIN_BASE_ROWS or len(deleted) + len(kept) + len(added_keys) > DELTA_MAX_SHARE * base_rows:
            return None
        keys = [int(k) for k in kept] + [int(k) for k in added_keys]
        texts = list(delta_texts([int(k) for k in kept])) + list(added_texts)
        delta = _Segment.build(keys, texts, base=self.base)
        return BM25Store(self.base, delta, deleted, base_source=self._base_source)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        if self._base_source is not None:
            for name in ("keys.npy", "bm25"):
                if (self._base_source / name).exists():
                    _link(self._base_source / name, folder / name)
        else:
            self.base.save(folder)
        if len(self.delta.keys):
            self.delta.save(folder / "delta")
        np.save(folder / "deleted.npy", self.deleted, allow_pickle=False)
        info = {"rows": int(len(self.keys)), "base_rows": int(len(self.base.keys)), "base_tokens": self.base.tokens,
                "delta_rows": int(len(self.delta.keys)), "delta_tokens": self.delta.tokens,
                "deleted": int(len(self.deleted))}
        (folder / "info.json").write_text(json.dumps(info))

    @classmethod
    def load(cls, folder: Path, mmap: bool = False) -> BM25Store:
        """Load a saved store; ``mmap`` maps the score arrays instead of reading them (for writers)."""
        try:
            info = json.loads((folder / "info.json").read_text())
            base = _Segment.load(folder, int(info.get("base_tokens", -1)), mmap)
            delta = None
            if (folder / "delta").is_dir():
                delta = _Segment.load(folder / "delta", int(info["delta_tokens"]), mmap)
            deleted = _EMPTY
            if (folder / "deleted.npy").exists():
                deleted = np.load(folder / "deleted.npy", allow_pickle=False)
            return cls(base, delta, deleted, base_source=folder)
        except Exception as exc:
            raise IndexCorruptError(
                f"BM25 index in {folder} cannot be read ({type(exc).__name__}): run `rag index --rebuild`"
            ) from None

    def has_terms(self, text: str) -> bool:
        """Does every (non-stop) word of ``text`` occur somewhere in the indexed chunks?"""
        words = terms(text)
        vocabs = [seg.model.vocab_dict for seg in (self.base, self.delta) if seg.model is not None]
        return all(any(w in v for v in vocabs) for w in words)

    def search(self, query: str, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Top chunk keys and BM25 scores; keys outside ``allowed`` are masked out."""
        if k <= 0 or not len(self.keys):
            return _EMPTY, np.zeros(0, dtype=np.float32)
        import bm25s

        words = bm25s.tokenize([query], stopwords=_STOPWORDS, show_progress=False, return_ids=False)[0]
        if not words:
            return _EMPTY, np.zeros(0, dtype=np.float32)
        allowed_arr = None if allowed is None else np.asarray(allowed, dtype=np.int64)
        parts = [self.base.search(words, k, allowed_arr, self.deleted)]
        if len(self.delta.keys):
            parts.append(self.delta.search(words, k, allowed_arr, _EMPTY))
        keys = np.concatenate([p[0] for p in parts])
        scores = np.concatenate([p[1] for p in parts])
        top = np.argsort(-scores, kind="stable")[:k]
        return keys[top], scores[top]
