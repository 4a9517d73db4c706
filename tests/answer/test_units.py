"""What a figure counts or measures: shares that are no counts, ages that are no lengths of time."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Span

from rag.answer.units import is_proportion, other_year, states_age, year_shift
from rag.nlp import TextAnalyser


@pytest.mark.parametrize(("check", "text", "figure", "expected"), [
    # a share is no count ...
    (is_proportion, "The cost has been estimated at more than half a trillion dollars.", "more than half", True),
    (is_proportion, "In a city where fewer than one flat in a hundred is vacant, rents are high.", "fewer than one",
     True),
    (is_proportion, "In a city where fewer than one flat in a hundred is vacant, rents are high.", "a hundred", True),
    (is_proportion, "Only one in five voters turned out.", "Only one", True),
    # ... and a count with where it was counted is a count
    (is_proportion, "The researchers followed 48,000 adults in 11 countries for nine years.", "48,000", False),
    (is_proportion, "The researchers followed 48,000 adults in 11 countries for nine years.", "11", False),
    (is_proportion, "Police said 14 people were arrested in the city centre.", "14", False),
    # an age is given as an age, a length of time is not one
    (states_age, "The 52-year-old director took over in May.", "52-year-old", True),
    (states_age, "She took over the company aged 52.", "52", True),
    (states_age, "Refunds will be paid within 14 days.", "14 days", False),
    (states_age, "He led the agency for five years.", "five years", False),
])
def test_what_a_figure_is(
    nlp: TextAnalyser, check: Callable[[Span], bool], text: str, figure: str, expected: bool
) -> None:
    span = next(e for e in nlp.parse(text).ents if e.text == figure)
    assert check(span) == expected


@pytest.mark.parametrize(("text", "shift"), [
    ("last year", -1), ("the previous year", -1), ("this year", 0), ("next year", 1), ("two years ago", -2),
    ("a year ago", -1), ("2019", None), ("the past year", None), ("last week", None),
])
def test_a_year_said_relative_to_the_present(text: str, shift: int | None) -> None:
    assert year_shift(text) == shift


@pytest.mark.parametrize(("asked", "said", "present", "other"), [
    (["in 2019"], "last year", 2024, True),  # last year of an article from 2024 is 2023
    (["in 2023"], "last year", 2024, False),
    (["in 2019"], "last year", None, False),  # an undated article: unknown
    (["last year"], "next year", None, True),  # both relative: compared as they stand
    (["two years ago"], "last year", None, True),
    (["last year"], "last year", None, False),
    (["last year"], "in 2023", 2024, False),
    (["in 2025"], "2024", None, True),
])
def test_a_figure_of_another_year(asked: list[str], said: str, present: int | None, other: bool) -> None:
    assert other_year(asked, said, present) is other
