"""Names that a parenthesised acronym spells out, kept whole as one entity.

News writes a long name once with its acronym after it: "Kenya's Communications and Digital Authority (CDA)",
"the Irish Nurses and Allied Health Union (INAHU)". The small recogniser often cuts such a name at its "and"
("Communications" and "Digital Authority" as two organisations), so a question about the body gets half a
name, or a name that is no answer at all. The acronym says where the name starts: its letters are the
initials of the name's words, read back from the bracket (the matching rule of Schwartz and Hearst's
abbreviation finder, on whole words), with joining words ("and", "of", "the", "&") free to give their letter
or not. The name found becomes one entity, labelled as the recogniser labelled its last word or else its acronym, and
so does the acronym; where the recogniser saw neither as a name, nothing changes.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

# Joining words inside a name, which an acronym may spell or skip.
JOINERS = frozenset({"and", "&", "of", "for", "the", "on", "in", "de", "du", "des", "la", "le"})
MAX_LETTERS = 10


def _acronym(doc: Doc, i: int) -> str | None:
    """The acronym in brackets at token ``i`` ("(CDA)"), upper-case letters only, or None."""
    if i + 2 >= len(doc) or doc[i].text != "(" or doc[i + 2].text != ")":
        return None
    word = doc[i + 1].text
    letters = word.replace("&", "")
    if not (2 <= len(letters) <= MAX_LETTERS and letters.isalpha() and letters.isupper()):
        return None
    return letters


def _spelled_start(doc: Doc, end: int, letters: str) -> int | None:
    """The first token of the name before token ``end`` whose words' initials spell ``letters`` (read from the
    back; a joining word may give its letter or none; every other word gives its own), or None."""

    def match(pos: int, k: int) -> int | None:
        if k < 0:
            return pos + 1
        if pos < 0:
            return None
        tok = doc[pos]
        word = tok.text
        if tok.lower_ in JOINERS:
            if word[:1].upper() == letters[k] and (start := match(pos - 1, k - 1)) is not None:
                return start
            return match(pos - 1, k)
        if not word[:1].isupper() or not word.isalpha() or word[:1] != letters[k]:
            return None
        return match(pos - 1, k - 1)

    start = match(end - 1, len(letters) - 1)
    if start is None or doc[start].lower_ in JOINERS:  # a name starts with a word of its own
        return None
    return start


def acronym_names(doc: Doc) -> Doc:
    """``doc`` with each name a bracketed acronym spells out as one entity, the acronym too (see the module)."""
    found: list[Span] = []
    for tok in doc:
        letters = _acronym(doc, tok.i)
        if letters is None:
            continue
        start = _spelled_start(doc, tok.i, letters)
        if start is None or tok.i - start < 2:  # a one-word name needs no mending
            continue
        # a name the recogniser saw, at its last word or at its acronym; not "Research and Development (R&D)"
        label = doc[tok.i - 1].ent_type_ or doc[tok.i + 1].ent_type_
        if not label or any(e.start <= start and e.end == tok.i for e in doc.ents):  # already whole
            continue
        whole = Span(doc, start, tok.i, label=label)
        found.append(whole)
        found.append(Span(doc, tok.i + 1, tok.i + 2, label=label))
    if not found:
        return doc
    kept = [e for e in doc.ents if not any(e.start < f.end and f.start < e.end for f in found)]
    doc.set_ents(filter_spans(kept + found))
    return doc
