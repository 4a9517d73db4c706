"""Sums of money: whether a question asks for one, and which of two amounts the article states.

"What was Tesla's revenue?", "How big was the penalty?", "How big is the total debt pile?" ask for a sum of
money (WordNet's costs, payments, gains, financial obligations and funds), never a count of things ("184,877
vehicles", "nine vessels"). News gives an amount in a local currency with the paper's conversion in brackets
after it, "2.4 billion shillings ($18.6 million)": the first is the one the article states.
"""

from __future__ import annotations

from spacy.tokens import Span

from rag.answer.question import DURATION_ADVERBS, QuestionAnalysis
from rag.lexicon import is_money, is_sum_of_money


def converted(span: Span) -> bool:
    """Is this amount another amount converted, in brackets right after it: "2.4 billion shillings ($18.6 million)"?
    The article states the first; the second is the paper's conversion."""
    doc = span.doc
    start, end = span.start, span.end
    if start < 2 or end >= len(doc) or doc[start - 1].text != "(" or doc[end].text != ")":
        return False
    before = doc[start - 2]
    return before.ent_type_ == "MONEY" or (before.pos_ == "NOUN" and is_money(before.lemma_.lower()))


def sum_of_money_asked(q: QuestionAnalysis) -> bool:
    """Does the question ask the size of a sum of money: "What was Tesla's revenue?", "How big was the penalty?",
    "How big is the total debt pile?" (a noun the sum of money modifies)?"""
    # "How long did the sailing take?" measures a time, whatever noun the parser makes of "take"
    noun = q.head or (q.measured if q.degree not in DURATION_ADVERBS else None)
    if not noun:
        return False
    token = next((t for t in q.doc if t.lemma_.lower() == noun and t.pos_ == "NOUN"), None)
    if token is None:
        return False  # "How long did the sailing take?": what is measured is no noun ("take", a sum as a noun)
    return any(is_sum_of_money(w) for w in [noun, *(c.lemma_.lower() for c in token.children if c.dep_ == "compound")])
