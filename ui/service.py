"""The one object the web layers talk to: an :class:`~rag.index.Index` behind a bounded gate.

Why a gate and a lock: the embedding model's fast tokenizer fails when two threads use it at
once, and an index reload (after an upload) swaps the open files under a reader. So reads run
one at a time, and at most ``max_pending`` requests may wait; beyond that callers get
:class:`BusyError` at once (the API turns it into a 503) instead of piling up threads.

Writes (upload, remove) run on a second :class:`Index` object with its own embedder, so
questions keep being answered while articles are embedded; the live index is swapped for a
freshly opened one when the write is done. A write by another process (`rag index` in a
terminal) is picked up the same way: each request first compares the manifest's generation.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from embeddings import Embedder
from rag.embedder import build_embedder
from rag.errors import RagError
from rag.index import Index
from rag.records import Answer, Article, Chunk, IndexReport, SearchHit
from rag.settings import Settings

ProgressFn = Callable[[int, int], None]


class BusyError(Exception):
    """Too many requests are already waiting for the index."""


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """An indexed article without its text, for listings."""

    doc_id: str
    title: str | None
    source: str | None
    published_at: str | None
    url: str | None
    chars: int
    chunks: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "source": self.source,
            "published_at": self.published_at,
            "url": self.url,
            "chars": self.chars,
            "chunks": self.chunks,
        }


def _public_embedder(info: dict[str, Any]) -> dict[str, Any]:
    """The embedder as /api/health shows it: a model given as a local path by its folder name only.

    Health stays open when a login is required, so it must not tell anyone how the server's
    disk is laid out.
    """
    model = str(info.get("model", ""))
    if "/" in model or "\\" in model or model.startswith("~"):
        model = Path(model.replace("\\", "/")).name
    return {**info, "model": model}


def default_answerer(settings: Settings) -> str:
    """The answerer used when a request names none ('auto' resolves like the library does)."""
    mode = str(getattr(settings, "answer_mode", settings.answerer))
    if mode == "auto":
        return "extractive" if getattr(settings, "llm_provider", "none") == "none" else "llm"
    return mode


def llm_available(settings: Settings) -> bool:
    """True when an LLM answerer is installed and an LLM provider is configured for it."""
    configured = getattr(settings, "llm_provider", "none") != "none" or default_answerer(settings) == "llm"
    return configured and importlib.util.find_spec("rag.answer.llm") is not None


class IndexService:
    """Thread-safe access to one index for the HTTP API and the Gradio app."""

    def __init__(self, index: Index, max_pending: int = 32, wait_timeout: float = 120.0) -> None:
        self.index = index
        self.settings = index.settings
        self.max_pending = max_pending
        self.wait_timeout = wait_timeout
        self._read_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._count_lock = threading.Lock()
        self._pending = 0
        self._writer_embedder: Embedder | None = None

    @property
    def pending(self) -> int:
        """Requests currently running or waiting for the index."""
        return self._pending

    @contextmanager
    def use(self) -> Iterator[Index]:
        """Exclusive use of the live index; raises :class:`BusyError` when the queue is full."""
        with self._count_lock:
            if self._pending >= self.max_pending:
                raise BusyError("busy, try again")
            self._pending += 1
        try:
            if not self._read_lock.acquire(timeout=self.wait_timeout):
                raise BusyError("busy, try again")
            try:
                self._follow_other_writers()
                yield self.index
            finally:
                self._read_lock.release()
        finally:
            with self._count_lock:
                self._pending -= 1

    # --- reading -------------------------------------------------------------------------------
    def warm_up(self) -> None:
        """Load the embedding model now, so the first question does not pay for it."""
        with self.use() as idx:
            idx.embedder.embed_query("warm up")

    def ask(self, question: str, k: int | None = None, *, source: str | None = None, since: str | None = None,
            until: str | None = None, answerer: Any = None) -> Answer:
        answerer = answerer or default_answerer(self.settings)
        with self.use() as idx:
            return idx.ask(question, k, source=source, since=since, until=until, answerer=answerer)

    def ask_stream(self, question: str, k: int | None = None, *, source: str | None = None,
                   since: str | None = None, until: str | None = None, answerer: Any = None,
                   ) -> Iterator[str | Answer]:
        """:meth:`Index.ask_stream` (preview text pieces, then the Answer), holding the index meanwhile."""
        answerer = answerer or default_answerer(self.settings)
        with self.use() as idx:
            yield from idx.ask_stream(question, k, source=source, since=since, until=until, answerer=answerer)

    def search(self, query: str, k: int | None = None, *, source: str | None = None, since: str | None = None,
               until: str | None = None) -> list[SearchHit]:
        with self.use() as idx:
            return idx.search(query, k, source=source, since=since, until=until)

    def answerer(self, name: str | None = None) -> Any:
        with self.use() as idx:
            return idx.answerer(name or default_answerer(self.settings))

    def documents(self) -> list[DocumentSummary]:
        with self.use() as idx:
            return [
                DocumentSummary(a.doc_id, a.title, a.source, a.published_at, a.url, len(a.text),
                                len(idx.chunks(a.doc_id)))
                for a in idx.documents()
            ]

    def document(self, doc_id: str) -> tuple[Article, list[Chunk]] | None:
        with self.use() as idx:
            article = idx.document(doc_id)
            return None if article is None else (article, idx.chunks(doc_id))

    def article(self, doc_id: str) -> Article | None:
        with self.use() as idx:
            return idx.document(doc_id)

    def sources(self) -> list[str]:
        """Distinct article sources, for the filter menu."""
        return sorted({d.source for d in self.documents() if d.source})

    def health(self) -> dict[str, Any]:
        with self.use() as idx:
            stats = idx.stats()
        return {
            "status": "ok",
            "articles": stats["articles"],
            "chunks": stats["chunks"],
            "embedder": _public_embedder(stats["embedder"]),
            "generation": stats["generation"],
            "updated_at": stats["updated_at"],
            "answerers": ["extractive", "llm"] if llm_available(self.settings) else ["extractive"],
            "default_answerer": default_answerer(self.settings),
            "pending": self.pending,
        }

    # --- writing -------------------------------------------------------------------------------
    def add(self, paths: Sequence[str | Path], progress: ProgressFn | None = None) -> IndexReport:
        """Index files; questions are still answered from the old index meanwhile."""
        return self._write(lambda w: w.add(paths, progress=progress))

    def remove(self, doc_ids: Sequence[str]) -> IndexReport:
        return self._write(lambda w: w.remove(doc_ids))

    def _write(self, action: Callable[[Index], IndexReport]) -> IndexReport:
        with self._write_lock:
            if self._writer_embedder is None:
                s = self.settings
                self._writer_embedder = build_embedder(s, self.index.backend, indexing=True)
            writer = Index(self.settings, embedder=self._writer_embedder)
            try:
                report = action(writer)
            finally:
                writer.close()
            self._reload()
            return report

    def _reload(self) -> None:
        with self._read_lock:
            self._swap()

    def _swap(self) -> None:
        """Open the index's current generation in place of the live one (read lock held)."""
        old = self.index
        # Reuse the reader's model: opening a generation is cheap, loading a model is not.
        self.index = Index(self.settings, embedder=old.embedder)
        old.close()

    def _follow_other_writers(self) -> None:
        """Swap in a generation another process wrote since ours was opened (read lock held)."""
        try:
            current = self.index.store.latest_generation()  # manifest.json, or the Milvus manifest row
        except RagError:
            return  # keep answering from the generation already open
        mine = self.index.manifest
        if current is not None and (mine is None or current != mine.generation):
            try:
                self._swap()
            except RagError:
                return
