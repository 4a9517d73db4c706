"""rag.currencies: the marks news writes a currency with before a figure (CLDR, by Babel)."""

from __future__ import annotations

import pytest

from rag.currencies import ambiguous_mark, glued_mark, is_mark, unlisted_mark


@pytest.mark.parametrize(("word", "mark"), [
    ("R$280", "R$"), ("HK$3.2", "HK$"), ("US$5m", "US$"), ("Ksh500", "Ksh"), ("Rs.500", "Rs."), ("₹4", "₹"),
    ("R450", "R"),
    # no mark: a model number, a disease's name, a mark CLDR's English locales do not write
    ("A380", ""), ("COVID19", ""), ("Sh500", ""), ("280", ""),
])
def test_the_mark_a_figure_is_glued_to(word: str, mark: str) -> None:
    assert glued_mark(word) == mark


def test_iso_codes_and_local_symbols_are_marks() -> None:
    assert all(is_mark(m) for m in ("SEK", "NOK", "KES", "BRL", "R$", "TSh", "Rs", "Rs."))
    assert not any(is_mark(m) for m in ("sek", "Bank", "mn"))


@pytest.mark.parametrize(("mark", "ambiguous"), [("R", True), ("TOP", True), ("ALL", True), ("SEK", False),
                                                 ("R$", False), ("Ksh", False)])
def test_a_mark_that_is_also_a_letter_or_a_word(mark: str, ambiguous: bool) -> None:
    assert ambiguous_mark(mark) is ambiguous


@pytest.mark.parametrize(("word", "mark"), [
    ("Sh500", "Sh"), ("Sh3.4", "Sh"), ("Sh1,200", "Sh"), ("Tk4", "Tk"),
    # a listed mark is glued_mark's; a word, a lower-case start, too many letters, a malformed figure
    ("R450", ""), ("Shares", ""), ("sh500", ""), ("COVID19", ""), ("Sh5.2.1", ""), ("Sh500x", ""), ("Sh", ""),
])
def test_letters_a_currency_cldr_does_not_list(word: str, mark: str) -> None:
    assert unlisted_mark(word) == mark
