"""Errors of the embedding backends, independent of any application.

Every message says what to do. Applications map them onto their own error types (``rag`` turns
:class:`UnknownBackendError` into a configuration error and the others into
``ModelNotFoundError``), so a command line still prints one clear line.
"""

from __future__ import annotations


class EmbeddingError(Exception):
    """Base class: an embedder cannot be built; the message tells the user what to do."""


class UnknownBackendError(EmbeddingError, ValueError):
    """No backend is registered under the requested name."""


class BackendUnavailableError(EmbeddingError):
    """A package the backend needs (onnxruntime, openvino, torch, ...) is not installed."""


class ModelFilesError(EmbeddingError):
    """The model files are missing, unreadable or of a kind the backend does not support."""
