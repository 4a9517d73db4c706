"""Attacks on the `rag` command, run as a real process (issue #15, items 4, 6 and 8).

Hostile article files that try to drive the terminal, an LLM URL with credentials and a
``rag.toml`` planted in the working directory. `rag ui` is attacked in tests/ui/test_ui_launch.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from localnet import free_port

# What a terminal acts on: ESC, BEL, the 8-bit CSI and the right-to-left override.
TERMINAL_CONTROLS = ("\x1b", "\x07", "\x9b", "\u202e")
QUESTION = "Who presented the plan to Zelensky?"


def rag(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "rag.cli", *args], env=env, cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", errors="replace", timeout=300)


# --- 4. terminal escapes in article text, titles, sources and ids ---------------------------------
@pytest.fixture
def hostile_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    rows = [
        {"id": "retitle", "title": "Grain corridor \x1b]0;PWNED\x07 reopens",
         "source": "BBC\x1b[2J\x9b31m", "published_at": "2025-11-20",
         "text": "Ministers agreed on Tuesday to reopen the grain corridor \x1b[8mhidden\x1b[0m after eleven weeks, "
                 "and \u202eeviL\u202c forty ships a day may pass, the ministers said."},
        {"id": "bad\x1b]0;x\x07id", "text": "Ministers agreed on Tuesday to reopen the grain corridor again."},
        {"id": "x" * 300, "text": "Ministers agreed on Tuesday to reopen the grain corridor once more."},
    ]
    (folder / "news.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    (folder / "title_escape.txt").write_text(
        "Harbour \x1b]0;OWNED\x07 expands\n\nThe harbour authority said on Monday that the new quay "
        "\x1b[2J will double capacity by spring.\n", encoding="utf-8")
    return folder


def test_printed_articles_cannot_drive_the_terminal(env: dict[str, str], tmp_path: Path, hostile_corpus: Path) -> None:
    indexed = rag(env, tmp_path, "index", str(hostile_corpus))
    assert indexed.returncode == 0, indexed.stderr
    runs = {
        "index": indexed,
        "docs": rag(env, tmp_path, "docs"),
        "search": rag(env, tmp_path, "search", "grain corridor ships harbour quay"),
        "ask": rag(env, tmp_path, "ask", "How many ships a day may pass through the grain corridor?"),
    }
    for name, run in runs.items():
        assert run.returncode == 0, (name, run.stderr)
        for ch in TERMINAL_CONTROLS:
            assert ch not in run.stdout and ch not in run.stderr, (name, repr(ch), run.stdout)
    assert "\\u001b]0;PWNED\\u0007" in runs["docs"].stdout  # shown, escaped, not acted on
    assert "Grain corridor" in runs["search"].stdout


def test_jsonl_ids_are_checked_like_file_names(env: dict[str, str], tmp_path: Path, hostile_corpus: Path) -> None:
    run = rag(env, tmp_path, "index", str(hostile_corpus), "--json")
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert sorted(report["added"]) == ["retitle", "title_escape"]
    reasons = [s["reason"] for s in report["skipped"]]
    assert "'id' contains a control or invisible character (U+001B)" in reasons
    assert "'id' is 300 characters long; the limit is 255" in reasons


def test_json_output_stays_valid_and_faithful(env: dict[str, str], tmp_path: Path, hostile_corpus: Path) -> None:
    assert rag(env, tmp_path, "index", str(hostile_corpus)).returncode == 0
    run = rag(env, tmp_path, "docs", "--json")
    for ch in TERMINAL_CONTROLS:
        assert ch not in run.stdout
    docs = {d["doc_id"]: d for d in json.loads(run.stdout)["documents"]}
    assert docs["retitle"]["title"] == "Grain corridor \x1b]0;PWNED\x07 reopens"  # the data itself is kept
    assert docs["retitle"]["source"] == "BBC\x1b[2J\x9b31m"


# --- 6. credentials in the LLM URL ----------------------------------------------------------------
def test_llm_url_credentials_are_not_shown(env: dict[str, str], tmp_path: Path) -> None:
    url = f"http://alice:s3cretpw@127.0.0.1:{free_port()}/v1?api_key=topsecretkey"  # nothing listens there
    env = {**env, "RAG_LLM_TIMEOUT": "5", "RAG_LLM_MAX_RETRIES": "0"}
    for extra in ([], ["--json"]):
        run = rag(env, tmp_path, "ask", QUESTION, "--llm", "openai", "--model", "m", "--base-url", url, *extra)
        assert run.returncode == 0, run.stderr
        output = run.stdout + run.stderr
        assert "could not answer" in output and "127.0.0.1" in output  # the warning still names the server
        assert "s3cretpw" not in output and "topsecretkey" not in output and "alice" not in output


# --- 8. a rag.toml in the working directory -----------------------------------------------------
@pytest.fixture
def planted(tmp_path: Path) -> Path:
    """A cloned corpus folder whose rag.toml points the index and the LLM elsewhere."""
    folder = tmp_path / "cloned-corpus"
    folder.mkdir()
    (folder / "rag.toml").write_text(
        f'index_dir = "{tmp_path / "attacker-index"}"\nanswerer = "llm"\nllm_provider = "openai"\n'
        f'llm_model = "m"\nllm_base_url = "http://127.0.0.1:{free_port()}/v1"\nllm_timeout = 5\n'
        "llm_max_retries = 0\n", encoding="utf-8")
    return folder


def test_a_planted_rag_toml_is_not_read(env: dict[str, str], tmp_path: Path, planted: Path) -> None:
    docs = rag(env, planted, "docs", "--json")
    assert docs.returncode == 0, docs.stderr
    assert json.loads(docs.stdout)["stats"]["index_dir"] == str(tmp_path / "home" / "data" / "rag" / "index")
    notes = [ln for ln in docs.stderr.splitlines() if ln.strip()]
    assert len(notes) == 1 and notes[0].startswith("note: ./rag.toml is ignored"), notes
    ask = rag(env, planted, "ask", QUESTION, "--json")
    assert ask.returncode == 0, ask.stderr
    answer = json.loads(ask.stdout)
    assert answer["mode"] == "extractive" and not answer["warnings"]  # no request to the planted LLM server
    assert not (tmp_path / "attacker-index").exists()


def test_rag_config_reads_it_on_purpose(env: dict[str, str], tmp_path: Path, planted: Path) -> None:
    docs = rag({**env, "RAG_CONFIG": "rag.toml"}, planted, "docs", "--json")
    assert docs.returncode == 0, docs.stderr
    assert json.loads(docs.stdout)["stats"]["index_dir"] == str(tmp_path / "attacker-index")
    assert "note:" not in docs.stderr
