"""Chat-model providers: a small name -> builder mapping over LangChain chat models.

``openai`` covers every OpenAI-compatible server (llama.cpp server, vLLM, LM Studio, OpenAI
itself); ``ollama`` talks to Ollama's own API. LangChain is imported inside the builders so that
``import rag`` stays fast for users who never configure an LLM.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rag.errors import ConfigError
from rag.sanitize import redact_url

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from rag.settings import Settings

OLLAMA_DEFAULT_URL = "http://127.0.0.1:11434"

ChatModelBuilder = Callable[["Settings"], "BaseChatModel"]


class ChatModelFactory:
    """Builds the LangChain chat model named by ``settings.llm_provider``."""

    def __init__(self) -> None:
        self._builders: dict[str, ChatModelBuilder] = {}

    def register(self, name: str, builder: ChatModelBuilder) -> None:
        """Add or replace the builder for provider ``name``."""
        self._builders[name] = builder

    def names(self) -> list[str]:
        return sorted(self._builders)

    def create(self, settings: Settings) -> BaseChatModel:
        """The configured chat model; :class:`ConfigError` with one line when settings are incomplete."""
        name = settings.llm_provider
        if name == "none":
            choices = ", ".join(self.names())
            raise ConfigError(f"no LLM is configured: set RAG_LLM_PROVIDER or pass --llm, one of: {choices}")
        if name not in self._builders:
            raise ConfigError(f"unknown LLM provider {name!r}; choose one of: {', '.join(self.names())}")
        if not settings.llm_model.strip():
            raise ConfigError(f"the {name} LLM needs a model name: set RAG_LLM_MODEL or pass --model NAME")
        return self._builders[name](settings)


def describe_endpoint(settings: Settings) -> str:
    """``"openai server at http://..."``: used in warnings so the user knows which server failed.

    Warnings reach every user of the web app, so the URL is shown without the credentials or
    query string it may carry (``http://user:password@host/v1?key=...``).
    """
    url = settings.llm_base_url or (OLLAMA_DEFAULT_URL if settings.llm_provider == "ollama" else "?")
    return f"{settings.llm_provider} server at {redact_url(url) if url != '?' else url}"


def _openai(settings: Settings) -> BaseChatModel:
    from langchain_openai import ChatOpenAI
    from pydantic import SecretStr

    if not settings.llm_base_url.strip():
        # No silent default to api.openai.com: a local-first tool must never send the user's
        # passages to a cloud service unless the user wrote that URL down.
        raise ConfigError(
            "the openai LLM needs a base URL: set RAG_LLM_BASE_URL or pass --base-url URL "
            "(e.g. http://127.0.0.1:8080/v1, or https://api.openai.com/v1 for OpenAI itself)"
        )
    base_url = settings.llm_base_url.strip()
    # OpenAI reads max_completion_tokens; llama.cpp's and other local servers read max_tokens.
    extra = {} if "api.openai.com" in base_url else {"max_tokens": settings.llm_max_tokens}
    return ChatOpenAI(
        base_url=base_url,
        api_key=SecretStr(settings.llm_api_key or "not-needed"),  # local servers ignore it; the SDK wants one
        model=settings.llm_model.strip(),
        timeout=settings.llm_timeout,
        max_retries=settings.llm_max_retries,
        temperature=settings.llm_temperature,
        max_completion_tokens=settings.llm_max_tokens,
        extra_body=extra or None,
    )


def _ollama(settings: Settings) -> BaseChatModel:
    import httpx
    from langchain_ollama import ChatOllama

    headers = {}
    if settings.llm_api_key and settings.llm_api_key != "not-needed":
        headers["Authorization"] = f"Bearer {settings.llm_api_key}"
    # The ollama client has no retry option; httpx transports retry failed connections, which is
    # the failure that matters for a local server that is still starting.
    retries = settings.llm_max_retries
    return ChatOllama(
        base_url=settings.llm_base_url.strip() or OLLAMA_DEFAULT_URL,
        model=settings.llm_model.strip(),
        temperature=settings.llm_temperature,
        num_predict=settings.llm_max_tokens,
        client_kwargs={"timeout": settings.llm_timeout, "headers": headers},
        sync_client_kwargs={"transport": httpx.HTTPTransport(retries=retries)},
        async_client_kwargs={"transport": httpx.AsyncHTTPTransport(retries=retries)},
    )


chat_models = ChatModelFactory()
chat_models.register("openai", _openai)
chat_models.register("ollama", _ollama)


def create_chat_model(settings: Settings) -> BaseChatModel:
    """Shorthand for ``chat_models.create(settings)``."""
    return chat_models.create(settings)
