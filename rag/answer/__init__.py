"""Answering: turn retrieved passages into a cited answer (extractive by default)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rag.answer.base import ABSTAIN_TEXT, Answerer, Corpus, Draft, Sentence, create_answerer, register_answerer

if TYPE_CHECKING:
    from embeddings import Embedder
    from rag.settings import Settings


def _extractive(settings: Settings, embedder: Embedder, corpus: Corpus | None) -> Answerer:
    from rag.answer.extractive import ExtractiveAnswerer
    from rag.nlp import analyser

    return ExtractiveAnswerer(embedder, analyser(settings.nlp_model), corpus)


def _llm(settings: Settings, embedder: Embedder, corpus: Corpus | None) -> Answerer:
    from rag.answer.llm import LLMAnswerer

    return LLMAnswerer.from_settings(settings, embedder, corpus)


register_answerer("extractive", _extractive)
register_answerer("llm", _llm)

__all__ = ["ABSTAIN_TEXT", "Answerer", "Corpus", "Draft", "Sentence", "create_answerer", "register_answerer"]
