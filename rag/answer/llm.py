"""The LLM answerer: a short cited brief written by a language model, checked sentence by sentence.

Flow: build the prompt (:mod:`rag.llm.prompt`), call the chat model, verify the reply
(:mod:`rag.llm.verify`), renumber the surviving citations 1..m in order of first use.

* A reply that is the not-found token -> ``abstained: true``.
* The reply is read until its short-answer line and ``MAX_SENTENCES`` cited sentences are
  complete, then the stream is closed (``llm_max_tokens`` also caps it at the server).
* Nothing supported left -> the extractive answer, with a warning that the LLM answer could not
  be verified (the removed sentences stay in ``dropped``).
* HTTP error, timeout, refused connection -> the extractive answer, with a one-line warning
  naming the error.

Never hangs: besides the client's own per-request timeout (which, for a streamed reply, only
bounds the wait between two bytes), the whole call runs against a wall-clock deadline of
``llm_timeout * (llm_max_retries + 1)`` plus a little for retry back-off.

Streaming: :meth:`LLMAnswerer.stream` yields ``str`` pieces of the raw reply as they arrive and
then exactly one :class:`Answer`. The pieces are a *preview* (they have not been verified); the
final Answer is what counts. A consumer does::

    for item in answerer.stream(question, hits):     # or Index.ask_stream(question)
        if isinstance(item, str):
            show_preview(item)
        else:
            show_final(item)
"""

from __future__ import annotations

import queue
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from embeddings import Embedder
from rag.answer.base import Corpus, Draft, abstain
from rag.answer.extractive import ExtractiveAnswerer
from rag.answer.paraphrase import PARAPHRASE_WARNING, paraphrase_verdict
from rag.answer.question import analyse_question
from rag.answer.verdict import yes_no_verdict
from rag.errors import LLMError
from rag.llm.prompt import MAX_SENTENCES, NOT_FOUND, SHORT_ANSWER_LABEL, Prompt, build_prompt
from rag.llm.verify import MARKER, MIN_SIMILARITY, Verified, verify_reply
from rag.nlp import TextAnalyser, analyser
from rag.query import Query
from rag.records import DroppedSentence, SearchHit
from rag.sanitize import redact_urls

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from rag.settings import Settings

RETRY_SLACK_S = 2.0  # per retry, for the client's back-off between attempts


class DeadlineExceeded(TimeoutError):
    """The whole LLM call took longer than its wall-clock budget."""
NOT_FOUND_REASON = "The language model found no answer in the retrieved passages."


def describe_error(exc: BaseException, endpoint: str, timeout: float) -> str:
    """One line saying what went wrong with the LLM server, without a traceback."""
    names = {c.__name__ for c in type(exc).__mro__}
    status = getattr(exc, "status_code", None)
    # Client errors quote the request URL, credentials and all: show it redacted.
    detail = redact_urls(" ".join(str(exc).split()))
    detail = re.sub(r"^Error code: \d+ - ", "", detail)[:160]
    if isinstance(exc, LLMError):
        return redact_urls(str(exc))
    if any("Timeout" in n for n in names) or isinstance(exc, TimeoutError):
        return f"{endpoint} did not reply within {timeout:g}s"
    if isinstance(status, int):
        return f"{endpoint} answered HTTP {status}" + (f" ({detail})" if detail else "")
    if any("Connect" in n for n in names) or isinstance(exc, ConnectionError):
        return f"cannot connect to {endpoint}"
    return f"{endpoint} failed: {type(exc).__name__}" + (f": {detail}" if detail else "")


def bounded(produce: Callable[[], Iterator[str]], seconds: float, describe: Callable[[BaseException], str]
            ) -> Iterator[str]:
    """Yield from ``produce()`` (run in a worker thread) until it ends or ``seconds`` have passed.

    Raises :class:`LLMError` with ``describe(exc)`` when the producer fails, and when the
    deadline passes. The worker is a daemon thread: if it is stuck in a socket read, it is left
    to its client's own timeout instead of blocking the caller.
    """
    items: queue.Queue[tuple[str, Any]] = queue.Queue()
    stop = threading.Event()

    def work() -> None:
        try:
            for piece in produce():
                if stop.is_set():
                    break
                items.put(("piece", piece))
            items.put(("end", None))
        except Exception as exc:  # any failure of the remote model is reported, not raised here
            items.put(("error", exc))

    threading.Thread(target=work, name="rag-llm", daemon=True).start()
    deadline = time.monotonic() + seconds
    try:
        while True:
            remaining = deadline - time.monotonic()
            try:
                kind, value = items.get(timeout=max(remaining, 0.0))
            except queue.Empty:
                raise LLMError(describe(DeadlineExceeded())) from None
            if kind == "end":
                return
            if kind == "error":
                raise LLMError(describe(value)) from value
            yield value
    finally:
        stop.set()


class LLMAnswerer:
    """Answers with an LLM-written brief whose every sentence is checked against what it cites."""

    mode = "llm"

    def __init__(
        self,
        model: BaseChatModel,
        embedder: Embedder,
        *,
        timeout: float = 60.0,
        max_retries: int = 1,
        endpoint: str = "LLM server",
        min_similarity: float = MIN_SIMILARITY,
        analyser_: TextAnalyser | None = None,
        corpus: Corpus | None = None,
    ) -> None:
        self.model = model
        self.embedder = embedder
        self.timeout = timeout
        self.endpoint = endpoint
        self.min_similarity = min_similarity
        self.deadline_s = timeout * (max_retries + 1) + RETRY_SLACK_S * max_retries
        self.analyser = analyser_ or analyser()
        self.fallback = ExtractiveAnswerer(embedder, self.analyser, corpus)

    @classmethod
    def from_settings(cls, settings: Settings, embedder: Embedder, corpus: Corpus | None = None) -> LLMAnswerer:
        """Build the chat model from ``settings.llm_*``; :class:`ConfigError` if they are incomplete."""
        from rag.llm.providers import create_chat_model, describe_endpoint

        return cls(
            create_chat_model(settings),
            embedder,
            timeout=settings.llm_timeout,
            max_retries=settings.llm_max_retries,
            endpoint=describe_endpoint(settings),
            analyser_=analyser(settings.nlp_model),
            corpus=corpus,
        )

    # --- public API --------------------------------------------------------------------------
    def answer(self, query: Query, hits: Sequence[SearchHit]) -> Draft:
        """One non-streamed request; the verified :class:`Draft`."""
        result: Draft | None = None
        for item in self._run(query, hits, streaming=False):
            if isinstance(item, Draft):
                result = item
        assert result is not None  # _run always ends with a Draft
        return result

    def stream(self, query: Query, hits: Sequence[SearchHit]) -> Iterator[str | Draft]:
        """Yield raw reply text as it arrives (a preview), then the verified :class:`Draft`.

        The not-found token is never shown as a preview: text that could still become the
        token is held back until it cannot.
        """
        yield from self._run(query, hits, streaming=True)

    # --- internals ---------------------------------------------------------------------------
    def _pieces(self, prompt: Prompt, streaming: bool) -> Callable[[], Iterator[str]]:
        messages = prompt.messages()

        def produce() -> Iterator[str]:
            if streaming:
                for chunk in self.model.stream(messages):
                    if chunk.text:
                        yield chunk.text
            else:
                yield self.model.invoke(messages).text

        return produce

    def _run(self, query: Query, hits: Sequence[SearchHit], streaming: bool) -> Iterator[str | Draft]:
        if not hits:
            yield abstain(self.mode, "No passage in the index matches the question.")
            return
        prompt = build_prompt(query.text, hits)
        started = time.perf_counter()
        parts: list[str] = []
        shown = 0
        try:
            for piece in bounded(self._pieces(prompt, streaming), self.deadline_s, self._describe):
                parts.append(piece)
                if complete_reply("".join(parts)):
                    break  # closing the stream stops the server generating more
                if not streaming:
                    continue
                text = "".join(parts)
                if shown == 0 and NOT_FOUND.startswith(text.strip().rstrip(".!")):
                    continue  # might still be the not-found token: hold it back
                yield text[shown:]
                shown = len(text)
        except LLMError as exc:
            yield self._failed(query, hits, str(exc), started)
            return
        reply = "".join(parts)
        if streaming and shown < len(reply) and reply.strip().rstrip(".!") != NOT_FOUND:
            yield reply[shown:]
        yield self._finish(query, prompt, reply, started)

    def _describe(self, exc: BaseException) -> str:
        if isinstance(exc, DeadlineExceeded):
            return f"{self.endpoint} gave no complete reply within {self.deadline_s:g}s"
        return describe_error(exc, self.endpoint, self.timeout)

    def _timings(self, started: float) -> dict[str, float]:
        return {"llm": (time.perf_counter() - started) * 1000}

    def _failed(self, query: Query, hits: Sequence[SearchHit], error: str, started: float) -> Draft:
        fallback = self.fallback.answer(query, hits)
        warning = f"The LLM could not answer: {error}. Showing the extractive answer instead."
        return replace(fallback, warnings=(warning, *fallback.warnings), timings_ms=self._timings(started))

    def _finish(self, query: Query, prompt: Prompt, reply: str, started: float) -> Draft:
        verified = verify_reply(reply, prompt.passages, self.embedder, self.min_similarity, self.analyser)
        if verified.abstained:
            return abstain(self.mode, NOT_FOUND_REASON, dropped=verified.dropped, reply=reply,
                           timings_ms=self._timings(started))
        if not verified.kept:
            return self._unverifiable(query, prompt, reply, verified, started)
        if verified.verdict is not None:
            verified = self._check_verdict(query, verified)
        return Draft(
            mode=self.mode,
            sentences=verified.kept,
            short_answer=verified.short_answer,
            verdict=verified.verdict,
            warnings=verified.notes,  # removed sentences are reported in `dropped`, not repeated here
            dropped=verified.dropped,
            reply=reply,
            timings_ms=self._timings(started),
        )

    def _check_verdict(self, query: Query, verified: Verified) -> Verified:
        """A "Yes"/"No" is a claim too: it stays only when a kept sentence states (or denies) the question's claim.

        The same clause alignment the extractive answerer uses decides, and a "Yes" a kept sentence says in other
        words (:mod:`rag.answer.paraphrase`) stays with its warning; a verdict neither confirms is removed (the
        sentences stay), so a model's guess is never shown as the corpus's answer.
        """
        q = analyse_question(query.text, self.analyser)
        sents = [sent for s in verified.kept for sent in self.analyser.parse(s.text).sents]
        found, _ = yes_no_verdict(q, sents, self.embedder) if q.form == "yes_no" else (None, None)
        if found == verified.verdict:
            return verified
        if found is None and verified.verdict == "yes" and q.form == "yes_no" and (
                paraphrase_verdict(q, sents) is not None):
            # a kept sentence says the claim in other words, as the extractive answerer would read it
            return replace(verified, notes=(*verified.notes, PARAPHRASE_WARNING))
        why = (f"the cited passages say {found!r}" if found else
               "no cited sentence states or denies the question's claim")
        dropped = DroppedSentence(f"{SHORT_ANSWER_LABEL}: {verified.short_answer}", why)
        return replace(verified, short_answer=None, verdict=None, dropped=(*verified.dropped, dropped))

    def _unverifiable(self, query: Query, prompt: Prompt, reply: str, verified: Verified, started: float) -> Draft:
        fallback = self.fallback.answer(query, prompt.passages)
        if not reply.strip():
            why = "The LLM returned an empty reply"
        else:
            n = len(verified.dropped)
            why = (f"The LLM answer could not be verified against the passages ({n} sentence"
                   f"{'s' if n != 1 else ''} removed)")
        warning = f"{why}. Showing the extractive answer instead."
        return replace(
            fallback,
            warnings=(warning, *fallback.warnings),
            dropped=verified.dropped,
            reply=reply,
            timings_ms=self._timings(started),
        )


def complete_reply(text: str, max_sentences: int = MAX_SENTENCES) -> bool:
    """Has the reply given its short answer and ``max_sentences`` cited sentences, with text after the last?

    Markers separated only by spaces or punctuation ("[1][2].") count as one sentence's citation.
    """
    runs, last_end = 0, -1
    for m in MARKER.finditer(text):
        between = text[last_end:m.start()] if last_end >= 0 else "x"
        if last_end < 0 or any(ch.isalnum() for ch in between):
            runs += 1
        last_end = m.end()
    return runs >= max_sentences and last_end >= 0 and any(ch.isalnum() for ch in text[last_end:])
