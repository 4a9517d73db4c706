"""One base error for everything the user can cause or fix, plus a few specific kinds.

The CLI prints ``str(error)`` as a single line for any :class:`RagError`; anything else is a bug
and keeps its traceback.
"""

from __future__ import annotations


class RagError(Exception):
    """Base class: a failure with a message that tells the user what to do."""

    exit_code = 1


class UsageError(RagError):
    """The request itself is wrong (empty question, bad date, unknown option value)."""

    exit_code = 2


class ConfigError(UsageError):
    """The settings file or ``RAG_*`` environment variables are invalid."""


class ModelNotFoundError(RagError):
    """An embedding model could not be found locally (we never download at run time)."""


class IndexMismatchError(RagError):
    """The index was built with another embedding model, chunker or schema."""


class IndexCorruptError(RagError):
    """The index files are missing or damaged."""


class IndexLockedError(RagError):
    """Another process is writing to the index."""


class LLMError(RagError):
    """The language-model server failed, timed out or answered with something unusable."""
