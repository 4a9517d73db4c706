"""Which time a question asks about and which a candidate's own phrase gives (rag.answer.dating)."""

from __future__ import annotations

import pytest

from rag.answer.dating import another_year, other_time, own_time, with_date
from rag.nlp import TextAnalyser


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
    assert not another_year([(2024, None, None)], None, "2025-01-10")  # a report early in the next year
    assert another_year([(2023, None, None)], None, "2024-12-09")  # ... not one late in it: its figures are its own
    assert not another_year([(2026, None, None)], None, "2025-03-06")  # a forecast for the next year
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

