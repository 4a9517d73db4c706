"""Local question answering over news articles with cited passages.

    from rag import Index
    idx = Index.open("~/my-index")
    idx.add(["articles/"])
    answer = idx.ask("How large would Ukraine's army be?")
"""

from typing import TYPE_CHECKING

from rag import _thinc_without_torch
from rag.errors import (
    ConfigError,
    IndexCorruptError,
    IndexLockedError,
    IndexMismatchError,
    LLMError,
    ModelNotFoundError,
    RagError,
    UsageError,
)

_thinc_without_torch.install()

if TYPE_CHECKING:
    from rag.index import Index
    from rag.ingest.seeds import seeds_dir
    from rag.records import (
        Answer,
        AnswerSentence,
        Article,
        Chunk,
        Citation,
        Conflict,
        ConflictSide,
        IndexReport,
        SearchHit,
        Skipped,
    )
    from rag.settings import Settings, load_settings

# Everything else is imported on first use (PEP 562), so `import rag` (and `rag --help`) stays
# cheap: rag.index pulls in numpy, pydantic and the storage layer.
_LAZY = {
    "Index": "rag.index", "seeds_dir": "rag.ingest.seeds", "Settings": "rag.settings", "load_settings": "rag.settings",
    **{name: "rag.records" for name in (
        "Answer", "AnswerSentence", "Article", "Chunk", "Citation", "Conflict", "ConflictSide", "IndexReport",
        "SearchHit", "Skipped",
    )},
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'rag' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "Answer", "AnswerSentence", "Article", "Chunk", "Citation", "Conflict", "ConflictSide", "ConfigError",
    "Index", "IndexCorruptError", "IndexLockedError", "IndexMismatchError", "IndexReport", "LLMError",
    "ModelNotFoundError", "RagError", "SearchHit", "Settings", "Skipped", "UsageError", "load_settings",
    "seeds_dir",
]
