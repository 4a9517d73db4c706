"""The stages after an answerer, the same for every answerer, streamed or not: conflicts are checked against
the index's claims, an agree/disagree question gets its verdict from them, and the answer is rendered."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from embeddings import Embedder
from rag.answer.base import Draft
from rag.answer.conflicts import ClaimLookup, Disagreement, find_disagreements
from rag.answer.consistency import consistency_verdict
from rag.answer.question import analyse_question
from rag.answer.render import render
from rag.nlp import TextAnalyser
from rag.records import Answer, SearchHit


def conclude(
    question: str,
    draft: Draft,
    hits: Sequence[SearchHit],
    lookup: ClaimLookup | None,
    embedder: Embedder,
    nlp: TextAnalyser,
    shown: str | None = None,
) -> Answer:
    """The answer to ``question`` from ``draft``: its disagreements found through ``lookup`` (none without
    one: an empty index has no claims), then rendered. ``shown``: the question as the user typed it, when
    ``question`` is how the answer layer read it."""
    disagreements: list[Disagreement] = []
    if lookup is not None:
        disagreements = find_disagreements(question, draft, hits, lookup, embedder)
        if not draft.abstained:
            draft = consistency_verdict(analyse_question(question, nlp), draft, disagreements)
    return render(shown or question, draft, disagreements)


def timed(result: Answer, **ms: float) -> Answer:
    """``result`` with these stage timings (milliseconds) added to its own."""
    return replace(result, timings_ms={**result.timings_ms, **ms})
