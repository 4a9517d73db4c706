"""End to end with the real bundled model: seed questions answered with the right citations."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from rag import Index

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("question", "expected", "gold_doc"),
    [
        (
            "How large would Ukraine's army be under the peace plan?",
            "600,000",
            {"001_1d8b70d1a4602716", "004_3dab22978efde2ee"},
        ),
        ("Who presented the plan to Zelensky in writing?", "Dan Driscoll", {"001_1d8b70d1a4602716"}),
        ("How soon would Ukraine have to hold elections?", "100 days", {"001_1d8b70d1a4602716"}),
        ("Which newspaper reported that US guarantees depend on a deal?", "Financial Times", {"003_130c61d26131bc2f"}),
    ],
)
def test_seed_question_is_answered_with_citation(
    seed_index: Index, question: str, expected: str, gold_doc: set[str]
) -> None:
    ans = seed_index.ask(question)
    assert not ans.abstained
    assert expected.lower() in ans.answer.lower()
    cited = {c.hit.chunk.doc_id for c in ans.citations}
    assert cited & gold_doc
    # every answer sentence carries a marker that points at a listed citation
    numbers = {c.n for c in ans.citations}
    assert ans.sentences and all(set(s.citations) <= numbers for s in ans.sentences)
    for s in ans.sentences:
        assert f"[{s.citations[0]}]" in ans.answer
    # citation offsets point into the article's clean text
    for c in ans.citations:
        article = seed_index.document(c.hit.chunk.doc_id)
        assert article is not None
        assert article.text[c.hit.chunk.start : c.hit.chunk.end] == c.hit.chunk.text


def test_unanswerable_question_abstains(seed_index: Index) -> None:
    ans = seed_index.ask("What did Chinese foreign minister Wang Yi say about the peace plan?")
    assert ans.abstained
    assert "does not say" in ans.answer
    assert ans.citations == ()


def test_conflicting_sources_are_reported(seed_index: Index) -> None:
    ans = seed_index.ask("Which group of major economies would Russia be allowed to rejoin?")
    assert ans.conflicts, ans.answer
    topics = " ".join(c.topic for c in ans.conflicts)
    assert "G7" in topics and "G8" in topics
    docs = {s.doc_id for c in ans.conflicts for s in c.sides}
    assert "000_93e5da8ad259a328" in docs
    assert "disagree" in ans.answer


def test_cli_ask_json_with_real_model(seed_index: Index, tmp_path) -> None:
    env = dict(os.environ, RAG_INDEX_DIR=str(seed_index.dir), RAG_CACHE_DIR=str(tmp_path / "cache"))
    out = subprocess.run(
        [sys.executable, "-m", "rag.cli", "ask", "How large would Ukraine's army be under the peace plan?", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=True,
    )
    data = json.loads(out.stdout)
    assert set(data) >= {"question", "answer", "abstained", "mode", "citations", "conflicts", "warnings", "timings_ms"}
    assert data["mode"] == "extractive" and not data["abstained"]
    assert "600,000" in data["answer"]
    c = data["citations"][0]
    assert set(c) >= {"n", "doc_id", "chunk_id", "title", "source", "published_at", "start", "end", "text", "score"}
