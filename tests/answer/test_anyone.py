"""Yes/no questions about anyone at all (rag.answer.anyone)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from rag.answer.anyone import none_verdict
from rag.answer.base import Draft
from rag.answer.question import analyse_question
from rag.answer.verdict import yes_no_verdict
from rag.nlp import TextAnalyser
from rag.records import SearchHit


@pytest.mark.parametrize(
    ("question", "text", "verdict"),
    [
        ("Was anyone hurt in the attack?", "Police said two people were arrested. No injuries were reported.", "no"),
        ("Was anyone hurt in the attack?", "There were no injuries, police said.", "no"),
        ("Was anyone hurt in the attack?", "No one was hurt in the attack.", "no"),
        ("Did anybody die in the fire?", "Nobody died in the fire, officials said.", "no"),
        ("Did anybody die in the fire?", "No deaths have been reported.", "no"),
        ("Has anyone been arrested?", "The prosecutor said no arrests had been made.", "no"),
        # not a report that there was none
        ("Was anyone hurt in the attack?", "Three people were hurt in the attack.", None),
        ("Has anyone been arrested?", "The union made no commitment to end the strike.", None),
        ("Has anyone been arrested?", "No injuries were reported.", None),
        # not a question about anyone
        ("Was the mayor hurt in the attack?", "No injuries were reported.", None),
        # "anyone" parsed as what "was", its participle describing it
        ("Was anyone injured in the AeroChef fire in Geelong?", "No one was hurt in the fire.", "no"),
    ],
)
def test_a_report_that_there_was_none_answers_no(nlp: TextAnalyser, question: str, text: str,
                                                 verdict: str | None) -> None:
    q = analyse_question(question, nlp)
    assert none_verdict(q, list(nlp.parse(text).sents))[0] == verdict


@pytest.mark.parametrize(
    ("question", "text"),
    [
        ("Was anyone hurt when a truck was stoned near the port?",
         "Police said two people were detained after a truck was stoned near the port. No injuries were reported."),
        ("Did anyone die in the Portvale warehouse fire?",
         "The Portvale warehouse fire burned for six hours. No deaths were reported, the fire service said."),
    ],
)
def test_the_answerer_says_no_when_the_evidence_reports_none(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit], question: str, text: str
) -> None:
    draft = ask(question, [make_hit("d0", text)])
    assert draft.verdict == "no" and draft.sentences[0].text.startswith("No ")


def test_the_shared_yes_no_verdict_reads_a_report_of_none(nlp: TextAnalyser) -> None:
    # the LLM answer's "No" is checked by the same verdict, so it stays when the cited sentence reports none
    q = analyse_question("Was anyone hurt when a truck was stoned near the port?", nlp)
    sents = list(nlp.parse("Police said two people were detained. No injuries were reported.").sents)
    assert yes_no_verdict(q, sents) == ("no", 1)


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        # what the fire damaged is no one: the report of none answers
        ("An air fryer caught fire in a home in Geelong, damaging a kitchen bench and cupboards. "
         "No one was hurt in the fire.", ("no", 1)),
        # a clause that says someone was hurt stands
        ("A fire in Geelong injured two people, damaging a kitchen. No one was hurt in a second fire.", ("yes", 0)),
    ],
)
def test_a_report_of_none_outweighs_a_yes_from_a_clause_without_the_asked_act(
    nlp: TextAnalyser, text: str, verdict: tuple[str, int]
) -> None:
    q = analyse_question("Was anyone injured in the fire in Geelong?", nlp)
    assert yes_no_verdict(q, list(nlp.parse(text).sents)) == verdict
