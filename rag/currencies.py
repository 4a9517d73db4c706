"""How news writes a currency before a figure, from the Unicode CLDR (by Babel): "SEK 46.8 billion",
"R$280 million", "HK$3.2bn", "Ksh 1.2 billion", "₹4 lakh", "R450 million".

spaCy's small English recogniser knows "$", "£", "€" and "¥", but labels "SEK 46.8 billion" a count
and "R$280" a law, and finds nothing in "HK$3.2 billion". A mark here is every ISO 4217
code (upper case, as written before a figure) and every currency symbol of CLDR's English locales
(en, en_IN, en_ZA, en_KE, ...): what English-language news anywhere writes. A mark CLDR does not list
("Sh500 million", as Kenyan papers write the shilling) is one only where nothing else can be: a few
letters glued to a figure with a scale word after it (:func:`unlisted_mark`).
"""

from __future__ import annotations

from functools import cache

from rag.errors import ModelNotFoundError
from rag.lexicon import is_word


@cache
def currency_marks() -> frozenset[str]:
    """Every ISO 4217 code and every symbol CLDR's English locales write a currency with."""
    try:
        from babel import Locale
        from babel.localedata import locale_identifiers
        from babel.numbers import list_currencies
    except ImportError:
        raise ModelNotFoundError("Babel is not installed: pip install 'babel>=2.12'") from None
    marks = set(list_currencies())
    for ident in locale_identifiers():
        if ident == "en" or ident.startswith("en_"):
            marks.update(Locale.parse(ident).currency_symbols.values())
    # a mark is written as one word before the figure: not the generic sign "¤", not "F CFA"
    return frozenset(m for m in marks if m != "¤" and not any(c.isspace() for c in m))


def is_mark(word: str) -> bool:
    """Is this word a currency written before a figure ("SEK", "R$", "Ksh", "Rs.")?"""
    marks = currency_marks()
    return word in marks or (word.endswith(".") and word[:-1] in marks)


def glued_mark(word: str) -> str:
    """The currency mark a figure is written glued to ("R$" of "R$280", "HK$" of "HK$3.2", "R" of
    "R450"), or "" when the word is no mark followed by digits."""
    for end in range(len(word) - 1, 0, -1):
        if word[end].isdigit() and not word[end - 1].isdigit() and is_mark(word[:end]):
            return word[:end]
    return ""


def ambiguous_mark(mark: str) -> bool:
    """Is this mark also something else: a lone letter ("R", "K") or a code that is an English word too
    ("TOP", "ALL", "CAD")? Before a figure it is money only with a scale word after the figure ("R450
    million", "CAD 2 million"): "the R450 highway", "the TOP 10 list" are not."""
    return (len(mark) == 1 and mark.isalpha()) or (mark.isupper() and is_word(mark.lower()))


MAX_UNLISTED_LETTERS = 3  # "Sh", "Tk", "Le": local marks are short; "COVID19" is no currency


def unlisted_mark(word: str) -> str:
    """The letters of a currency mark CLDR does not list, glued to a figure ("Sh" of "Sh500", "Sh3.4"): one to
    ``MAX_UNLISTED_LETTERS`` letters, the first a capital, then a number written with digits; "" otherwise.
    Such a word is a sum of money only with a scale word after it ("Sh500 million"; "the A380", "G7" are
    not), which the caller checks."""
    if glued_mark(word):
        return ""  # a listed mark
    cut = next((i for i, c in enumerate(word) if not c.isalpha()), len(word))
    letters, figure = word[:cut], word[cut:].replace(",", "")
    digits = figure[:1].isdigit() and figure.replace(".", "", 1).isdigit()  # "500", "3.4", "1,200"
    return letters if 1 <= len(letters) <= MAX_UNLISTED_LETTERS and letters[0].isupper() and digits else ""
