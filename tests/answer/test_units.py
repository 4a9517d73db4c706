"""What a figure counts or measures: shares that are no counts, ages that are no lengths of time."""

from __future__ import annotations

import pytest

from rag.answer.units import is_proportion, states_age
from rag.nlp import TextAnalyser


def _figure(nlp: TextAnalyser, text: str, figure: str):  # type: ignore[no-untyped-def]
    doc = nlp.parse(text)
    return next(e for e in doc.ents if e.text == figure)


@pytest.mark.parametrize(("text", "figure", "share"), [
    ("The cost has been estimated at more than half a trillion dollars.", "more than half", True),
    ("In a city where fewer than one flat in a hundred is vacant, rents are high.", "fewer than one", True),
    ("In a city where fewer than one flat in a hundred is vacant, rents are high.", "a hundred", True),
    ("Only one in five voters turned out.", "Only one", True),
    # a count with where it was counted is a count
    ("The researchers followed 48,000 adults in 11 countries for nine years.", "48,000", False),
    ("The researchers followed 48,000 adults in 11 countries for nine years.", "11", False),
    ("Police said 14 people were arrested in the city centre.", "14", False),
])
def test_a_share_is_no_count(nlp: TextAnalyser, text: str, figure: str, share: bool) -> None:
    assert is_proportion(_figure(nlp, text, figure)) == share


@pytest.mark.parametrize(("text", "figure", "age"), [
    ("The 52-year-old director took over in May.", "52-year-old", True),
    ("She took over the company aged 52.", "52", True),
    ("Refunds will be paid within 14 days.", "14 days", False),
    ("He led the agency for five years.", "five years", False),
])
def test_an_age_is_given_as_an_age(nlp: TextAnalyser, text: str, figure: str, age: bool) -> None:
    assert states_age(_figure(nlp, text, figure)) == age
