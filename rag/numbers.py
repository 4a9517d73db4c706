"""What number a run of tokens states: digits, English number words, and the scales news writes after a
figure ("600,000", "1.2 million", "half a trillion", "$100m", "Rs 120 crore")."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from rag.currencies import glued_mark

# English number words and scales (language, not corpus, knowledge): "three", "half a trillion".
_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if i > 1}
# how news abbreviates a scale after a figure ("1.5bn", "$100m", "20k"), longest first for suffix matching
SCALE_ABBREVIATIONS = ("bn", "tn", "mn", "m", "k")
_SCALES = {"hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "bn": 1e9, "billion": 1e9,
           "trillion": 1e12, "tn": 1e12, "dozen": 12.0,
           # South Asian English: "Rs 4 lakh", "24 lakh people", "Rs 120 crore"
           "lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7}
# scale words a figure may be written with but the recogniser can leave out of it ("more than 24" + "lakh")
SCALE_WORDS = frozenset(w for w in _SCALES if w not in SCALE_ABBREVIATIONS and w != "dozen")
_FRACTIONS = {"half": 0.5, "quarter": 0.25, "third": 1 / 3}


def _token_number(text: str) -> float | None:
    t = text[len(glued_mark(text)):].lower().replace(",", "").replace("\u00a0", "").replace("\u202f", "")
    for sym in "$€£¥%":
        t = t.replace(sym, "")
    if not t:
        return None
    try:
        return float(t)
    except ValueError:
        pass
    for suffix in SCALE_ABBREVIATIONS:  # "1.5bn", "$100m", "20k"
        if t.endswith(suffix) and t[: -len(suffix)].replace(".", "", 1).isdigit():
            return float(t[: -len(suffix)]) * _SCALES[suffix]
    if t in _UNITS:
        return float(_UNITS[t])
    if t in _TENS:
        return float(_TENS[t])
    if "-" in t:  # "twenty-five"
        parts = t.split("-")
        if len(parts) == 2 and parts[0] in _TENS and parts[1] in _UNITS:
            return float(_TENS[parts[0]] + _UNITS[parts[1]])
    return None


def numeric_value(tokens: Iterable[Token]) -> float | None:
    """The number a run of tokens states: "600,000" -> 600000, "1.2 million" -> 1.2e6, "half a trillion" -> 5e11.

    None when the tokens hold no number. Years and other dates are numbers here too; callers
    decide by the entity label what the number means.
    """
    value: float | None = None
    pending = 0.0
    for tok in tokens:
        low = tok.lower_.rstrip(".") or tok.lower_  # "£4.2m." at a sentence's end
        num = _token_number(tok.text)
        if num is not None:
            pending = pending * 100 + num if pending and num < 100 and pending % 100 == 0 and pending >= 100 else (
                pending + num if pending and num < pending else num)
            continue
        if low in _SCALES:
            pending = (pending or 1.0) * _SCALES[low]
            value = (value or 0.0) + pending if value and value > pending else pending
            pending = 0.0
            continue
        if low in _FRACTIONS and not pending:
            pending = _FRACTIONS[low]
    if pending:
        value = (value or 0.0) + pending if value and value > pending else (value * pending if value else pending)
    return value


def same_number(a: float, b: float, tolerance: float = 0.005) -> bool:
    """Equal within rounding: 600,000 = 600,000.0; 1.2 million = 1,200,000; 11 != 13."""
    if a == b:
        return True
    return abs(a - b) <= tolerance * max(abs(a), abs(b))
