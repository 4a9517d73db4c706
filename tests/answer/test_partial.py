"""A claim about all of something, denied by a report of only part of it."""

from __future__ import annotations

import pytest

from rag.answer.claim import question_claim
from rag.answer.partial import about_all
from rag.answer.question import analyse_question
from rag.answer.verdict import yes_no_verdict
from rag.nlp import TextAnalyser


def _verdict(nlp: TextAnalyser, question: str, evidence: str) -> str | None:
    return yes_no_verdict(analyse_question(question, nlp), list(nlp.parse(evidence).sents))[0]


@pytest.mark.parametrize(
    ("question", "evidence"),
    [
        ("Did every member of the council back the budget?",
         "The council approved the budget in March by nine votes to four."),
        ("Are the founders selling every share they own in the brewery?",
         "The founders of the brewery have agreed to sell a majority stake to a Danish drinks group."),
        ("Did every infected passenger need hospital treatment?",
         "Twenty passengers were infected, four of whom needed hospital treatment."),
        ("Will the city pay the entire cost of the new bridge?",
         "The city will pay 80 percent of the cost of the new bridge, with the rest from the state."),
        ("Will the entire Linz workforce lose their jobs?",
         "Another 90 employees, out of a total Linz workforce of 700, will keep their jobs."),
    ],
)
def test_a_report_of_a_part_denies_a_claim_about_all(nlp: TextAnalyser, question: str, evidence: str) -> None:
    assert _verdict(nlp, question, evidence) == "no"


@pytest.mark.parametrize(
    ("question", "evidence", "verdict"),
    [
        # all of it, stated
        ("Will the university act on all of the inquiry's recommendations?",
         "The university accepted all 14 of the inquiry's recommendations and will act on them.", "yes"),
        # a part of something else the sentence names: the claim stated
        ("Is the airline retiring every one of its old turboprops?",
         "The airline will retire its old turboprops and drop two of its smallest destinations.", "yes"),
        # a claim about some of it is not denied by a part
        ("Did council members back the budget?", "The council approved the budget by nine votes to four.", None),
    ],
)
def test_no_denial_without_a_part_of_what_the_claim_says_all_of(
    nlp: TextAnalyser, question: str, evidence: str, verdict: str | None
) -> None:
    assert _verdict(nlp, question, evidence) == verdict


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Did every member of the council back the budget?", True),
        ("Will the entire workforce lose their jobs?", True),
        ("Did all the lines keep running?", True),
        # a compound says which kind, not how much
        ("Did the company keep its full-year forecast?", False),
        ("Did the council back the budget?", False),
    ],
)
def test_about_all(nlp: TextAnalyser, question: str, expected: bool) -> None:
    claim = question_claim(analyse_question(question, nlp))
    assert claim is not None and about_all(claim) == expected
