"""The LLM answerer end to end against a real HTTP server on 127.0.0.1 with scripted replies."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from typing import Any

import pytest

from rag.answer import ABSTAIN_TEXT
from rag.answer.base import Draft
from rag.answer.extractive import ExtractiveAnswerer
from rag.answer.llm import LLMAnswerer
from rag.answer.paraphrase import PARAPHRASE_WARNING
from rag.index import Index
from rag.records import Answer

from .corpus import ARMY_Q, ARTICLES, passage_number
from .fake_llm import FakeLLMServer, Reply

ARMY_SENTENCE = "The draft peace plan would cap Ukraine's armed forces at 600,000 troops"
GAZA_SENTENCE = "A ceasefire supervision body would be modelled on the truce in Gaza between Israel and Hamas"


def collect(items: object) -> tuple[list[str], Any]:
    """(text pieces, the final Answer or Draft) of a stream; checks that exactly one final item ends it."""
    pieces: list[str] = []
    final: Any = None
    for item in items:  # type: ignore[attr-defined]
        if isinstance(item, Answer | Draft):
            assert final is None, "more than one final answer"
            final = item
        else:
            assert final is None, "text after the final answer"
            pieces.append(item)
    assert final is not None
    return pieces, final


def test_correct_cited_answer(make_index: Callable[..., Index], llm_server: FakeLLMServer) -> None:
    idx = make_index()
    army = passage_number(idx, ARMY_Q, "army")
    llm_server.script(
        f"{ARMY_SENTENCE} [{army}]. Dan Driscoll presented the plan to President Volodymyr Zelensky [{army}]."
    )
    ans = idx.ask(ARMY_Q)
    assert ans.mode == "llm" and not ans.abstained
    assert [(s.text, s.citations, s.supported) for s in ans.sentences] == [
        (f"{ARMY_SENTENCE}.", (1,), True),
        ("Dan Driscoll presented the plan to President Volodymyr Zelensky.", (1,), True),
    ]
    assert [(c.n, c.hit.chunk.doc_id) for c in ans.citations] == [(1, "army")]
    assert (
        ans.answer
        == f"{ARMY_SENTENCE}. [1] Dan Driscoll presented the plan to President Volodymyr Zelensky. [1]"
    )
    assert ans.dropped == () and ans.warnings == ()
    assert "llm" in ans.timings_ms
    [request] = llm_server.requests
    assert request.path == "/v1/chat/completions"
    assert request.body["model"] == "test" and not request.body.get("stream")
    assert ARMY_Q in request.prompt


def test_citations_are_renumbered_in_order_of_first_use(
    make_index: Callable[..., Index], llm_server: FakeLLMServer
) -> None:
    idx = make_index()
    army, gaza = passage_number(idx, ARMY_Q, "army"), passage_number(idx, ARMY_Q, "gaza")
    llm_server.script(
        f"{GAZA_SENTENCE} [{gaza}]. {ARMY_SENTENCE} [{army}][{gaza}]. The plan caps the army [{army}]."
    )
    ans = idx.ask(ARMY_Q)
    assert ans.mode == "llm"
    assert [(c.n, c.hit.chunk.doc_id) for c in ans.citations] == [(1, "gaza"), (2, "army")]
    assert [s.citations for s in ans.sentences] == [(1,), (2, 1), (2,)]


def test_citation_to_a_passage_that_does_not_exist(
    make_index: Callable[..., Index], llm_server: FakeLLMServer
) -> None:
    idx = make_index()
    army = passage_number(idx, ARMY_Q, "army")
    llm_server.script(f"{ARMY_SENTENCE} [{army}][42]. Kyiv accepted the plan [17].")
    ans = idx.ask(ARMY_Q)
    assert ans.mode == "llm"
    assert [(s.text, s.citations) for s in ans.sentences] == [(f"{ARMY_SENTENCE}.", (1,))]
    assert [d.to_dict() for d in ans.dropped] == [
        {"text": "Kyiv accepted the plan [17].", "reason": "cites passage [17], which does not exist"}
    ]
    assert "[42]" not in ans.answer and "[17]" not in ans.answer
    assert any("[42]" in w for w in ans.warnings)
    assert [c.n for c in ans.citations] == [1]


def test_sentence_with_a_number_no_passage_has(
    make_index: Callable[..., Index], llm_server: FakeLLMServer
) -> None:
    idx = make_index()
    army = passage_number(idx, ARMY_Q, "army")
    llm_server.script(
        f"{ARMY_SENTENCE} [{army}]. "
        f"The draft peace plan would add 250,000 reservists to Ukraine's forces [{army}]."
    )
    ans = idx.ask(ARMY_Q)
    assert ans.mode == "llm"
    assert [s.text for s in ans.sentences] == [f"{ARMY_SENTENCE}."]
    [dropped] = ans.dropped
    assert dropped.text.startswith("The draft peace plan would add 250,000 reservists")
    assert dropped.reason == "'250,000' not found in cited passage [1]".replace("[1]", f"[{army}]")
    assert "250,000" not in ans.answer
    assert ans.to_dict()["dropped"] == [{"text": dropped.text, "reason": dropped.reason}]


def test_not_found_token_abstains(make_index: Callable[..., Index], llm_server: FakeLLMServer) -> None:
    idx = make_index()
    llm_server.script("NOT_IN_CORPUS")
    ans = idx.ask("Who won the 1998 football World Cup?")
    assert ans.abstained and ans.mode == "llm"
    assert ans.answer.startswith(ABSTAIN_TEXT)
    assert ans.citations == () and ans.sentences == ()
    # Streamed, the token is never shown as preview text.
    llm_server.script("NOT_IN_CORPUS")
    pieces, final = collect(idx.ask_stream("Who won the 1998 football World Cup?"))
    assert pieces == [] and final.abstained


def test_malformed_reply_without_citations_falls_back_to_extractive(
    make_index: Callable[..., Index], llm_server: FakeLLMServer
) -> None:
    idx = make_index()
    llm_server.script("Sure! Here is what I found about the army. It is quite big, I think.")
    ans = idx.ask(ARMY_Q)
    extractive = idx.ask(ARMY_Q, answerer="extractive")
    assert ans.mode == "extractive"
    assert ans.answer == extractive.answer and ans.sentences == extractive.sentences
    assert "could not be verified" in ans.warnings[0]
    assert [d.text for d in ans.dropped] == [
        "Sure!",
        "Here is what I found about the army.",
        "It is quite big, I think.",
    ]
    assert {d.reason for d in ans.dropped} == {"no citation"}


def test_http_500_falls_back_with_a_one_line_warning(
    make_index: Callable[..., Index], llm_server: FakeLLMServer
) -> None:
    idx = make_index(llm_max_retries=1)
    llm_server.script(Reply(status=500, text="model crashed"), Reply(status=500, text="model crashed"))
    started = time.monotonic()
    ans = idx.ask(ARMY_Q)
    assert time.monotonic() - started < 10
    assert ans.mode == "extractive" and not ans.abstained and ans.citations
    warning = ans.warnings[0]
    assert "HTTP 500" in warning and "model crashed" in warning and llm_server.url in warning
    assert "\n" not in warning
    assert len(llm_server.requests) == 2  # llm_max_retries=1: one retry, then give up


def test_a_retry_recovers_from_one_http_500(
    make_index: Callable[..., Index], llm_server: FakeLLMServer
) -> None:
    idx = make_index(llm_max_retries=1)
    army = passage_number(idx, ARMY_Q, "army")
    llm_server.script(Reply(status=500), f"{ARMY_SENTENCE} [{army}].")
    ans = idx.ask(ARMY_Q)
    assert ans.mode == "llm" and ans.warnings == ()
    assert len(llm_server.requests) == 2


def test_timeout_falls_back_without_hanging(
    make_index: Callable[..., Index], llm_server: FakeLLMServer
) -> None:
    idx = make_index(llm_timeout=1.0)
    idx.answerer()  # build the client before timing
    llm_server.script(Reply(text="too late [1].", delay=30))
    started = time.monotonic()
    ans = idx.ask(ARMY_Q)
    elapsed = time.monotonic() - started
    assert elapsed < 4, elapsed
    assert ans.mode == "extractive" and ans.citations
    assert "within 1s" in ans.warnings[0] and llm_server.url in ans.warnings[0]


def test_slow_stream_is_cut_by_the_overall_deadline(
    make_index: Callable[..., Index], llm_server: FakeLLMServer
) -> None:
    # Each chunk arrives well within the client's read timeout, so only the wall-clock deadline
    # can stop this reply (40 pieces x 0.3 s = 12 s).
    idx = make_index(llm_timeout=1.0)
    idx.answerer()
    llm_server.script(Reply(text=" ".join(["word"] * 40) + " [1].", chunk_delay=0.3))
    started = time.monotonic()
    pieces, final = collect(idx.ask_stream(ARMY_Q))
    elapsed = time.monotonic() - started
    assert elapsed < 4, elapsed
    assert 0 < len(pieces) < 40  # some preview text arrived before the cut
    assert final.mode == "extractive"
    assert "no complete reply within 1s" in final.warnings[0]


def test_connection_refused_falls_back(make_index: Callable[..., Index]) -> None:
    with socket.socket() as s:  # a port that nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    idx = make_index(llm_base_url=f"http://127.0.0.1:{port}/v1")
    started = time.monotonic()
    ans = idx.ask(ARMY_Q)
    assert time.monotonic() - started < 5
    assert ans.mode == "extractive"
    assert f"cannot connect to openai server at http://127.0.0.1:{port}/v1" in ans.warnings[0]


def test_streaming_yields_tokens_then_the_verified_answer(
    make_index: Callable[..., Index], llm_server: FakeLLMServer
) -> None:
    idx = make_index()
    army = passage_number(idx, ARMY_Q, "army")
    reply = f"{ARMY_SENTENCE} [{army}]. The plan adds 250,000 reservists [{army}]."
    llm_server.script(reply)
    pieces, final = collect(idx.ask_stream(ARMY_Q))
    assert len(pieces) > 5 and "".join(pieces) == reply  # the raw reply, as it arrived
    assert llm_server.requests[0].body["stream"] is True
    assert final.mode == "llm" and [s.text for s in final.sentences] == [f"{ARMY_SENTENCE}."]
    assert len(final.dropped) == 1


def test_answerer_stream_api_directly(make_index: Callable[..., Index], llm_server: FakeLLMServer) -> None:
    idx = make_index()
    answerer = idx.answerer()
    assert isinstance(answerer, LLMAnswerer)
    query = idx.query(ARMY_Q)
    hits = idx.search(query)
    llm_server.script(f"{ARMY_SENTENCE} [1].")
    pieces, final = collect(answerer.stream(query, hits))
    assert "".join(pieces) == f"{ARMY_SENTENCE} [1]."
    assert isinstance(final, Draft) and final.mode == "llm"
    assert [h.chunk.id for h in final.sentences[0].hits] == [hits[0].chunk.id]
    # No passages: abstain without calling the server.
    before = len(llm_server.requests)
    _, empty = collect(answerer.stream(query, []))
    assert empty.abstained and len(llm_server.requests) == before


def test_auto_mode_uses_extractive_without_a_provider(
    make_index: Callable[..., Index], llm_server: FakeLLMServer
) -> None:
    idx = make_index(llm_provider="none")
    assert isinstance(idx.answerer(), ExtractiveAnswerer)
    ans = idx.ask(ARMY_Q)
    assert ans.mode == "extractive" and llm_server.requests == []


def test_ollama_provider_against_the_local_server(
    make_index: Callable[..., Index], llm_server: FakeLLMServer
) -> None:
    idx = make_index(llm_provider="ollama", llm_base_url=llm_server.host_url)
    army = passage_number(idx, ARMY_Q, "army")
    llm_server.script(f"{ARMY_SENTENCE} [{army}].", f"{ARMY_SENTENCE} [{army}].")
    ans = idx.ask(ARMY_Q)
    assert ans.mode == "llm" and [s.citations for s in ans.sentences] == [(1,)]
    pieces, final = collect(idx.ask_stream(ARMY_Q))
    assert "".join(pieces) == f"{ARMY_SENTENCE} [{army}]." and final.mode == "llm"
    assert [r.path for r in llm_server.requests] == ["/api/chat", "/api/chat"]
    assert llm_server.requests[0].body["model"] == "test"


@pytest.mark.parametrize("articles", [ARTICLES])
def test_every_request_went_to_the_local_server(
    make_index: Callable[..., Index], llm_server: FakeLLMServer, articles: list[dict[str, object]]
) -> None:
    # The autouse loopback guard fails the test on any other address; here we also check that
    # the server itself saw the request, i.e. no proxy or other endpoint answered instead.
    idx = make_index(articles)
    llm_server.script(f"{ARMY_SENTENCE} [1].")
    assert idx.ask(ARMY_Q).mode == "llm"
    assert len(llm_server.requests) == 1


RESPONDED_Q = "Has Kyiv responded to the proposal?"
RESPONDED_SENTENCE = "Kyiv has not yet responded to the proposal"


@pytest.mark.parametrize(
    ("verdict", "sentence", "shown"),
    [
        ("No", RESPONDED_SENTENCE, "no"),  # the cited sentence denies the claim: kept
        ("Yes", RESPONDED_SENTENCE, None),  # the cited sentence says the opposite: removed
        ("Yes", ARMY_SENTENCE, None),  # the cited sentence is about something else: removed
    ],
)
def test_a_verdict_stays_only_when_a_cited_sentence_states_it(
    make_index: Callable[..., Index], llm_server: FakeLLMServer, verdict: str, sentence: str, shown: str | None
) -> None:
    idx = make_index()
    army = passage_number(idx, RESPONDED_Q, "army")
    llm_server.script(f"Short answer: {verdict}\n{sentence} [{army}].")
    ans = idx.ask(RESPONDED_Q)
    assert ans.mode == "llm" and [s.text for s in ans.sentences] == [f"{sentence}."]
    assert ans.verdict == shown
    assert ans.short_answer == (shown.capitalize() if shown else None)
    assert any(d.text.endswith(f": {verdict}") for d in ans.dropped) == (shown is None)


HANDED_Q = "Did US Army Secretary Dan Driscoll hand President Volodymyr Zelensky the plan on Thursday?"
PRESENTED_SENTENCE = "US Army Secretary Dan Driscoll presented the plan to President Volodymyr Zelensky on Thursday"


def test_a_yes_a_cited_sentence_says_in_other_words_stays_with_a_warning(
    make_index: Callable[..., Index], llm_server: FakeLLMServer
) -> None:
    # "presented" is no word the clause alignment takes for "hand"; the sentence carries every other word of the claim
    idx = make_index()
    army = passage_number(idx, HANDED_Q, "army")
    llm_server.script(f"Short answer: Yes\n{PRESENTED_SENTENCE} [{army}].")
    ans = idx.ask(HANDED_Q)
    assert ans.mode == "llm" and ans.verdict == "yes" and ans.short_answer == "Yes"
    assert PARAPHRASE_WARNING in ans.warnings
    # ... and a "No" it does not deny is still removed
    llm_server.script(f"Short answer: No\n{PRESENTED_SENTENCE} [{army}].")
    assert idx.ask(HANDED_Q).verdict is None
