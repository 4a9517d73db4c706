"""Text made safe to show: terminal controls escaped, URL credentials removed (issue #15, items 4 and 6)."""

from __future__ import annotations

import io
import json

import pytest

from rag.answer.llm import describe_error
from rag.llm.providers import describe_endpoint
from rag.sanitize import EscapingWriter, escape_controls, redact_url, redact_urls
from rag.settings import Settings


def test_terminal_controls_are_escaped_visibly() -> None:
    assert escape_controls("a\x1b]0;x\x07b\x9b31m\u202ec\td\n") == "a\\u001b]0;x\\u0007b\\u009b31m\\u202ec\td\n"
    assert escape_controls("Kyiv – Київ, naïve “quotes”") == "Kyiv – Київ, naïve “quotes”"


def test_escaped_json_stays_valid_and_means_the_same() -> None:
    data = {"title": "x\u202ey\x9bz", "text": "ok"}
    out = io.StringIO()
    EscapingWriter(out).write(json.dumps(data, ensure_ascii=False))
    assert "\u202e" not in out.getvalue() and json.loads(out.getvalue()) == data


@pytest.mark.parametrize(("url", "shown"), [
    ("http://alice:s3cret@llm.lan:8080/v1?key=k#f", "http://llm.lan:8080/v1"),
    ("https://token@api.example.com/v1", "https://api.example.com/v1"),
    ("http://[::1]:11434", "http://[::1]:11434"),
    ("http://127.0.0.1:8080/v1", "http://127.0.0.1:8080/v1"),
])
def test_urls_are_shown_without_credentials_or_query(url: str, shown: str) -> None:
    assert redact_url(url) == shown


def test_llm_warnings_carry_no_credentials() -> None:
    settings = Settings(llm_provider="openai", llm_base_url="http://alice:s3cret@llm.lan/v1?key=k", embedder="hash")
    assert describe_endpoint(settings) == "openai server at http://llm.lan/v1"
    error = RuntimeError("Client error '401 Unauthorized' for url 'http://alice:s3cret@llm.lan/v1/chat?key=k'")
    message = describe_error(error, describe_endpoint(settings), 5)
    assert "s3cret" not in message and "key=k" not in message and "llm.lan/v1/chat" in message
    assert redact_urls("see http://a:b@h/x?y=1 and https://c@d/") == "see http://h/x and https://d/"
