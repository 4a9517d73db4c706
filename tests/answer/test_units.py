"""What a figure counts or measures: shares that are no counts, ages that are no lengths of time."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Span

from rag.answer.units import another_year, is_proportion, other_time, own_time, with_date
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


@pytest.mark.parametrize(("said", "published", "written"), [
    ("Last year", "2025-07-09", "Last year 2024"),
    ("this year", "2025-07-09", "this year 2025"),
    ("In 2024", "2025-07-09", "In 2024"),  # a year of its own
    ("last year", None, "last year"),  # no date to count from
    ("March", "2025-07-09", "March"),
])
def test_a_relative_year_is_written_out_from_the_articles_date(said: str, published: str | None, written: str) -> None:
    assert with_date(said, published) == written


@pytest.mark.parametrize(("said", "published", "written"), [
    ("Thursday", "2025-03-06", "Thursday March 6"),  # the day of publication
    ("Monday", "2025-03-06", "Monday March 3"),  # the last Monday before it
    ("Monday, March 3", "2025-03-06", "Monday, March 3"),  # a date of its own
    ("Thursday", None, "Thursday"),
])
def test_a_weekday_is_dated_from_the_articles_date(said: str, published: str | None, written: str) -> None:
    assert with_date(said, published) == written


def test_another_day_of_the_month_is_another_time() -> None:
    assert other_time([(None, "mar", 3)], "Thursday March 6")
    assert not other_time([(None, "mar", 3)], "Monday March 3")
    assert not other_time([(None, "mar", None)], "Thursday March 6")  # the question names no day


def test_a_year_is_told_by_a_figure_s_sentence_or_else_by_its_article() -> None:
    assert another_year([(2020, None, None)], None, "2025-03-06")  # "won 23 seats" in a report of 2025
    assert another_year([(2020, None, None)], "Friday March 6", "2025-03-06")  # a day names no year
    assert not another_year([(2020, None, None)], "2020", "2025-03-06")  # the sentence's own year decides
    assert not another_year([(2024, None, None)], None, "2025-01-10")  # within a year of the report
    assert not another_year([(2020, None, None)], None, None)  # an undated report may be of any year
    assert not another_year([(None, "mar", 3)], None, "2025-03-06")  # the question names no year


def test_a_length_that_describes_a_thing_dates_no_figure(nlp: TextAnalyser) -> None:
    doc = nlp.parse("In 2023 the two sides settled on a 7.1% increase after a one-day stoppage.")
    share = next(e.root for e in doc.ents if e.label_ == "PERCENT")
    assert own_time(share) == "2023"


@pytest.mark.parametrize("text", [
    "It was the worst accident at a quarry in the region since 2009, when 17 men were trapped for 12 days.",
    "The flood revived memories of the 2009 dam collapse, in which 17 workers were trapped for a week.",
])
def test_a_relative_clause_is_dated_by_what_it_describes(nlp: TextAnalyser, text: str) -> None:
    doc = nlp.parse(text)
    count = next(t for t in doc if t.text == "17").head
    assert own_time(count) == "2009"

