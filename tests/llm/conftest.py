"""Fixtures for the LLM tests: a scripted fake LLM server on 127.0.0.1, a loopback-only network
guard, and a small indexed corpus configured to use the fake server."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from rag.index import Index
from rag.settings import Settings

from .corpus import ARTICLES, write_corpus
from .fake_llm import FakeLLMServer


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Refuse (and record) any connection or DNS lookup outside 127.0.0.1/::1; fail the test if one happened.

    Also clears proxy and provider variables so nothing in the environment can redirect the
    clients: proxies would make even a loopback URL leave the machine.
    """
    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
        "OPENAI_BASE_URL",
        "OPENAI_API_BASE",
        "OPENAI_API_KEY",
        "OLLAMA_HOST",
        "LANGSMITH_GATEWAY",
        "LANGSMITH_TRACING",
        "LANGCHAIN_TRACING_V2",
        "LANGSMITH_API_KEY",
        "LANGCHAIN_API_KEY",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost,::1")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost,::1")
    attempts: list[Any] = []
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def check(sock: socket.socket, address: Any) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(str(address[0])):
            attempts.append(address)
            raise OSError(f"test guard: connection to {address!r} refused (loopback only)")

    def connect(self: socket.socket, address: Any) -> None:
        check(self, address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        check(self, address)
        return real_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if host is not None and not _is_loopback(name):
            attempts.append(name)
            raise socket.gaierror(f"test guard: lookup of {name!r} refused (loopback only)")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield attempts
    assert not attempts, f"a test tried to reach beyond loopback: {attempts}"


@pytest.fixture
def llm_server() -> Iterator[FakeLLMServer]:
    server = FakeLLMServer().start()
    yield server
    server.stop()


@pytest.fixture
def llm_settings(tmp_path: Path, llm_server: FakeLLMServer) -> Callable[..., Settings]:
    """Settings for the hash embedder and the fake server; keyword arguments override fields."""

    def build(**overrides: Any) -> Settings:
        base: dict[str, Any] = {
            "index_dir": tmp_path / "idx",
            "cache_dir": tmp_path / "cache",
            "embedder": "hash",
            "llm_provider": "openai",
            "llm_base_url": llm_server.url,
            "llm_model": "test",
            "llm_timeout": 5.0,
            "llm_max_retries": 0,
        }
        base.update(overrides)
        return Settings(**base)

    return build


@pytest.fixture
def make_index(tmp_path: Path, llm_settings: Callable[..., Settings]) -> Callable[..., Index]:
    """``make_index(articles=ARTICLES, **settings)``: an index of those articles using the fake server."""

    def build(articles: Sequence[dict[str, Any]] = ARTICLES, **overrides: Any) -> Index:
        settings = llm_settings(**overrides)
        corpus = write_corpus(tmp_path / f"corpus-{len(articles)}.jsonl", articles)
        idx = Index(settings)
        idx.add([corpus])
        return idx

    return build
