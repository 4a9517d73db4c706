"""A yes/no claim about a figure, judged by the figure the evidence gives for it.

"Did the quake leave 14 people dead?" is answered by "killing 14 people", "Would Ukraine get a full year before
elections?" by "holds elections within 100 days", "Did the council keep the rise below 5 per cent?" by "raising
property taxes by 4.9 per cent": the evidence gives the claim's figure under another predicate than the question's,
so no clause aligns with the claim (:mod:`rag.answer.verdict`). When none does, a sentence that speaks of the
claim's subject (as many of the claim's other words as a clause must carry, :func:`rag.answer.clauses.least_shared`,
and every name the claim carries named in its passage) and gives a figure of the claim's kind (a count of the same
thing, a sum of money, a share, a length of time) decides: Yes when the figure it gives lies within what the
question claims ("about a year" / "for a year", "above nine" / "14"), No when it lies outside ("a full year" /
"within 100 days"). A figure that is itself a bound ("at least nine") the claim neither holds nor rules out decides
nothing, nor does a figure in a denied clause. A sentence that gives the claim's figure wins over one that gives
another.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from spacy.tokens import Span, Token

from rag.answer.claim import Claim, fixed_date
from rag.answer.clauses import least_shared, shared_lemmas
from rag.answer.names import mentions
from rag.answer.roles import SUBJECT_DEPS
from rag.answer.units import LOOSE, duration_days
from rag.answer.values import FIGURE_KINDS, counted, counts_alike
from rag.claims import APPROXIMATORS
from rag.nlp import NAME_LABELS, TIME_LABELS, governing_predicate, is_negated, norm_text, value_kind
from rag.nlp import lemma as _lemma  # a name's own words, else the lower-cased lemma
from rag.numbers import numeric_value

# English words that bound a figure: "more than 20", "over 100", "at least nine", "below 5 per cent", "within 100
# days", "up to 40"
MORE = frozenset("more over above exceeding greater higher beyond".split())
LESS = frozenset("less fewer under below lower within".split())
BOUND_PREPOSITIONS = frozenset("above beyond below under within".split())  # "over ten years" is a length
LOOSENESS = 0.1  # "roughly 2,500" in a question holds of 2,250-2,750
ROUNDING = 0.005  # an exact figure holds within rounding

Interval = tuple[float, float]


def figure_verdict(claim: Claim, sentences: Sequence[Span]) -> tuple[str | None, int | None]:
    """"yes" or "no" from the first sentence that gives the claim's figure within, else outside, what the claim
    says, with that sentence's index; (None, None) when the claim has no one figure or no sentence decides."""
    figures = [v for v in claim.values if _kind(v) is not None]
    if len(figures) != 1:
        return None, None
    asked = figures[0]
    if not _claimed(asked, claim):
        return None, None
    kind = _kind(asked)
    claimed = _interval(asked, loose=True)
    if claimed is None:
        return None, None
    figure_words = {_lemma(t) for t in asked} | APPROXIMATORS
    others = claim.lemmas - set(claim.keys) - figure_words
    need = least_shared(len(others))
    names = [v for v in claim.values if v.label_ in NAME_LABELS]
    denied: int | None = None
    for i, sent in enumerate(sentences):
        passage = norm_text(sent.doc.text).split()
        if not all(mentions(n.text, n.label_, passage) for n in names) or shared_lemmas(others, sent) < need:
            continue
        for said in sent.ents:
            if _kind(said) != kind or (kind == "number" and not _same_thing(asked, said)):
                continue
            if is_negated(governing_predicate(said.root)):
                continue
            given = _interval(said, loose=False)
            if given is None:
                continue
            if claimed[0] <= given[0] and given[1] <= claimed[1]:
                return "yes", i
            if denied is None and (given[1] < claimed[0] or claimed[1] < given[0]):
                denied = i
    return ("no", denied) if denied is not None else (None, None)


def _claimed(value: Span, claim: Claim) -> bool:
    """Is the figure the claim's own value, said by its predicate (its head, a key word, or a complement of either)
    of what the claim is about, not part of its subject ("Is the 40 mg dose covered?") nor of a clause that only
    describes something ("on the day Athens reached 43 degrees", which the parser may hang on the predicate as a
    complement clause)?"""
    tok = value.root
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:
        if tok.dep_ in SUBJECT_DEPS:
            return False
        tok = tok.head
    while tok.i != claim.head.i and _lemma(tok) not in claim.keys:
        if tok.dep_ != "xcomp" or tok.head.i == tok.i:  # "expected to provide 2,500 jobs"
            return False
        tok = tok.head
    return True


def _kind(value: Span) -> str | None:
    """The value's kind if it is a figure a claim can be judged by: a count, a sum of money, a share, or a length
    of time (not a date: those are swapped by :mod:`rag.answer.values`)."""
    kind = value_kind(value.label_)
    if kind in FIGURE_KINDS:
        return kind
    if value.label_ in TIME_LABELS and not fixed_date(value) and duration_days(value) is not None:
        return "length"
    return None


def _same_thing(asked: Span, said: Span) -> bool:
    """Do two counts count the same thing, both saying what ("14 people" / "14 people", not "nine districts")?"""
    return counted(asked) is not None and counted(said) is not None and counts_alike(asked, said)


def _interval(value: Span, loose: bool) -> Interval | None:
    """The least and most the figure allows: a bound's open side is infinite ("more than 20"); a question's own
    figure (``loose``) holds within rounding, or within ``LOOSENESS`` when approximate ("roughly 2,500")."""
    days = duration_days(value) if _kind(value) == "length" else None
    words = _bound_words(value)
    if days is not None:
        low, high = days
        spread = LOOSE  # "a year" holds of "12 months"
        words.discard("over")  # "collected over 10 years" is a length, not a bound
    else:
        number = numeric_value(value)
        if number is None:
            return None
        low = high = number
        spread = 1 + (LOOSENESS if words & APPROXIMATORS else ROUNDING)
    if words & MORE:
        return math.nextafter(high, math.inf), math.inf
    if "least" in words:
        return low, math.inf
    if words & LESS or "most" in words:
        return -math.inf, high
    return (low / spread, high * spread) if loose else (low, high)


def _bound_words(value: Span) -> set[str]:
    """The words that bound or approximate a figure: in it or on its number ("more than 24 lakh", "at least
    nine", "about 2,500"), or the preposition it is the object of, also through what it measures ("below 5 per
    cent", "above the earlier count of nine")."""
    root = value.root
    number = next((t for t in value if t.like_num), root)
    words = {t.lower_ for t in value}
    words |= {c.lower_ for t in (root, number) for c in t.children if c.dep_ in ("quantmod", "advmod", "amod")}
    if value.start > 0:
        words.add(value.doc[value.start - 1].lower_)
    measured: Token = root
    while measured.dep_ == "pobj" and measured.head.lower_ == "of" and measured.head.head.pos_ == "NOUN":
        measured = measured.head.head
    if measured.dep_ == "pobj" and measured.head.lower_ in BOUND_PREPOSITIONS:
        words.add(measured.head.lower_)
    return words
