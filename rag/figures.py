"""Figures as news writes them, where spaCy's small English recogniser splits or mislabels them.

A pipeline component (``figure_words``, added after the recogniser by :func:`rag.nlp.load_pipeline`):

* "£12m", "$1.2bn", "€5bn": the tokenizer splits the currency sign and the scale ("£", "12", "m") and the
  recogniser labels only the number, or nothing; the whole written figure is the sum of money;
* "87 per cent": labelled a sum of money, or "about 22" labelled without its "per cent", or not labelled
  at all ("below 5 per cent"); a figure written "per cent" or "percent" with no currency is a percentage, as
  "87%" is labelled;
* "Rs 4 lakh", "SEK 46.8 billion", "R$280 million", "HK$3.2bn", "more than 24 lakh people": a currency
  written as letters or glued to the figure (:mod:`rag.currencies`), or a scale word the recogniser leaves
  out, is part of the figure, whatever the recogniser labelled it; "Sh500 million": letters CLDR does not
  list, glued to a figure with a scale word after it, are a currency too, split off as a token of their own
  (so that the figure reads 500 million, not the scale alone);
* "more than half a trillion dollars", "half a billion euros": a part of a large scale, labelled in part ("more
  than half", a count) or not at all, is the whole figure, with the unit of money it counts;
* "2:21:37", "1:02:33.4": hours, minutes and seconds (a race or a finishing time), labelled a count,
  are a time.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from rag.currencies import ambiguous_mark, glued_mark, is_mark, unlisted_mark
from rag.lexicon import is_money
from rag.numbers import SCALE_ABBREVIATIONS, SCALE_WORDS, numeric_value


def written_percent(span: Span) -> bool:
    """Is this figure written "per cent" or "percent", with no currency sign?"""
    words = [t.lower_ for t in span]
    spelled = "percent" in words or any(a == "per" and b == "cent" for a, b in zip(words, words[1:], strict=False))
    return spelled and not any(t.is_currency for t in span)


ONE_OF = frozenset({"a", "an", "per"})  # English: "142 francs a share", "14.20 rand per share", "R450 million a day"


def per_unit_noun(span: Span) -> str | None:
    """The noun a figure is given for one of ("share" of "142 francs a share", "day" of "R450 million a day"), read
    from the two words after it; None for a figure of the whole."""
    after = span.doc[span.end: span.end + 2]
    if len(after) == 2 and after[0].lower_ in ONE_OF and after[1].pos_ == "NOUN":
        return after[1].lemma_.lower()
    return None


def own_times(figures: list[Span], times: list[Span]) -> dict[int, Span]:
    """Each figure's own time, where a sentence gives figures and times in turn ("produced 11 percent more in
    2023, and 18 percent more in the drier 2024 season"; "in 2023 it was $5m, in 2024 $8m"), keyed by the
    figure's start. The parser may hang every time on the one verb, which would give each figure both years;
    the order in which news writes them pairs them. Empty unless there are as many figures as times (two or
    more) and they strictly alternate."""
    if len(figures) < 2 or len(figures) != len(times):
        return {}
    order = sorted([(f.start, 0) for f in figures] + [(t.start, 1) for t in times])
    turns = [kind for _, kind in order]
    if any(a == b for a, b in zip(turns, turns[1:], strict=False)):
        return {}
    by_start = sorted(figures, key=lambda f: f.start)
    return {f.start: t for f, t in zip(by_start, sorted(times, key=lambda t: t.start), strict=True)}


AGE_BEFORE = frozenset({"aged", "age"})  # "aged 52", "at the age of 52" (English)


MAX_AGE = 120


def apposed_age(tok: Token) -> bool:
    """Is this number an age set beside a name, the way news gives a person's age ("Raman, 51, will ...",
    "Altman, now 38, has ...")?"""
    if not (tok.dep_ == "appos" and tok.like_num and tok.i > tok.head.i):
        return False
    try:
        return 0 < int(tok.text) <= MAX_AGE
    except ValueError:
        return False


def states_age(span: Span) -> bool:
    """Does the text give this figure as an age ("52-year-old", "52 years old", "aged 52", "at the age of
    52", "Joshi, 41, shot the film"), not just as a length of time ("within 14 days", "for five years")?"""
    if len(span) == 1 and apposed_age(span[0]):
        return True
    doc = span.doc
    words = [t.lower_ for t in doc[span.start : min(span.end + 4, len(doc))]]
    if "old" in words and any(w.startswith(("year", "month")) for w in words):
        return True
    before = [t.lower_ for t in doc[max(span.start - 2, 0) : span.start]]
    return bool(before) and (before[-1] in AGE_BEFORE or before == ["age", "of"])


def _currency(tok: Token) -> bool:
    return tok.is_currency or (is_mark(tok.text) and not ambiguous_mark(tok.text))


def _scaled(doc: Doc, end: int) -> int:
    """The end of a figure ending at ``end`` with the scale written after it: with no space ("£12m",
    "$3bn", "£4.2m." at a sentence's end) or a scale word ("24 lakh", "Rs 120 crore")."""
    if end < len(doc) and not doc[end - 1].whitespace_ and doc[end].lower_.rstrip(".") in SCALE_ABBREVIATIONS:
        return end + 1
    if end < len(doc) and doc[end].lower_ in SCALE_WORDS and doc[end - 1].like_num:
        return end + 1
    return end


def _per_cent(doc: Doc, end: int) -> int:
    """The end of a figure ending at ``end`` with "per cent" or "percent" after it, left out of it."""
    if end < len(doc) and doc[end].lower_ == "percent":
        return end + 1
    if end + 1 < len(doc) and doc[end].lower_ == "per" and doc[end + 1].lower_ == "cent":
        return end + 2
    return end


def _money(doc: Doc, start: int, end: int) -> Span | None:
    """The sum of money written from ``start`` to ``end`` with its currency and scale, if it has a currency."""
    before = doc[start - 1] if start > 0 else None
    # a sign written apart from the figure is the recogniser's to place ("$ 5"); a code or a symbol of
    # letters is not: "Rs 4 lakh", "SEK 46.8 billion"
    if before is not None and _currency(before) and not (before.is_currency and before.whitespace_):
        start -= 1
    if not any(_currency(t) for t in doc[start:end]):  # "around £4.2m": the sign after a word of the figure
        return None
    return Span(doc, start, _scaled(doc, end), label="MONEY")


def _clock_reading(text: str) -> bool:
    """Is this written as hours, minutes and seconds ("2:21:37", "1:02:33.4"), each after the first of two
    digits and below 60?"""
    parts = text.split(":")
    if len(parts) != 3 or not parts[0].isdigit():
        return False
    seconds = parts[2].split(".", 1)
    rest = [parts[1], seconds[0]]
    return (all(len(p) == 2 and p.isdigit() and int(p) < 60 for p in rest)
            and (len(seconds) == 1 or seconds[1].isdigit()))


LARGE_SCALE = 1e5  # "lakh", "million", "billion": not "A380 hundred"


def _large_scale(tok: Token) -> bool:
    return tok.lower_ in SCALE_WORDS and (numeric_value([tok]) or 0.0) >= LARGE_SCALE


def _split_unlisted(doc: Doc) -> set[int]:
    """Split "Sh500" before a scale word into the mark and the figure, each taking the word's place in the
    parse; the marks' token indices after the split."""
    glued = [(t, mark) for t in doc[:-1] if (mark := unlisted_mark(t.text)) and _large_scale(doc[t.i + 1])]
    if not glued:
        return set()
    with doc.retokenize() as retokenizer:
        for tok, mark in glued:
            head = (tok, 1) if tok.head.i == tok.i else tok.head
            retokenizer.split(tok, [mark, tok.text[len(mark):]], heads=[head, head],
                              attrs={"DEP": [tok.dep_, tok.dep_], "POS": ["PROPN", "NUM"], "TAG": ["NNP", "CD"],
                                     "LEMMA": [mark, tok.text[len(mark):]]})
    return {tok.i + n for n, (tok, _) in enumerate(glued)}  # each earlier split moved a mark one token on


def figure_words(doc: Doc) -> Doc:
    """``doc`` with its figures' entities as written (see the module's docstring)."""
    unlisted = _split_unlisted(doc)
    ents = []
    changed = False
    for ent in doc.ents:
        if ent.label_ == "MONEY" and written_percent(ent):
            ent, changed = Span(doc, ent.start, ent.end, label="PERCENT"), True
        elif ent.label_ in ("MONEY", "CARDINAL") and (share := _per_cent(doc, ent.end)) > ent.end:
            ent, changed = Span(doc, ent.start, share, label="PERCENT"), True  # "about 22" + "per cent"
        elif ent.label_ == "CARDINAL" and len(ent) == 1 and _clock_reading(ent[0].text):
            ent, changed = Span(doc, ent.start, ent.end, label="TIME"), True
        elif ent.label_ in ("MONEY", "CARDINAL"):
            money = _money(doc, ent.start, ent.end)
            if money is None and (end := _scaled(doc, ent.end)) > ent.end:
                money = Span(doc, ent.start, end, label=ent.label_)  # "24 lakh people"
            if money is not None and (money.start, money.end, money.label_) != (ent.start, ent.end, ent.label_):
                ent, changed = money, True
        ents.append(ent)
    marked = _fractions_of_scale(doc)
    for tok in doc:
        # "€5bn": one token the recogniser may leave out
        abbreviated = not tok.like_num and tok.text[:1].isdigit() and numeric_value([tok]) is not None
        if not tok.ent_type_ and abbreviated and tok.i > 0 and doc[tok.i - 1].is_currency:
            money = _money(doc, tok.i, tok.i + 1)
            if money is not None:
                ents.append(money)
                changed = True
        elif not tok.ent_type_ and tok.like_num and (share := _per_cent(doc, tok.i + 1)) > tok.i + 1:
            ents.append(Span(doc, tok.i, share, label="PERCENT"))  # "below 5 per cent", left unlabelled
            changed = True
        elif tok.i in unlisted:
            marked.append(Span(doc, tok.i, _scaled(doc, tok.i + 2), label="MONEY"))  # mark, figure, scale word
        elif (money := _marked(doc, tok)) is not None and not any(e.start <= money.start and money.end <= e.end
                                                                  and e.label_ == "MONEY" for e in ents):
            marked.append(money)
    if marked:  # what the recogniser made of these words ("R$280" a law, "R450 million" a count) gives way
        ents = [e for e in ents if not any(e.start < m.end and m.start < e.end for m in marked)] + marked
        changed = True
    if changed:
        doc.ents = filter_spans(ents)
    return doc


def _fractions_of_scale(doc: Doc) -> list[Span]:
    """Figures told as a part of a large scale ("more than half a trillion dollars", "half a billion euros"), which
    the recogniser labels in part ("more than half", a count) or not at all: the scale word's number phrase, with
    the unit of money it counts (a sum of money) or else as a count."""
    out = []
    for scale in doc:
        if not _large_scale(scale) or scale.dep_ != "nummod" or scale.head.i != scale.i + 1:
            continue
        start = scale.left_edge.i
        while start < scale.i and doc[start].pos_ in ("ADP", "PUNCT"):
            start += 1  # "put at half a billion euros": the parser may hang the preposition on the scale
        if start == scale.i:
            continue
        whole = next((e for e in doc.ents if e.start <= scale.i < e.end), None)
        if whole is not None and whole.start <= start:
            continue  # "$1.2 billion", "half a million pounds": labelled whole
        value = numeric_value(doc[start : scale.i + 1])
        if value is None or value == numeric_value([scale]):
            continue  # "a trillion": the scale alone, no part of it
        noun = scale.head
        money = is_money(noun.lemma_.lower())
        out.append(Span(doc, start, noun.i + 1 if money else scale.i + 1, label="MONEY" if money else "CARDINAL"))
    return out


def _marked(doc: Doc, tok: Token) -> Span | None:
    """The sum of money a currency mark starts at ``tok``: before a figure ("SEK 46.8 billion") or glued
    to it ("R$280 million"); a mark that is also something else only with a scale word after the figure
    ("R450 million", not "the TOP 10 list")."""
    if tok.is_currency:
        return None  # "$", "£": the recogniser and :func:`_money` know these
    if (mark := glued_mark(tok.text)) and numeric_value([tok]) is not None:
        end = tok.i + 1
    elif is_mark(tok.text) and tok.i + 1 < len(doc) and doc[tok.i + 1].like_num:
        mark, end = tok.text, tok.i + 2
    else:
        return None
    # "R$280 million": the scale after a figure glued to its mark, which is no number word itself
    scaled = end + 1 if end < len(doc) and doc[end].lower_ in SCALE_WORDS else _scaled(doc, end)
    if ambiguous_mark(mark) and scaled == end:
        return None
    return Span(doc, tok.i, scaled, label="MONEY")
