"""LLM settings: defaults, environment variables, bounds, 'auto' answer mode, provider factory."""

from __future__ import annotations

import pytest

from rag.errors import ConfigError
from rag.llm.providers import OLLAMA_DEFAULT_URL, ChatModelFactory, create_chat_model
from rag.settings import Settings, load_settings


def test_defaults_mean_no_llm() -> None:
    s = load_settings()
    assert s.llm_provider == "none" and s.answerer == "auto" and s.answer_mode == "extractive"
    assert 0 < s.llm_timeout <= 600 and 0 <= s.llm_max_retries <= 5


def test_environment_selects_the_llm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAG_LLM_PROVIDER", "openai")
    monkeypatch.setenv("RAG_LLM_MODEL", "qwen2.5")
    monkeypatch.setenv("RAG_LLM_BASE_URL", "http://127.0.0.1:8080/v1")
    monkeypatch.setenv("RAG_LLM_API_KEY", "sk-secret")
    s = load_settings()
    assert (s.llm_provider, s.llm_model, s.llm_base_url) == ("openai", "qwen2.5", "http://127.0.0.1:8080/v1")
    assert s.answer_mode == "llm"
    assert "sk-secret" not in repr(s)
    assert load_settings(answerer="extractive").answer_mode == "extractive"  # explicit mode wins over auto


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("llm_timeout", 0),
        ("llm_timeout", 601),
        ("llm_max_retries", -1),
        ("llm_max_retries", 6),
        ("llm_provider", "anthropic"),
        ("answerer", "gpt"),
    ],
)
def test_out_of_bounds_values_are_config_errors(field: str, value: object) -> None:
    with pytest.raises(ConfigError, match=f"invalid setting {field}"):
        load_settings(**{field: value})


def test_factory_builds_configured_clients() -> None:
    openai = create_chat_model(
        Settings(
            llm_provider="openai",
            llm_model="m",
            llm_base_url="http://127.0.0.1:1/v1",
            llm_timeout=7,
            llm_max_retries=2,
            llm_temperature=0.3,
        )
    )
    assert type(openai).__name__ == "ChatOpenAI"
    assert (openai.model_name, openai.request_timeout, openai.max_retries, openai.temperature) == (
        "m",
        7,
        2,
        0.3,
    )
    assert str(openai.openai_api_base) == "http://127.0.0.1:1/v1"
    ollama = create_chat_model(Settings(llm_provider="ollama", llm_model="llama3.2"))
    assert type(ollama).__name__ == "ChatOllama" and ollama.base_url == OLLAMA_DEFAULT_URL


def test_factory_errors_are_one_line() -> None:
    with pytest.raises(ConfigError, match="no LLM is configured"):
        create_chat_model(Settings())
    with pytest.raises(ConfigError, match="needs a model name: set RAG_LLM_MODEL or pass --model"):
        create_chat_model(Settings(llm_provider="ollama"))
    with pytest.raises(ConfigError, match="needs a base URL: set RAG_LLM_BASE_URL or pass --base-url"):
        create_chat_model(Settings(llm_provider="openai", llm_model="m"))


def test_factory_accepts_new_providers() -> None:
    factory = ChatModelFactory()
    sentinel = object()
    factory.register("openai", lambda s: sentinel)  # type: ignore[arg-type,return-value]
    assert factory.create(Settings(llm_provider="openai", llm_model="m")) is sentinel
    assert factory.names() == ["openai"]
