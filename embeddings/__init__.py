"""Embedding backends (a small protocol plus a name -> factory registry) and their cache.

This package imports nothing from the application: settings come in as an
:class:`EmbedderConfig`, failures go out as :mod:`embeddings.errors` exceptions.
"""

from embeddings.base import Embedder, EmbedderConfig, available, create_embedder, register
from embeddings.cache import EmbeddingCache
from embeddings.errors import BackendUnavailableError, EmbeddingError, ModelFilesError, UnknownBackendError


def _sentence_transformers(cfg: EmbedderConfig) -> Embedder:
    from embeddings.sentence_transformer import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(cfg.model, cfg.batch_size)


def _hash(cfg: EmbedderConfig) -> Embedder:
    from embeddings.hashing import HashingEmbedder

    return HashingEmbedder(int(cfg.model) if cfg.model.isdigit() else 256)


def _onnx(cfg: EmbedderConfig) -> Embedder:
    from embeddings.onnx_backend import OnnxEmbedder

    # precision fp32 skips int8 quantisation (slower, numerically identical to torch)
    return OnnxEmbedder(cfg.model, cfg.batch_size, cfg.cache_dir, quantize=cfg.precision != "fp32",
                        threads=cfg.threads, progress=cfg.progress)


def _openvino(cfg: EmbedderConfig) -> Embedder:
    from embeddings.openvino_backend import OpenVINOEmbedder

    return OpenVINOEmbedder(cfg.model, cfg.batch_size, cfg.cache_dir, precision=cfg.precision,
                            threads=cfg.threads, progress=cfg.progress)


register("sentence-transformers", _sentence_transformers)
register("openvino", _openvino)
register("onnx", _onnx)
register("hash", _hash)

__all__ = [
    "BackendUnavailableError", "Embedder", "EmbedderConfig", "EmbeddingCache", "EmbeddingError", "ModelFilesError",
    "UnknownBackendError", "available", "create_embedder", "register",
]
