"""The Ask tab's logic: streamed turns, errors shown in the chat, an LLM answerer's preview."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pytest

from rag import Index
from rag.answer.extractive import ExtractiveAnswerer
from rag.records import Answer, SearchHit
from ui import chat
from ui.chat import BUSY_TEXT, ask_turns, stream_answer
from ui.service import IndexService

QUESTION = "Who presented the plan to Zelensky?"


@pytest.fixture(autouse=True)
def no_pauses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chat, "STREAM_STEP_S", 0.0)


def test_extractive_answer_streams_then_ends_with_the_answer(seed_index: Index) -> None:
    items = list(stream_answer(IndexService(seed_index), QUESTION))
    final = items[-1]
    assert isinstance(final, Answer) and not final.abstained
    previews = [p for p in items[:-1] if isinstance(p, str)]
    assert previews and len(previews) == len(items) - 1
    assert previews[-1].startswith(final.sentences[0].text)
    assert [len(p) for p in previews] == sorted(len(p) for p in previews)  # the text only grows
    assert final.to_dict()["answer"] == seed_index.ask(QUESTION).to_dict()["answer"]


class StreamingAnswerer:
    """Stands in for the LLM answerer: a text preview in pieces, then the final Answer."""

    mode = "llm"

    def __init__(self, embedder: object) -> None:
        self.inner = ExtractiveAnswerer(embedder)  # type: ignore[arg-type]

    def answer(self, question: str, hits: Sequence[SearchHit]) -> Answer:
        return self.inner.answer(question, hits)

    def stream(self, question: str, hits: Sequence[SearchHit]) -> Iterator[str | Answer]:
        yield "Dan Driscoll "
        yield "presented it [1]."
        yield self.answer(question, hits)


def test_llm_preview_pieces_accumulate_before_the_verified_answer(seed_index: Index) -> None:
    items = list(stream_answer(IndexService(seed_index), QUESTION,
                               answerer=StreamingAnswerer(seed_index.embedder)))  # type: ignore[arg-type]
    assert items[:2] == ["Dan Driscoll ", "Dan Driscoll presented it [1]."]
    assert isinstance(items[2], Answer) and len(items) == 3  # no sentence-by-sentence replay after a preview


def test_ask_turns_goes_pending_streaming_done(seed_index: Index) -> None:
    earlier = [{"question": "old", "answer": {"abstained": True, "answer": "no"}, "sources": "<section>"}]
    states = list(ask_turns(IndexService(seed_index), f"  {QUESTION} ", earlier))
    assert states[0][-1] == {"question": QUESTION}  # shown at once, before any work
    assert any("partial" in s[-1] for s in states[1:-1])
    last = states[-1]
    assert len(last) == 2 and last[0] == earlier[0]
    turn = last[1]
    assert "partial" not in turn and "error" not in turn
    assert turn["answer"]["citations"] and 'id="src-1-1"' in turn["sources"]


@pytest.mark.parametrize(("kwargs", "needle"), [
    ({"since": "yesterday"}, "must be a date like"),
    ({"since": "2025-12-01", "until": "2025-01-01"}, "is after"),
])
def test_bad_filters_become_an_error_turn(seed_index: Index, kwargs: dict[str, Any], needle: str) -> None:
    turn = list(ask_turns(IndexService(seed_index), QUESTION, [], **kwargs))[-1][-1]
    assert needle in turn["error"] and "answer" not in turn


def test_blank_filters_mean_no_filter(seed_index: Index) -> None:
    turn = list(ask_turns(IndexService(seed_index), QUESTION, [], source="  ", since="", until=None))[-1][-1]
    assert turn["answer"]["citations"]


def test_a_full_queue_is_reported_as_busy(seed_index: Index) -> None:
    service = IndexService(seed_index, max_pending=1)
    with service.use():
        turn = list(ask_turns(service, QUESTION, []))[-1][-1]
    assert turn["error"] == BUSY_TEXT
