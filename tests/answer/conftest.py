"""Shared helpers for the answer-layer unit tests: the real spaCy pipeline, a hash embedder, hits, asking."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from embeddings.hashing import HashingEmbedder
from rag.answer.base import Draft
from rag.answer.extractive import ExtractiveAnswerer
from rag.nlp import TextAnalyser, analyser
from rag.query import Query
from rag.records import Chunk, SearchHit


@pytest.fixture(scope="session")
def nlp() -> TextAnalyser:
    return analyser()


@pytest.fixture(scope="session")
def emb() -> HashingEmbedder:
    return HashingEmbedder(4096)


def make_hit(
    doc_id: str, text: str, *, source: str | None = "Wire", date: str | None = None, rank: int = 1,
    title: str | None = None,
) -> SearchHit:
    return SearchHit(rank, Chunk(f"{doc_id}:0000", doc_id, 0, len(text), text), title or f"{doc_id} title", source,
                     date, None, 1.0 / rank)


@pytest.fixture(scope="session", name="make_hit")
def make_hit_fixture() -> Callable[..., SearchHit]:
    """``make_hit(doc_id, text, source=..., date=..., rank=..., title=...)`` -> a SearchHit over one chunk."""
    return make_hit


@pytest.fixture(scope="session")
def ask(nlp: TextAnalyser, emb: HashingEmbedder) -> Callable[[str, list[SearchHit]], Draft]:
    """``ask(question, hits)`` -> the extractive answerer's draft for the question over those hits."""
    answerer = ExtractiveAnswerer(emb, nlp)
    return lambda question, hits: answerer.answer(Query.create(question, 5), hits)
