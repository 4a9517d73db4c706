"""The dateline that opens a wire story ("LONDON, March 3 (Reuters) - Shares rose"): where and when the
story was filed and by which agency. Its names and its date are the story's metadata, not what it says:
no answer, no claim and no time of a claim."""

from __future__ import annotations

from spacy.tokens import Span, Token

DATELINE_DASHES = frozenset({"—", "–", "--"})
DATELINE_TOKENS = 16  # "MONTE CORVO, Italy, June 19 (Reuters) -" fits


def _dash(tok: Token) -> bool:
    """A dash, or a hyphen standing for one before a space ("(Reuters) - Shares rose", "LONDON - Shares")."""
    if tok.text in DATELINE_DASHES:
        return True
    before = tok.doc[tok.i - 1] if tok.i > 0 else None
    return tok.text == "-" and bool(tok.whitespace_) and before is not None and (
        bool(before.whitespace_) or before.text == ")")


def dateline(ent: Span) -> bool:
    """Is this name part of the dateline that opens a wire story ("ORSENNA, Valdoria — The Civic Union won",
    "LONDON, March 3 (Reuters) - Shares rose"): where and when it was filed and by which agency, not what
    it says?"""
    end = dateline_end(ent.sent)
    return end is not None and ent.end <= end


def dateline_end(sent: Span) -> int | None:
    """The index of the dash that ends the dateline opening this sentence, or None when it opens with none.
    A dateline opens with a place in capitals, has no word in lower case outside its brackets, and ends in
    a dash."""
    dash = next((t.i for t in sent[: min(len(sent), DATELINE_TOKENS)] if _dash(t)), None)
    if dash is None:
        return None
    place = [t for t in sent.doc[sent.start: dash] if not (t.is_alpha and t.is_upper)]
    if sent.start == dash or (place and (place[0].i == sent.start or place[0].text not in (",", "("))):
        return None  # the place in capitals, then a comma, the agency or the dash ("US President X -" is none)
    words, depth = [], 0
    for tok in sent.doc[sent.start: dash]:
        depth += (tok.text == "(") - (tok.text == ")")
        if depth == 0 and tok.is_alpha:
            words.append(tok)
    # a sentence before a dash has words in lower case
    return None if any(w.text[0].islower() for w in words) else dash
