"""What the question names that no retrieved passage mentions: names and figures, and years no passage is about."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from rag.answer.absent import missing_names, missing_years
from rag.answer.question import analyse_question
from rag.nlp import TextAnalyser
from rag.records import SearchHit

TEXT = "The Riverton council approved a levy of 40 kroner on Monday."


@pytest.mark.parametrize(("question", "missing"), [
    ("Did the Riverton council approve the levy?", []),
    ("Did the Oakfield council approve the levy?", ["Oakfield"]),  # a name no passage mentions
    ("Was the levy set at 55 kroner?", ["55 kroner"]),  # a figure no passage gives
    ("Is the levy 40 or 50 kroner?", []),  # an either-or question's options: the corpus states one
])
def test_names_no_passage_mentions(nlp: TextAnalyser, make_hit: Callable[..., SearchHit], question: str,
                                   missing: list[str]) -> None:
    q = analyse_question(question, nlp)
    assert missing_names(q, [make_hit("d0", TEXT)]) == missing


@pytest.mark.parametrize(("date", "text", "missing"), [
    ("2024-03-04", TEXT, ["2023"]),  # published in 2024 and naming no other year
    ("2023-03-04", TEXT, []),  # published in the year asked about
    ("2024-03-04", "The levy was approved last year.", []),  # "last year" of 2024 is 2023
    (None, TEXT, []),  # an undated passage could be about any year
])
def test_years_no_passage_is_about(nlp: TextAnalyser, make_hit: Callable[..., SearchHit], date: str | None,
                                   text: str, missing: list[str]) -> None:
    q = analyse_question("How much was the levy in 2023?", nlp)
    assert missing_years(q, [make_hit("d0", text, date=date)]) == missing
