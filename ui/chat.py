"""The Ask tab's logic, free of Gradio: a chat turn that streams its answer in.

A turn is a small JSON-ready dict: ``question``, then ``partial`` text while the answer
streams, then ``answer`` (the :meth:`~rag.records.Answer.to_dict` object) and ``sources`` (the
rendered source cards), or ``error``. Each question is answered from the corpus on its own;
earlier turns stay on screen so follow-up questions can be compared with earlier answers.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from typing import Any

from rag.errors import RagError
from rag.records import Answer
from ui.render import render_sources
from ui.service import BusyError, IndexService

STREAM_STEP_S = 0.08  # pause between revealed sentences of an extractive answer
BUSY_TEXT = "The server is busy, try again in a moment."


def _marks(citations: Sequence[int]) -> str:
    return "".join(f"[{n}]" for n in citations)


def reveal(answer: Answer) -> Iterator[str]:
    """Growing prefixes of an already computed answer, one sentence at a time."""
    shown: list[str] = []
    for s in answer.sentences:
        shown.append(f"{s.text} {_marks(s.citations)}".strip())
        yield " ".join(shown)


def stream_answer(
    service: IndexService,
    question: str,
    k: int | None = None,
    *,
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
    answerer: str | None = None,
) -> Iterator[str | Answer]:
    """Yield the answer text as it grows, then the final :class:`Answer`.

    An LLM answerer streams an unverified preview of its reply; the final Answer (verified,
    with conflicts) replaces it. The extractive answerer computes its answer in one go, so it
    is revealed sentence by sentence instead.
    """
    text, final = "", None
    for item in service.ask_stream(question, k, source=source, since=since, until=until, answerer=answerer):
        if isinstance(item, Answer):
            final = item
        else:
            text += item
            yield text
    if final is None:  # pragma: no cover - Index.ask_stream always ends with an Answer
        raise RagError("no answer was produced")
    if not text and not final.abstained:
        for partial in reveal(final):
            yield partial
            time.sleep(STREAM_STEP_S)
    yield final


def _clean(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def ask_turns(
    service: IndexService,
    question: str,
    turns: Sequence[dict[str, Any]],
    *,
    k: int | None = None,
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
    answerer: str | None = None,
) -> Iterator[list[dict[str, Any]]]:
    """Append a turn for ``question`` and yield a new turn list each time the turn changes."""
    earlier = [dict(t) for t in turns]
    turn: dict[str, Any] = {"question": question.strip()}
    index = len(earlier)
    yield [*earlier, dict(turn)]
    try:
        final: Answer | None = None
        for item in stream_answer(service, question, k, source=_clean(source), since=_clean(since),
                                  until=_clean(until), answerer=answerer):
            if isinstance(item, Answer):
                final = item
            else:
                turn["partial"] = item
                yield [*earlier, dict(turn)]
        assert final is not None  # stream_answer always ends with an Answer
        articles = {c.hit.chunk.doc_id: service.article(c.hit.chunk.doc_id) for c in final.citations}
        turn["answer"] = final.to_dict()
        turn["sources"] = render_sources(index, turn["answer"], articles)
    except BusyError:
        turn["error"] = BUSY_TEXT
    except RagError as exc:
        turn["error"] = str(exc)
    turn.pop("partial", None)
    yield [*earlier, turn]
