"""Agree/disagree questions about reports: the verdict is whether the conflict stage found a disagreement."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from rag.answer.base import Draft, Sentence
from rag.answer.conflicts import Disagreement
from rag.answer.consistency import asks_agreement, consistency_verdict
from rag.answer.question import analyse_question
from rag.claims import Claim
from rag.nlp import TextAnalyser
from rag.records import SearchHit


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Was the reporting on the port strike consistent between the two articles?", True),
        ("After the Herald report on May 2, did the Gazette maintain consistency in its coverage of the strike?", True),
        ("Is there a discrepancy between the reports on the number of flights cancelled?", False),
        ("Was there no inconsistency in the portrayal of the minister's role?", True),
        ("Do the two reports not agree on the cost of the bridge?", False),
        ("Has the striker's form been consistent this season?", None),  # about a player, not about reports
        ("Was there a change in the narrative about the merger?", None),  # change of emphasis: not judged here
        ("Did the council approve the budget?", None),
    ],
)
def test_what_the_question_asks(nlp: TextAnalyser, question: str, asks: bool | None) -> None:
    assert asks_agreement(nlp.parse(question)) is asks


@pytest.mark.parametrize(
    ("question", "form"),
    [
        ("After the Herald report on May 2, did the Gazette change its forecast?", "yes_no"),
        ("Between the two reports, was there consistency in the portrayal of the mayor?", "yes_no"),
        ("After the vote, did the party win more seats when turnout rose?", "yes_no"),
        ("Between the Herald and the Gazette, which paper reported the strike first?", "wh"),
        ("Did the council approve the budget?", "yes_no"),
        ("When did the council approve the budget?", "wh"),
    ],
)
def test_yes_no_behind_a_fronted_phrase(nlp: TextAnalyser, question: str, form: str) -> None:
    assert analyse_question(question, nlp).form == form


def _draft(hit: SearchHit) -> Draft:
    return Draft(mode="extractive", sentences=(Sentence(hit.chunk.text, (hit,), 0, len(hit.chunk.text)),))


def _disagreement(hit: SearchHit) -> Disagreement:
    claim = Claim(hit.chunk.doc_id, 0, 10, 0, 2, hit.chunk.text, "12", "number", "CARDINAL", "dobj:", 12.0,
                  "flight", "cancel", "airline", "airline flight", "monday", "")
    return Disagreement("flights cancelled", ((claim, hit), (claim, hit)))


@pytest.mark.parametrize(
    ("question", "disagree", "verdict"),
    [
        ("Were the two reports consistent about the cancelled flights?", False, "yes"),
        ("Were the two reports consistent about the cancelled flights?", True, "no"),
        ("Is there a discrepancy between the reports on the cancelled flights?", False, "no"),
        ("Is there a discrepancy between the reports on the cancelled flights?", True, "yes"),
    ],
)
def test_verdict_follows_the_conflict_stage(
    nlp: TextAnalyser, make_hit: Callable[..., SearchHit], question: str, disagree: bool, verdict: str
) -> None:
    hit = make_hit("a", "The airline cancelled 12 flights on Monday.")
    found = [_disagreement(hit)] if disagree else []
    got = consistency_verdict(analyse_question(question, nlp), _draft(hit), found)
    assert got.verdict == verdict


def test_other_questions_keep_the_answerers_verdict(nlp: TextAnalyser, make_hit: Callable[..., SearchHit]) -> None:
    hit = make_hit("a", "The airline cancelled 12 flights on Monday.")
    draft = _draft(hit)
    q = analyse_question("Did the airline cancel flights on Monday?", nlp)
    assert consistency_verdict(q, draft, [_disagreement(hit)]) is draft


def test_either_or_names_the_option(nlp: TextAnalyser, make_hit: Callable[..., SearchHit]) -> None:
    hit = make_hit("a", "The airline cancelled 12 flights on Monday.")
    q = analyse_question("Is the portrayal of the airline in the two reports consistent or inconsistent?", nlp)
    assert consistency_verdict(q, _draft(hit), []).short_answer == "Consistent"
    assert consistency_verdict(q, _draft(hit), [_disagreement(hit)]).short_answer == "Inconsistent"
