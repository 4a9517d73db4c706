"""A claim about all of something, denied by a report of only part of it: "Did every member of the committee back
the scheme?" / "The committee approved the scheme by seven votes to five"; "Are the Hadleys selling every share they
own?" / "has agreed to sell a majority stake"; "Did every confirmed patient need hospital treatment?" / "14 people had
been confirmed as infected, three of whom had been admitted to hospital".

A claim is about all of something when one of its nouns is quantified by "every", "all" or "each", or called
"entire", "whole" or "full" (not "full-year": a compound says which kind, not how much). One of the best sentences
that shares at least ``MIN_SHARED`` of the claim's words (one of them not a name) and reports a part denies it: a
percentage under 100; a majority, minority, portion, fraction or half; a count "of" a whole that is a pronoun or one
of the claim's words ("three of whom"; not "all 14 of", nor "two of its smallest destinations" for a fleet); a count
"out of" another ("140 employees, out of a total workforce of 1,290"); or a split vote ("by seven votes to five").
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from rag.answer.claim import Claim
from rag.nlp import content_lemmas, lemma
from rag.numbers import numeric_value

# English words that quantify a noun as all of it, and those that say a part of something
ALL_DETERMINERS = frozenset({"every", "all", "each"})
WHOLE_ADJECTIVES = frozenset({"entire", "whole", "full"})
PART_NOUNS = frozenset({"majority", "minority", "portion", "fraction", "half"})
WHOLE = 100.0  # per cent
MIN_SHARED = 2  # of the claim's words, in a sentence that reports the part
PART_SENTENCES = 3  # the best sentences read


def about_all(claim: Claim) -> bool:
    """Is the claim about all of something (see the module docstring)?"""
    for tok in claim.head.doc:
        if tok.lower_ in ALL_DETERMINERS and tok.dep_ in ("det", "predet"):
            return True
        after = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        if (tok.lower_ in WHOLE_ADJECTIVES and tok.dep_ == "amod" and tok.head.pos_ == "NOUN"
                and not (after is not None and after.text == "-")):
            return True
    return False


def _a_part(tok: Token, words: set[str] | frozenset[str]) -> bool:
    """Does this word report a part of something (see the module docstring), if of a thing the claim names
    (``words``): "dropping two of its smallest destinations" is no part of the fleet?"""
    if tok.ent_type_ == "PERCENT" and tok.like_num:
        value = numeric_value([tok])
        return value is not None and value < WHOLE
    if lemma(tok) in PART_NOUNS and tok.pos_ == "NOUN":
        return True
    if tok.like_num and tok.pos_ == "NUM":
        # "three of whom", "two of the lines", not "all 14 of the recommendations"
        wholes = [o for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children
                  if o.dep_ == "pobj"]
        if wholes and not any(c.lower_ in ALL_DETERMINERS for c in tok.children) and all(
                o.pos_ == "PRON" or lemma(o) in words for o in wholes):
            return True
    if tok.lower_ == "out" and any(c.lower_ == "of" and any(t.like_num for t in c.subtree) for c in tok.children):
        return True  # "140 employees, out of a total workforce of 1,290"
    if lemma(tok) == "vote" and any(c.dep_ == "nummod" for c in tok.children):
        # "by seven votes to five"
        return any(c.dep_ == "prep" and c.lower_ == "to" and any(t.like_num for t in c.subtree)
                   for c in (*tok.head.children, *tok.head.head.children))
    return False


def part_denial(claim: Claim, sentences: Sequence[Span]) -> int | None:
    """The index of one of the best sentences that denies a claim about all of something by reporting a part of it,
    or None."""
    if claim.negated or not about_all(claim):
        return None
    words = claim.lemmas - ALL_DETERMINERS - WHOLE_ADJECTIVES
    named = {lemma(t) for e in claim.head.doc.ents for t in e}
    for i, sent in enumerate(sentences[:PART_SENTENCES]):
        shared = words & content_lemmas(sent)
        # ... of the claim's own words, not only the names it is said of
        if len(shared) >= MIN_SHARED and shared - named and any(_a_part(t, words) for t in sent):
            return i
    return None


__all__ = ["about_all", "part_denial"]
