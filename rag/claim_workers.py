"""Claims extracted beside the embedding: spaCy parses in worker processes while indexing embeds.

Parsing articles for claims is the slowest step of indexing: spaCy's small English pipeline
parses a few thousand tokens per second per core, about as slow as the torch embedder and
several times slower than the default OpenVINO one. Large writes therefore hand the parsing to
a :class:`~concurrent.futures.ProcessPoolExecutor` whose workers are *spawned* (fresh
interpreters, so nothing depends on how the caller's program was started or which threads it
runs) and load the spaCy pipeline once each, in the pool's initializer, while this process
embeds. Once it has embedded everything, this process parses the batches no worker has started
yet, from the end of the queue (a pending future it can cancel is one no worker holds), as long
as that still pays: when its own pipeline is not loaded yet, only if enough text is left.

Results come back in article order whoever parsed them (claims are stored in that order, and
the answer layer reads them by row id). A batch that failed in a worker, or was lost with a
worker that died (:class:`~concurrent.futures.process.BrokenProcessPool`), is parsed by this
process: a broken worker costs time, never claims; an error that is not the worker's own is
then raised here, as without workers. Small writes (under ``MIN_CHARS_FOR_WORKERS`` characters)
are parsed here, as starting a worker costs about as much as parsing 50,000 characters.

Each article's parse is also cut at its chunks' bounds and returned as ``DocBin`` bytes, which
indexing stores for question time (:mod:`rag.parses`), with the texts of their statements. When
told how to build the indexing embedder (an :class:`~rag.embedder.EncoderRecipe` of an exported
backend), a worker also encodes those statements (:mod:`rag.sentence_vectors`): the indexing
process then encodes only the chunks, where before it encoded the statements too while the
worker, its parsing done, sat idle (measured: ``docs/performance.md``). Claims and vectors cross
the process boundary pickled: they are plain records and arrays our own child process made.
As with any spawned process, the worker imports the caller's ``__main__`` module again (as
``__mp_main__``), so a script that indexes at import time needs ``if __name__ == "__main__":``.
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from embeddings.cache import read_vectors
from embeddings.errors import EmbeddingError
from rag.claims import Claim, ClaimCache, extract_claims
from rag.parses import ParseStore, PassageKey, passage_parses
from rag.records import Article, Chunk

if TYPE_CHECKING:
    from embeddings import Embedder
    from rag.embedder import EncoderRecipe
    from rag.sentence_vectors import SentenceVectors

MIN_CHARS_FOR_WORKERS = 100_000
BATCH_CHARS = 20_000
LOAD_COST_CHARS = 50_000  # loading the pipeline in this process costs about as much as parsing this much text


class ToParse(NamedTuple):
    """An article to parse, with the (start, end) of the chunks whose parses are wanted."""

    doc_id: str
    text: str
    spans: tuple[tuple[int, int], ...] = ()


class Parsed(NamedTuple):
    """An article's claims, its chunks' parses (``DocBin`` bytes, in the order of its spans) and the texts
    of their statements (each once), whose vectors indexing keeps for question time: ``vectors``, one row
    per statement, when the worker that parsed it encoded them, else None (encoded by the indexing process)."""

    doc_id: str
    claims: list[Claim]
    passages: list[bytes]
    statements: tuple[str, ...] = ()
    vectors: np.ndarray | None = None


Result = list[Parsed]


class Caches:
    """Where parsed articles are kept between writes: claims by article text (``claims``), chunk
    parses (``parses``) and the vectors of their statements (``sentences``); any may be None.
    Decides which articles need parsing at all."""

    def __init__(self, claims: ClaimCache | None, parses: ParseStore | None,
                 sentences: SentenceVectors | None = None) -> None:
        self.claims, self.parses, self.sentences = claims, parses, sentences

    def lookup(self, article: Article, chunks: Sequence[Chunk]) -> list[Claim] | ToParse:
        """The article's cached claims if nothing of it needs parsing, else what to parse (the article
        and its chunks' spans): its claims are not cached, or a chunk of it has no stored parse."""
        keys = [PassageKey.of(c) for c in chunks]
        cached = self.claims.get(article.doc_id, article.text) if self.claims is not None else None
        if cached is not None and (self.parses is None or self.parses.has_all(keys)):
            return cached
        return ToParse(article.doc_id, article.text, tuple((k.start, k.end) for k in keys))

    def keep(self, done: Parsed, text: str, chunks: Sequence[Chunk]) -> None:
        """Cache what parsing one article (``text``, cut into ``chunks``) gave."""
        if self.claims is not None:
            self.claims.put(done.doc_id, text, done.claims)
        if self.parses is not None:
            self.parses.put(zip([PassageKey.of(c) for c in chunks], done.passages, strict=True))
        if self.sentences is not None:
            if done.vectors is not None:
                self.sentences.put(done.statements, done.vectors)
            else:
                self.sentences.add(done.statements)

    def commit(self) -> None:
        if self.sentences is not None:
            # before the parses: a stored parse tells later writes that the article needs no parse
            self.sentences.flush()
        for store in (self.claims, self.parses):
            if store is not None:
                store.commit()


def auto_workers() -> int:
    """Worker processes when the setting says automatic: one core stays with the embedding (at most 4)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores - 1, 4))


def plan_batches(items: Sequence[ToParse], batch_chars: int = BATCH_CHARS) -> list[list[ToParse]]:
    """Consecutive runs of articles of about ``batch_chars`` characters each."""
    batches: list[list[ToParse]] = []
    size = 0
    for item in items:
        if not batches or size >= batch_chars:
            batches.append([])
            size = 0
        batches[-1].append(item)
        size += len(item.text)
    return batches


def parse_here(items: Sequence[ToParse], model: str) -> Result:
    """Claims and passage parses of ``items``, parsed in this process (also what a worker runs for each batch)."""
    from rag.nlp import load_pipeline

    nlp = load_pipeline(model)
    docs = nlp.pipe((it.text for it in items), batch_size=16)
    out = []
    for it, doc in zip(items, docs, strict=True):
        cut = passage_parses(doc, it.spans)
        said = tuple(dict.fromkeys(text for p in cut for text in p.statements))
        out.append(Parsed(it.doc_id, extract_claims(doc, it.doc_id), [p.data for p in cut], said))
    return out


# The worker's own embedder and the embedding cache it reads, set by the pool's initializer (in a worker only).
_encoder: list[tuple[Embedder, Path]] = []


def _parse_in_worker(items: Sequence[ToParse], model: str) -> Result:
    """What a worker runs for each batch."""
    result = parse_here(items, model)
    return encode_statements(result, *_encoder[0]) if _encoder else result


def encode_statements(result: Result, embedder: Embedder, cache_path: Path) -> Result:
    """``result`` with the vectors of its statements, those the cache at ``cache_path`` holds read from it.
    Unchanged when they cannot be encoded here: the indexing process encodes them then."""
    texts = list(dict.fromkeys(text for done in result for text in done.statements))
    if not texts:
        return result
    try:
        known = read_vectors(cache_path, embedder.fingerprint, embedder.dim, texts) if cache_path.is_file() else {}
    except sqlite3.Error:
        known = {}
    todo = [t for t in texts if t not in known]
    if todo:
        try:
            known.update(zip(todo, embedder.embed_documents(todo), strict=True))
        except (EmbeddingError, RuntimeError, OSError):
            return result
    return [done._replace(vectors=np.stack([known[t] for t in done.statements]).astype(np.float32))
            if done.statements else done for done in result]


def _load_in_worker(model: str, encoder: EncoderRecipe | None = None) -> None:
    """Pool initializer: the worker ends with its parent, and loads the pipeline once, before its first batch,
    and the embedder ``encoder`` says how to build, if it is the indexing process's.

    A pool's worker waits on its queue forever if the indexing process is killed; a thread here
    ends it when the parent goes. If the pipeline cannot be loaded, each batch fails in the worker
    (loading again), so this process parses them and reports why, without a worker's traceback.
    """
    from rag.errors import RagError
    from rag.nlp import load_pipeline
    from rag.sentence_vectors import EMBEDDINGS_FILE

    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent,), daemon=True, name="claims-parent-watch").start()
    try:
        load_pipeline(model)
    except RagError:
        pass
    if encoder is not None and (embedder := encoder.build()) is not None:
        _encoder[:] = [(embedder, Path(encoder.cache_dir) / EMBEDDINGS_FILE)]


def _exit_with(parent: multiprocessing.process.BaseProcess) -> None:
    parent.join()  # returns when the parent process has ended, however it ended
    os._exit(0)


class ClaimExtraction:
    """Claims of many articles, parsed by workers (large writes) or here; results in article order.

    Use as a context manager: :meth:`ready` returns what has been parsed so far without waiting,
    :meth:`finish` parses what is left (helping the workers) and yields the rest.

    Each worker has at most ``IN_FLIGHT`` batches submitted (one parsing, one waiting); a
    finished batch submits the next one from the front of the queue (a done-callback, run by the
    pool's own thread, so the workers never wait for the indexing thread), and this process takes
    from the back. Nothing is ever cancelled: Python 3.11's pool fails to mark the remaining
    futures broken when a cancelled one is pending as a worker dies. With ``encoder``, the workers
    also encode the statements of what they parse (:func:`encode_statements`); what this process
    parses comes without vectors.
    """

    IN_FLIGHT = 2

    def __init__(self, items: Sequence[ToParse], model: str, workers: int,
                 min_chars: int | None = None, batch_chars: int | None = None,
                 encoder: EncoderRecipe | None = None) -> None:
        self.model = model
        min_chars = MIN_CHARS_FOR_WORKERS if min_chars is None else min_chars
        self._batches = plan_batches(items, BATCH_CHARS if batch_chars is None else batch_chars)
        self._lock = threading.Lock()
        self._queued: deque[int] = deque(range(len(self._batches)))  # not yet given to anyone
        self._futures: dict[int, Future[Result]] = {}
        self._here: dict[int, Result] = {}  # parsed by this process, waiting for their turn
        self._next = 0  # the next batch to hand out, in order
        self._workers = 0
        self._pool: ProcessPoolExecutor | None = None
        self._pool_broke = False  # no worker parses what is still queued
        if workers > 0 and self._batches and sum(len(it.text) for it in items) >= min_chars:
            self._workers = min(workers, len(self._batches))
            self._pool = ProcessPoolExecutor(
                max_workers=self._workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=_load_in_worker, initargs=(model, encoder),
            )
            for _ in range(self.IN_FLIGHT * self._workers):
                self._submit_next()

    @property
    def workers(self) -> int:
        """How many worker processes were asked for (0: everything is parsed here)."""
        return self._workers

    def __enter__(self) -> ClaimExtraction:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers: nothing more is submitted, a batch being parsed is finished first."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def _submit_next(self, _done: Future[Result] | None = None) -> None:
        """Give the front of the queue to the pool (also the done-callback of every submitted batch)."""
        with self._lock:
            if self._pool is None or not self._queued:
                return
            number = self._queued.popleft()
            try:
                future = self._pool.submit(_parse_in_worker, self._batches[number], self.model)
            except (RuntimeError, OSError):  # the pool broke (BrokenProcessPool) or is shutting down
                self._queued.appendleft(number)  # parsed here instead
                self._pool_broke = True
                return
            self._futures[number] = future
        future.add_done_callback(self._submit_next)  # runs at once if it is done already: not under the lock

    def _worker_result(self, number: int) -> Result | None:
        """The batch's claims if a worker has delivered them, else None (not done, or failed)."""
        future = self._futures.get(number)
        if future is None or not future.done() or future.exception() is not None:
            return None
        return future.result()

    def ready(self) -> list[Result]:
        """Batches parsed so far, in order, without waiting."""
        out = []
        while self._next < len(self._batches):
            result = self._here.pop(self._next, None)
            if result is None:
                result = self._worker_result(self._next)
            if result is None:
                break
            self._futures.pop(self._next, None)
            out.append(result)
            self._next += 1
        return out

    def _take_here(self) -> int | None:
        """A batch for this process: the back of the queue if parsing it here pays, or the next
        batch in order if no worker will parse it (no pool, or a broken one)."""
        from rag.nlp import pipeline_loaded

        with self._lock:
            if not self._queued:
                return None
            left = sum(len(it.text) for n in self._queued for it in self._batches[n])
            if self._pool is None or self._pool_broke:
                return self._queued.popleft()  # nobody else will
            if pipeline_loaded(self.model) or left >= LOAD_COST_CHARS:
                return self._queued.pop()
            return None  # the workers finish it about as soon as the pipeline would load here

    def finish(self, while_waiting: Callable[[], None] | None = None) -> Iterator[Result]:
        """Every remaining batch, in order; this process parses what no worker has taken.

        ``while_waiting`` is called once, the first time nothing is left for this process to
        parse while workers still hold batches (or at the end): work that needs no claims fills
        the wait instead of following it.
        """
        waited = while_waiting is None
        while True:
            yield from self.ready()
            if self._next >= len(self._batches):
                break
            number = self._take_here()
            if number is not None:
                self._here[number] = parse_here(self._batches[number], self.model)
                continue
            future = self._futures.get(self._next)
            if future is None:  # submitted a moment from now by the pool's thread
                time.sleep(0.01)
                continue
            if not waited and not future.done():
                assert while_waiting is not None
                while_waiting()
                waited = True
                continue
            try:
                future.result()  # wait for the next batch in order
                continue
            except BrokenProcessPool:  # a worker died: this process parses what is left
                self._pool_broke = True
            except Exception:  # the batch failed in the worker: parse it here, where an
                pass  # error of ours is raised properly
            del self._futures[self._next]
            self._here[self._next] = parse_here(self._batches[self._next], self.model)
        if not waited:
            assert while_waiting is not None
            while_waiting()
