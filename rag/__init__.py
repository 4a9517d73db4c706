"""Local question answering over news articles with cited passages.

    from rag import Index
    idx = Index.open("~/my-index")
    idx.add(["articles/"])
    answer = idx.ask("How large would Ukraine's army be?")
"""

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
from rag.index import Index, seeds_dir
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

__all__ = [
    "Answer", "AnswerSentence", "Article", "Chunk", "Citation", "Conflict", "ConflictSide", "ConfigError",
    "Index", "IndexCorruptError", "IndexLockedError", "IndexMismatchError", "IndexReport", "LLMError",
    "ModelNotFoundError", "RagError", "SearchHit", "Settings", "Skipped", "UsageError", "load_settings",
    "seeds_dir",
]
