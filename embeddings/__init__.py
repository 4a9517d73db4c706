"""Embedding backends (a small protocol plus a name -> factory registry) and their cache."""

from embeddings.base import Embedder, available, create_embedder, register
from embeddings.cache import EmbeddingCache


def _sentence_transformers(model: str, batch_size: int) -> Embedder:
    from embeddings.sentence_transformer import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(model, batch_size)


def _hash(model: str, batch_size: int) -> Embedder:
    from embeddings.hashing import HashingEmbedder

    return HashingEmbedder(int(model) if model.isdigit() else 256)


register("sentence-transformers", _sentence_transformers)
register("hash", _hash)

__all__ = ["Embedder", "EmbeddingCache", "available", "create_embedder", "register"]
