"""Claims extracted beside the embedding: spaCy parses in worker processes while indexing embeds.

Parsing articles for claims is the slowest step of indexing: spaCy's small English pipeline
parses a few thousand tokens per second per core, about as slow as the torch embedder and
several times slower than the default OpenVINO one. Large writes therefore hand the parsing to
worker processes (:mod:`rag.claim_worker`, plain subprocesses speaking JSON lines, so nothing
depends on how the caller's program was started), while this process embeds. Once it has
embedded everything, this process parses the batches no worker has taken yet, from the end of
the queue, so no core waits for another.

Results come back in article order whoever parsed them (claims are stored in that order, and
the answer layer reads them by row id). A worker that fails or exits hands its batches back to
this process, which parses them itself: a broken worker costs time, never claims. Small writes
(under ``MIN_CHARS_FOR_WORKERS`` characters) are parsed here, as starting a worker costs about as
much as parsing 50,000 characters.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from pathlib import Path

from rag.claims import Claim, extract_claims

MIN_CHARS_FOR_WORKERS = 100_000
BATCH_CHARS = 20_000
Result = list[tuple[str, list[Claim]]]


def auto_workers() -> int:
    """Worker processes when the setting says automatic: one core stays with the embedding (at most 4)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores - 1, 4))


def plan_batches(items: Sequence[tuple[str, str]], batch_chars: int = BATCH_CHARS) -> list[list[tuple[str, str]]]:
    """Consecutive runs of articles of about ``batch_chars`` characters each."""
    batches: list[list[tuple[str, str]]] = []
    size = 0
    for item in items:
        if not batches or size >= batch_chars:
            batches.append([])
            size = 0
        batches[-1].append(item)
        size += len(item[1])
    return batches


def parse_here(items: Sequence[tuple[str, str]], model: str) -> Result:
    """Claims of ``items`` parsed in this process."""
    from rag.nlp import load_pipeline

    nlp = load_pipeline(model)
    docs = nlp.pipe((t for _, t in items), batch_size=16)
    return [(d, extract_claims(doc, d)) for (d, _), doc in zip(items, docs, strict=True)]


class _Worker:
    """One ``python -m rag.claim_worker`` process, fed and read by a thread of its own.

    The thread sends the next queued batch as soon as a reply arrives, so the worker never waits
    for the indexing process (which only looks at results between embedding batches). At most
    one batch is in flight beyond the one being parsed, so a pipe never fills.
    """

    def __init__(self, owner: ClaimExtraction) -> None:
        env = dict(os.environ)
        root = str(Path(__file__).resolve().parent.parent)  # find this very `rag`, even from a checkout
        env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "rag.claim_worker", owner.model], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, encoding="utf-8", env=env,
        )
        self.owner = owner
        self.in_flight: list[int] = []
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _send(self) -> None:
        """Send the next queued batch, if any (the write happens outside the lock: it may block)."""
        with self.owner.lock:
            number = self.owner.take(front=True)
            if number is None:
                return
            self.in_flight.append(number)
        try:
            assert self.proc.stdin is not None
            self.proc.stdin.write(json.dumps({"batch": number, "items": self.owner.batch(number)},
                                             ensure_ascii=False) + "\n")
            self.proc.stdin.flush()
        except (OSError, ValueError):  # the worker is gone; _run hands its batches back
            pass

    def _run(self) -> None:
        self._send()
        self._send()
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            try:
                reply = json.loads(line)
            except ValueError:
                break
            number = int(reply.get("batch", -1))
            if number == -1:  # the pipeline did not load: this worker is useless
                break
            with self.owner.lock:
                if number in self.in_flight:
                    self.in_flight.remove(number)
                if "error" in reply:
                    self.owner.give_back([number])  # parsed by the indexing process, where the error is ours
                else:
                    self.owner.deliver(number, [(str(d), [Claim(**c) for c in cs]) for d, cs in reply["claims"]])
            self._send()
        with self.owner.lock:  # gone: what it held is parsed by the indexing process
            self.owner.give_back(self.in_flight)
            self.in_flight = []
            self.owner.lost_worker()

    def close(self) -> None:
        try:
            if self.proc.stdin is not None:
                self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.thread.join(timeout=5)


class ClaimExtraction:
    """Claims of many articles, parsed by workers (large writes) or here; results in article order.

    Use as a context manager: :meth:`ready` returns what has been parsed so far without waiting,
    :meth:`finish` parses what is left (helping the workers) and yields the rest.
    """

    def __init__(self, items: Sequence[tuple[str, str]], model: str, workers: int,
                 min_chars: int | None = None, batch_chars: int | None = None) -> None:
        self.model = model
        min_chars = MIN_CHARS_FOR_WORKERS if min_chars is None else min_chars
        self._batches = plan_batches(items, BATCH_CHARS if batch_chars is None else batch_chars)
        self.lock = threading.Lock()
        self._changed = threading.Condition(self.lock)
        self._queued: deque[int] = deque(range(len(self._batches)))  # not yet taken by anyone
        self._done: dict[int, Result] = {}
        self._next = 0  # the next batch to hand out, in order
        self._alive = 0
        self._workers: list[_Worker] = []
        if workers > 0 and sum(len(t) for _, t in items) >= min_chars:
            count = min(workers, len(self._batches))
            self._alive = count
            self._workers = [_Worker(self) for _ in range(count)]

    @property
    def workers(self) -> int:
        """How many worker processes were started."""
        return len(self._workers)

    def __enter__(self) -> ClaimExtraction:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers (they exit when their input closes)."""
        with self.lock:
            self._queued.clear()  # nothing more is sent, also when leaving on an error
        for w in self._workers:
            w.close()
        self._workers = []

    # --- called by worker threads (all but batch() with the lock held) -------------------------
    def batch(self, number: int) -> list[tuple[str, str]]:
        return self._batches[number]

    def take(self, front: bool) -> int | None:
        if not self._queued:
            return None
        return self._queued.popleft() if front else self._queued.pop()

    def give_back(self, numbers: Sequence[int]) -> None:
        self._queued.extendleft(sorted(numbers, reverse=True))
        self._changed.notify_all()

    def deliver(self, number: int, result: Result) -> None:
        self._done[number] = result
        self._changed.notify_all()

    def lost_worker(self) -> None:
        self._alive -= 1
        self._changed.notify_all()

    # --- called by the indexing thread ---------------------------------------------------------
    def _in_order(self) -> list[Result]:
        with self.lock:
            out = []
            while self._next in self._done:
                out.append(self._done.pop(self._next))
                self._next += 1
            return out

    def ready(self) -> list[Result]:
        """Batches parsed so far, in order, without waiting."""
        return self._in_order()

    def finish(self) -> Iterator[Result]:
        """Every remaining batch, in order; this process parses what no worker has taken."""
        while True:
            yield from self._in_order()
            with self.lock:
                if self._next >= len(self._batches):
                    return
                # the last queued batch: the workers keep taking from the front
                number = self.take(front=False)
                if number is None and self._next not in self._done:
                    if self._alive <= 0:
                        raise RuntimeError(f"claims of batch {self._next} were lost")
                    self._changed.wait(timeout=1.0)
                    continue
            if number is not None:
                result = parse_here(self._batches[number], self.model)
                with self.lock:
                    self._done[number] = result
