"""A figure of the present, for a question about the present.

"Roughly how big is Ukraine's military at present?" asks what the army numbers now. A sentence that gives both the
figure a plan sets and the one of today ("limit the armed forces to 600,000 compared to over 900,000 currently")
answers with the figure the text marks as current. The mark is an adverb of the present nearest to the figure,
found by WordNet's adverbs of "now" ("currently", "presently", "nowadays", "today"); the question marks the present the
same way or with "at present".
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from spacy.tokens import Span, Token

from rag.lexicon import synonyms
from rag.nlp import NUMERIC_LABELS

# English: the adverbs WordNet's synonyms of which name the present ("currently": presently; "now": today, nowadays)
PRESENT_ANCHORS = ("now", "currently")
NEAR = 4  # tokens between a figure and the adverb that dates it ("over 65 warships currently")


@lru_cache(maxsize=512)
def names_present(word: str) -> bool:
    """Is this word an adverb of the present by WordNet ("currently", "presently", "nowadays", "today")?"""
    return any(word in synonyms(anchor, "adv") for anchor in PRESENT_ANCHORS)


def _present_words(tokens: Iterable[Token]) -> list[Token]:
    out = []
    for t in tokens:
        at_present = t.lower_ == "present" and t.i > 0 and t.nbor(-1).lower_ == "at"  # "at present"
        if at_present or (t.pos_ in ("ADV", "NOUN") and names_present(t.lower_)):
            out.append(t)
    return out


def asks_present(question: Span) -> bool:
    """Does the question ask about the present ("... at present?", "... today?", "currently")?"""
    return bool(_present_words(question))


def said_now(figure: Span) -> bool:
    """Is this figure the one an adverb of the present in its sentence marks: the figure nearest to it ("compared
    with over 65 warships currently", "which currently employs 1,200 people")?"""
    sent = figure.sent
    others = [e for e in sent.ents
              if e.label_ in NUMERIC_LABELS and not (e.start < figure.end and figure.start < e.end)]
    return any(_apart(figure, w) <= min((_apart(e, w) for e in others), default=NEAR) and _apart(figure, w) <= NEAR
               for w in _present_words(sent))


def _apart(span: Span, word: Token) -> int:
    """Tokens between a span and a word (0 inside it)."""
    return 0 if span.start <= word.i < span.end else min(abs(word.i - span.start), abs(word.i - (span.end - 1)))
