"""A name the question gives, spoken of in a sentence by the noun the evidence describes it with.

An article names a body once in full and then calls it by a common noun: "Southern Tablelands Water, the state-owned
corporation that runs the dam, said ..." and, two paragraphs on, "The corporation's chief operating officer, Simon
Pratt, told a community meeting ...". A passage that never names the body may still be about it: it speaks of it as
"the corporation", the noun the retrieved evidence gives the name in apposition (in that article or another report of
the story). Only that noun counts, and only as a definite noun ("the corporation", not "a corporation"): a noun the
evidence never ties to the name (another company, "the regulator") may be someone else.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Span, Token

from rag.answer.names import mentions
from rag.nlp import norm_text


def described_as(names: Sequence[tuple[str, str]], spans: Sequence[Span]) -> set[str]:
    """The nouns the retrieved sentences put in apposition to one of the question's ``names`` ("Southern Tablelands
    Water, the state-owned corporation ...": corporation; "the carmaker Rheinfeld": carmaker)."""
    found: set[str] = set()
    for span in spans:
        for tok in span:
            if tok.pos_ != "PROPN" or tok.dep_ == "compound":
                continue
            nouns = [c for c in tok.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
            if tok.dep_ == "appos" and tok.head.pos_ == "NOUN":
                nouns.append(tok.head)  # "the carmaker Rheinfeld"
            # the name as its words, however the recogniser cut it ("Southern" left out of "Tablelands Water")
            words = norm_text(" ".join(t.text for t in tok.subtree if t is tok or t.dep_ == "compound")).split()
            if nouns and any(mentions(n, label, words) for n, label in names):
                found.update(n.lemma_.lower() for n in nouns)
    return found


def refers_back(span: Span, nouns: Iterable[str]) -> bool:
    """Does the sentence speak of one of ``nouns`` as a definite noun ("the corporation's chief operating officer")?"""
    wanted = set(nouns)
    return bool(wanted) and any(_with_the(t) for t in span if t.pos_ == "NOUN" and t.lemma_.lower() in wanted)


def _with_the(noun: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children)
