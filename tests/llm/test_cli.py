"""`rag ask` with an LLM: flags, streaming to stdout, the JSON contract, one-line config errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from rag.cli import main
from rag.index import Index

from .corpus import ARMY_Q, passage_number
from .fake_llm import FakeLLMServer, Reply

ARMY_SENTENCE = "The draft peace plan would cap Ukraine's armed forces at 600,000 troops"
CONTRACT_KEYS = {
    "question",
    "short_answer",
    "verdict",
    "llm_reply",
    "answer",
    "abstained",
    "mode",
    "citations",
    "sentences",
    "dropped",
    "conflicts",
    "warnings",
    "timings_ms",
}


@pytest.fixture
def indexed(make_index: Callable[..., Index], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Index:
    """The test corpus indexed on disk; the CLI finds it through --index-dir and RAG_* variables."""
    idx = make_index()
    monkeypatch.setenv("RAG_EMBEDDER", "hash")
    monkeypatch.setenv("RAG_CACHE_DIR", str(tmp_path / "cache"))
    return idx


def llm_args(server: FakeLLMServer, idx: Index) -> list[str]:
    return ["--index-dir", str(idx.dir), "--llm", "openai", "--base-url", server.url, "--model", "test"]


class Recorder:
    """A stdout that remembers when each piece of text was written."""

    def __init__(self) -> None:
        self.writes: list[tuple[float, str]] = []

    def write(self, text: str) -> int:
        self.writes.append((time.monotonic(), text))
        return len(text)

    def flush(self) -> None:
        pass

    @property
    def text(self) -> str:
        return "".join(t for _, t in self.writes)


def test_ask_streams_tokens_as_they_arrive(
    indexed: Index, llm_server: FakeLLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    army = passage_number(indexed, ARMY_Q, "army")
    reply = f"{ARMY_SENTENCE} [{army}]."
    llm_server.script(Reply(text=reply, chunk_delay=0.1))
    out = Recorder()
    monkeypatch.setattr(sys, "stdout", out)
    assert main(["ask", ARMY_Q, *llm_args(llm_server, indexed)]) == 0
    [request] = llm_server.requests
    assert request.body["stream"] is True
    # The first words were on stdout before the server had even sent the last one.
    first_word_at = next(t for t, text in out.writes if "draft" in text)
    assert first_word_at < request.sent_chunks[-1]
    assert out.text.startswith(reply)
    assert "Sources:\n[1] Peace plan would cap Ukraine's army · Example Wire · 2025-11-20  (army)" in out.text
    assert "Removed" not in out.text and "Warning" not in out.text


def test_ask_reports_dropped_sentences_and_the_checked_answer(
    indexed: Index, llm_server: FakeLLMServer, capsys: pytest.CaptureFixture[str]
) -> None:
    army = passage_number(indexed, ARMY_Q, "army")
    llm_server.script(f"{ARMY_SENTENCE} [{army}]. The plan adds 250,000 reservists [{army}].")
    assert main(["ask", ARMY_Q, *llm_args(llm_server, indexed)]) == 0
    out = capsys.readouterr().out
    checked = out.split("--- Checked answer ---\n", 1)[1]
    assert checked.startswith(f"{ARMY_SENTENCE}. [1]\n")
    assert "250,000" not in checked.split("Removed")[0]
    assert "Removed 1 sentence(s) that the cited passages do not support:" in out
    assert "'250,000' not found in cited passage" in out


def test_ask_json_prints_only_the_final_object(
    indexed: Index, llm_server: FakeLLMServer, capsys: pytest.CaptureFixture[str]
) -> None:
    army = passage_number(indexed, ARMY_Q, "army")
    llm_server.script(f"{ARMY_SENTENCE} [{army}]. Kyiv accepted the plan [9].")
    assert main(["ask", ARMY_Q, *llm_args(llm_server, indexed), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)  # nothing but one JSON document on stdout
    assert set(data) == CONTRACT_KEYS
    assert data["mode"] == "llm" and data["abstained"] is False
    assert data["sentences"] == [{"text": f"{ARMY_SENTENCE}.", "citations": [1], "supported": True}]
    assert data["dropped"] == [
        {"text": "Kyiv accepted the plan [9].", "reason": "cites passage [9], which does not exist"}
    ]
    assert [c["n"] for c in data["citations"]] == [1] and data["citations"][0]["doc_id"] == "army"
    assert len(llm_server.requests) == 1


def test_llm_none_flag_gives_the_extractive_answer(
    indexed: Index,
    llm_server: FakeLLMServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RAG_LLM_PROVIDER", "openai")  # the flag beats the environment
    assert main(["ask", ARMY_Q, "--index-dir", str(indexed.dir), "--llm", "none", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["mode"] == "extractive"
    assert llm_server.requests == []


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--llm", "openai", "--base-url", "http://127.0.0.1:9/v1"], "the openai LLM needs a model name"),
        (["--llm", "openai", "--model", "test"], "the openai LLM needs a base URL"),
        (["--llm", "claude", "--model", "test"], "invalid setting llm_provider"),
    ],
)
def test_incomplete_llm_configuration_is_a_one_line_error(
    indexed: Index, capsys: pytest.CaptureFixture[str], flags: list[str], message: str
) -> None:
    assert main(["ask", ARMY_Q, "--index-dir", str(indexed.dir), *flags]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"error: {message}") and captured.err.count("\n") == 1


def test_environment_variables_configure_the_llm_in_a_real_process(
    indexed: Index, llm_server: FakeLLMServer, tmp_path: Path
) -> None:
    army = passage_number(indexed, ARMY_Q, "army")
    llm_server.script(f"{ARMY_SENTENCE} [{army}].")
    env = {
        k: v
        for k, v in os.environ.items()
        if "proxy" not in k.lower() and not k.startswith(("OPENAI", "LANG"))
    }
    env.update(
        RAG_LLM_PROVIDER="openai",
        RAG_LLM_MODEL="test",
        RAG_LLM_BASE_URL=llm_server.url,
        RAG_LLM_TIMEOUT="10",
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
    )
    proc = subprocess.run(
        [sys.executable, "-m", "rag.cli", "ask", ARMY_Q, "--index-dir", str(indexed.dir), "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["mode"] == "llm" and data["sentences"][0]["text"] == f"{ARMY_SENTENCE}."
    assert len(llm_server.requests) == 1 and llm_server.requests[0].body["model"] == "test"
