"""What the question names that no retrieved passage mentions (a name, a figure, a year no passage is about), and
how an abstention says that no passage states what a typed question asks for.

The extractive answerer abstains on a question naming what no passage mentions (:mod:`rag.answer.extractive`),
unless the index holds the name somewhere (a retrieval miss, not a sign the corpus does not say).
"""

from __future__ import annotations

from collections.abc import Sequence

from rag.answer.either_or import option_words
from rag.answer.names import mentions
from rag.answer.passages import passage_text
from rag.answer.question import QuestionAnalysis
from rag.claims import published_date, years_named
from rag.nlp import TIME_LABELS, norm_text
from rag.records import SearchHit

# Names the question must find in a passage; nationalities ("Russian") are too loose to require.
REQUIRED_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW",
                             "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "PROPN"})


def missing_names(q: QuestionAnalysis, hits: Sequence[SearchHit]) -> list[str]:
    """Names and numbers of the question that no retrieved passage mentions, an either-or question's
    options aside ("Is the charge 40 or 50 kroner?": the corpus is expected to state only one)."""
    words = norm_text(" ".join(passage_text(h) for h in hits)).split()
    options = {t.text for o in q.options for t in option_words(o)}
    return [name for name, label in q.names if label in REQUIRED_LABELS and not mentions(name, label, words)
            and not options & set(name.split())]


def missing_years(q: QuestionAnalysis, hits: Sequence[SearchHit]) -> list[str]:
    """Years the question names ("How many died in 2023?") that no retrieved passage is about: none
    names it, none was published in it, and no "last year" or "next year" of one counts to it. Passages
    with no publication date could be about any year, so then none is missing."""
    asked = years_named({norm_text(text) for text, label in q.names if label == "DATE"}, None)
    dates = [published_date(h.published_at) for h in hits]
    if not asked or None in dates:
        return []
    covered = {d.year for d in dates if d is not None}
    for h, published in zip(hits, dates, strict=True):
        covered |= years_named({norm_text(passage_text(h))}, published)
    return [str(y) for y in sorted(asked - covered)]


def counted_as_written(q: QuestionAnalysis) -> str | None:
    """The counted noun as the question writes it ("how many evacuees", not its lemma)."""
    return next((t.lower_ for t in q.doc if t.lemma_.lower() == q.counted), q.counted)


def _kind(q: QuestionAnalysis) -> str:
    return "date" if q.expected <= TIME_LABELS else "number" if q.numeric else "name"


def no_typed_span(q: QuestionAnalysis) -> str:
    """Why a typed question is not answered when no retrieved sentence holds an answer of its kind."""
    return f"No retrieved passage states the {_kind(q)} the question asks for."


def nothing_about(q: QuestionAnalysis) -> str:
    """Why a typed question is not answered when no answer of its kind is said of what it asks about."""
    what = f"how {q.quantifier or 'many'} {counted_as_written(q)}" if q.counted else f"the {_kind(q)}"
    return f"No retrieved passage about the question's subject states {what}."
