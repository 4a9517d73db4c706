"""What a figure counts or measures: shares that are no counts, ages that are no lengths of time."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Span

from rag.answer.units import is_proportion
from rag.figures import states_age
from rag.nlp import TextAnalyser


@pytest.mark.parametrize(("check", "text", "figure", "expected"), [
    # a share is no count ...
    (is_proportion, "More than half of the voters backed the plan.", "More than half", True),
    # ... but a part of a scale is a figure ("nearly half a million people" counts them)
    (is_proportion, "Nearly half a million people fled the city.", "Nearly half a million", False),
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
