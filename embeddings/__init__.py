"""Embedding backends (a small protocol plus a name -> factory registry) and their cache."""

from embeddings.base import Embedder, available, create_embedder, register
from embeddings.cache import EmbeddingCache


def _sentence_transformers(model: str, batch_size: int) -> Embedder:
    from embeddings.sentence_transformer import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(model, batch_size)


def _hash(model: str, batch_size: int) -> Embedder:
    from embeddings.hashing import HashingEmbedder

    return HashingEmbedder(int(model) if model.isdigit() else 256)


def _onnx(model: str, batch_size: int) -> Embedder:
    import os

    from embeddings.onnx_backend import OnnxEmbedder

    # RAG_ONNX_PRECISION=fp32 skips int8 quantisation (slower, numerically identical to torch)
    return OnnxEmbedder(model, batch_size, quantize=os.environ.get("RAG_ONNX_PRECISION", "int8") != "fp32")


register("sentence-transformers", _sentence_transformers)
register("onnx", _onnx)
register("hash", _hash)

__all__ = ["Embedder", "EmbeddingCache", "available", "create_embedder", "register"]
