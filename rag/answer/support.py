"""Verdicts for yes/no questions that compare two reports in time.

"Did the Sporting News report on X come before The Roar mentioned Y?": the two named sources
are matched to the retrieved passages they published, and the verdict compares their
publication dates. Only when the relation word sits between the two names: "After the Age
report, did TechCrunch ..." frames the question rather than asking about order.

(Questions that make several claims at once, "Does A suggest X while B implies Y?", get no
verdict from similarity alone: on the MultiHop-RAG public half, how close the best sentences
were to each part did not separate the "yes" from the "no" answers at any threshold.)
"""

from __future__ import annotations

from collections.abc import Sequence

from rag.answer.question import QuestionAnalysis
from rag.claims import published_date
from rag.nlp import norm_text
from rag.records import SearchHit

BEFORE = frozenset({"before", "earlier", "prior", "preceding"})
AFTER = frozenset({"after", "later", "following", "subsequent"})


def source_position(question: str, source: str) -> int:
    """Where a source is named in the question (character offset), or -1."""
    low = norm_text(question)
    name = norm_text(source)
    if name and f" {name} " in f" {low} ":
        return f" {low} ".index(f" {name} ")
    for part in source.replace("|", "-").split(" - "):
        p = norm_text(part)
        if len(p) >= 3 and f" {p} " in f" {low} ":
            return f" {low} ".index(f" {p} ")
    return -1


def order_verdict(q: QuestionAnalysis, hits: Sequence[SearchHit]) -> tuple[str | None, str | None]:
    """ "yes"/"no" for "did A (come) before/after B" from the dates of the passages A and B name, and A's source."""
    if q.form != "yes_no":
        return None, None
    words = norm_text(q.text).split()
    relation = next((w for w in words if w in BEFORE | AFTER), None)
    if relation is None:
        return None, None
    named = [(s, pos) for pos, s in _named_with_positions(q.text, hits)]
    if len(named) < 2:
        return None, None
    at = norm_text(q.text).index(relation)
    first = [s for s, pos in named if pos < at]
    second = [s for s, pos in named if pos > at]
    if not first or not second:
        return None, None  # "After the Age report, did TechCrunch ...": the relation frames, it does not ask
    dated = {s: [d for h in hits if h.source == s and (d := published_date(h.published_at))]
             for s in (first[-1], second[0])}
    if not dated[first[-1]] or not dated[second[0]]:
        return None, None
    a, b = max(dated[first[-1]]), max(dated[second[0]])
    if a == b:
        return None, None
    earlier = a < b
    verdict = earlier if relation in BEFORE else not earlier
    return ("yes" if verdict else "no"), first[-1]


def _named_with_positions(question: str, hits: Sequence[SearchHit]) -> list[tuple[int, str]]:
    """(position in the question, source) of the retrieved passages' sources the question names, in order."""
    sources = {h.source for h in hits if h.source}
    return sorted((pos, s) for s in sources if (pos := source_position(question, s)) >= 0)


def named_sources(question: str, hits: Sequence[SearchHit]) -> list[str]:
    """The sources of the retrieved passages that the question names, in the order it names them."""
    return [s for _, s in _named_with_positions(question, hits)]
