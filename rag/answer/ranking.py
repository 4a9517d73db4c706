"""The order of a question's candidate answers, once each is scored (:func:`rag.answer.evidence.best_spans`).

A value other articles among the best sentences state too gains a little (``W_SUPPORT`` for each); then the
question's own preferences put some candidates first, whatever their score: a figure its named source gives
("according to the organisers"), a when/where span of its own predicate, a name the text calls what the question
asks for, a name of the origin it asks about, the person the text titles as the head of the body it asks about,
and a time on the clock for "At what time ...?".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from rag.answer.asked import attributed_to, teller_words
from rag.answer.candidates import FIGURE_LABELS
from rag.answer.kinds import PLACES
from rag.answer.labels import called_as_head
from rag.answer.origins import asked_origin, origin_rank, other_origin_phrase
from rag.answer.question import META_LEMMAS, QuestionAnalysis, asks_sort
from rag.claims import clock_reading
from rag.lexicon import is_kind_of
from rag.nlp import NAME_LABELS, names_match, norm_text
from rag.numbers import same_number

if TYPE_CHECKING:
    from rag.answer.evidence import AnswerSpan, Evidence

W_SUPPORT = 0.04  # for each other article that states the same value
SLOT_FIRST_MIN = 0.35  # a when/where span of the question's own predicate leads from a sentence scoring this


def _same_value(a: AnswerSpan, b: AnswerSpan) -> bool:
    if a.value is not None and b.value is not None:
        return same_number(a.value, b.value)
    return norm_text(a.text) == norm_text(b.text) or (a.label != "NP" and names_match(a.text, b.text))


def kind_of(sent: Span, span: AnswerSpan, kind: str, itself: bool = True) -> bool:
    """Is a noun phrase's head a kind of ``kind`` by WordNet ("bulk carrier" of "vessel"; ``itself``: the noun
    ``kind`` too)?"""
    if span.start < 0 or span.label in FIGURE_LABELS:
        return False
    root = sent.doc[span.start : span.end].root
    word = root.lemma_.lower()
    return root.pos_ == "NOUN" and is_kind_of(word, kind) and (itself or word != kind)


def ranked(
    q: QuestionAnalysis, ev: Evidence, found: Sequence[AnswerSpan], leading: set[tuple[int, int]],
    body: Token | None,
) -> list[AnswerSpan]:
    """``found`` best first: by score with support, then by the question's preferences. ``leading``: the (sentence,
    start) of the spans the text titles as the head of ``body``, the body a "Who runs ...?" question asks about."""
    out = []
    for a in found:
        docs = {ev.sentences[b.sentence].hit.chunk.doc_id for b in found
                if b is not a and b.in_role and _same_value(a, b)}
        docs.discard(ev.sentences[a.sentence].hit.chunk.doc_id)
        out.append(replace(a, score=a.score + W_SUPPORT * len(docs)))
    order = sorted(out, key=lambda s: -s.score)
    if q.asks_kind and q.head and not q.strict and not q.wants_name and asks_sort(q):
        # "To what kind of relationship is it compared?": "an abusive friendship", a kind of relationship, before
        # phrases of no such kind from closer sentences (the noun itself, "the relationship", names no kind)
        order.sort(key=lambda s: not kind_of(ev.spans[s.sentence], s, q.head or "", itself=False))
    source = attributed_to(q.doc) - META_LEMMAS  # "according to the Sporting News article": not "article"
    if source:
        # "How many people marched according to the organisers?": a figure the organisers give ("Organisers
        # put the number at 200,000") before one another source gives ("80,000 people marched, police said")
        def told_by(s: AnswerSpan) -> bool:
            said = teller_words(ev.spans[s.sentence])
            return bool(source & (said | set(norm_text(ev.sentences[s.sentence].hit.source or "").split())))

        order.sort(key=lambda s: not told_by(s))
    if q.slot and (q.slot[0] == "advmod" or q.slot[:3:2] == ("acomp", "be") or (
            q.slot[1] and q.expected and q.expected <= PLACES)):
        # "When does the new mayor take office?": the time of the predicate asked about ("will take
        # office on January 1") before that of another event in a closer sentence ("was elected on
        # Sunday"); "How old is Sato?": what the text says Sato is ("Sato, 41,") before other figures
        order.sort(key=lambda s: not (s.role >= 1.0 and ev.sentences[s.sentence].score >= SLOT_FIRST_MIN))
    if q.strict and q.head and not q.numeric:
        # "Which consortium won the contract?": a name the text calls a consortium ("DeltaBouw Combinatie, a
        # consortium led by ...") before names it calls something else ("the Lek and Merwede Water Board")
        # ... or titles so ("Justice Helen Marchetti" for "Which judge ...?")
        called = [s.text for s in order if s.start >= 0 and s.label in NAME_LABELS
                  and ev.sentences[s.sentence].score >= SLOT_FIRST_MIN
                  and called_as_head(q, ev.spans[s.sentence].doc[s.start : s.end])]
        order.sort(key=lambda s: not any(names_match(s.text, c) for c in called))
    origin = asked_origin(q) if not q.numeric else None
    if origin is not None and q.strict:
        # "Which Moroccan firm ...?": a name the text gives that origin ("Morocco's Atlas Engineering") before names
        # it gives none, and those before names it gives another ("Spain's Hidrotec Iberia")
        order.sort(key=lambda s: 1 if s.start < 0 or ev.sentences[s.sentence].score < SLOT_FIRST_MIN
                    else origin_rank(origin, ev.spans[s.sentence].doc[s.start : s.end]))
    elif origin is not None:
        # "What type of Russian attack ...?": a phrase the text gives another origin last ("Ukrainian missile strikes")
        order.sort(key=lambda s: s.start >= 0 and other_origin_phrase(
            origin, ev.spans[s.sentence].doc[s.start : s.end]))
    if body is not None:
        # "Who runs the authority?": the person the text titles as its head, before any name closer to the question
        order.sort(key=lambda s: (s.sentence, s.start) not in leading)
    if q.expected == {"TIME"}:
        # "At what time did it strike?": a time on the clock ("at 11:42 p.m.") before the day ("late on Sunday")
        order.sort(key=lambda s: clock_reading(s.text) is None)
    return order
