"""A figure of the present, for a question about the present (rag.answer.present)."""

from __future__ import annotations

import pytest

from rag.answer.present import asks_present, names_present, said_now
from rag.nlp import TextAnalyser


@pytest.mark.parametrize(("word", "present"), [
    ("currently", True), ("presently", True), ("nowadays", True), ("today", True), ("now", True),
    ("previously", False), ("already", False), ("still", False), ("yesterday", False),
])
def test_wordnet_names_the_adverbs_of_the_present(word: str, present: bool) -> None:
    assert names_present(word) is present


@pytest.mark.parametrize(("question", "present"), [
    ("Roughly how large is the navy at present?", True),
    ("How many people currently work at the plant?", True),
    ("How large would the navy be under the treaty?", False),
    ("How many people were present at the meeting?", False),  # "present" without "at" is no time
])
def test_a_question_about_the_present(nlp: TextAnalyser, question: str, present: bool) -> None:
    assert asks_present(nlp.parse(question)[:]) is present


@pytest.mark.parametrize(("sentence", "figure", "now"), [
    ("The treaty would cap the navy at 40 warships, compared with over 65 warships currently.", "40", False),
    ("The plant, which currently employs 1,200 people, will cut 300 jobs next year.", "1,200", True),
    ("The plant, which currently employs 1,200 people, will cut 300 jobs next year.", "300", False),
    ("The plant employs 1,200 people and will cut 300 jobs next year.", "1,200", False),
])
def test_the_figure_nearest_an_adverb_of_the_present_is_the_present_one(
    nlp: TextAnalyser, sentence: str, figure: str, now: bool
) -> None:
    doc = nlp.parse(sentence)
    span = next(e for e in doc.ents if e.text == figure)
    assert said_now(span) is now
