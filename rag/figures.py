"""Figures as news writes them, where spaCy's small English recogniser splits or mislabels them.

A pipeline component (``figure_words``, added after the recogniser by :func:`rag.nlp.load_pipeline`):

* "£12m", "$1.2bn", "€5bn": the tokenizer splits the currency sign and the scale ("£", "12", "m") and the
  recogniser labels only the number, or nothing; the whole written figure is the sum of money;
* "87 per cent": labelled a sum of money; a figure written "per cent" or "percent" with no currency
  is a percentage, as "87%" is labelled.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from rag.nlp import SCALE_ABBREVIATIONS, numeric_value


def written_percent(span: Span) -> bool:
    """Is this figure written "per cent" or "percent", with no currency sign?"""
    words = [t.lower_ for t in span]
    spelled = "percent" in words or any(a == "per" and b == "cent" for a, b in zip(words, words[1:], strict=False))
    return spelled and not any(t.is_currency for t in span)


def _money(doc: Doc, start: int, end: int) -> Span | None:
    """The sum of money written from ``start`` to ``end`` with its currency sign and scale, if it has a sign."""
    if start > 0 and doc[start - 1].is_currency and not doc[start - 1].whitespace_:
        start -= 1
    if not any(t.is_currency for t in doc[start:end]):  # "around £4.2m": the sign after a word of the figure
        return None
    # the scale written with no space ("£12m", "$3bn", "£4.2m." at a sentence's end)
    if end < len(doc) and not doc[end - 1].whitespace_ and doc[end].lower_.rstrip(".") in SCALE_ABBREVIATIONS:
        end += 1
    return Span(doc, start, end, label="MONEY")


def figure_words(doc: Doc) -> Doc:
    """``doc`` with its figures' entities as written (see the module's docstring)."""
    ents = []
    changed = False
    for ent in doc.ents:
        if ent.label_ == "MONEY" and written_percent(ent):
            ent, changed = Span(doc, ent.start, ent.end, label="PERCENT"), True
        elif ent.label_ in ("MONEY", "CARDINAL"):
            money = _money(doc, ent.start, ent.end)
            if money is not None and (money.start, money.end, money.label_) != (ent.start, ent.end, ent.label_):
                ent, changed = money, True
        ents.append(ent)
    for tok in doc:
        # "€5bn": one token the recogniser may leave out
        abbreviated = not tok.like_num and tok.text[:1].isdigit() and numeric_value([tok]) is not None
        if not tok.ent_type_ and abbreviated and tok.i > 0 and doc[tok.i - 1].is_currency:
            money = _money(doc, tok.i, tok.i + 1)
            if money is not None:
                ents.append(money)
                changed = True
    if changed:
        doc.ents = filter_spans(ents)
    return doc
