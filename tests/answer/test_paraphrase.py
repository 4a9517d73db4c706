"""A Yes read from a sentence that says a yes/no question's claim in other words (rag.answer.paraphrase)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from rag.answer.base import Draft
from rag.answer.paraphrase import PARAPHRASE_WARNING, paraphrase_verdict
from rag.answer.question import analyse_question
from rag.nlp import TextAnalyser
from rag.records import SearchHit


@pytest.mark.parametrize(
    ("question", "text"),
    [
        # the predicate in other words, every other word of the claim said
        ("Did the harbour authority sound out the fishing cooperatives before publishing its dredging plan?",
         "The harbour authority first held talks with the fishing cooperatives and published its dredging plan "
         "after hearing their objections."),
        ("Would the ferry operator have to write its timetable guarantee into the concession contract?",
         "The ferry operator would amend the concession contract to include a binding timetable guarantee."),
        # a denial of another clause of the sentence; the one that carries the claim says it
        ("Would the spare dredgers be based in Rotterdam?",
         "The old quay would not reopen, and the spare dredgers would instead be moored in Rotterdam."),
    ],
)
def test_the_claim_in_other_words_answers_yes(nlp: TextAnalyser, question: str, text: str) -> None:
    q = analyse_question(question, nlp)
    assert paraphrase_verdict(q, list(nlp.parse(text).sents)) == 0


@pytest.mark.parametrize(
    ("question", "text"),
    [
        # a denial of any kind in the sentence
        ("Did the harbour authority sound out the fishing cooperatives before publishing its dredging plan?",
         "The harbour authority did not hold talks with the fishing cooperatives before it published its dredging "
         "plan."),
        ("Did the harbour authority sound out the fishing cooperatives before publishing its dredging plan?",
         "The harbour authority refused to meet the fishing cooperatives and published its dredging plan anyway."),
        ("Did the harbour tribunal side with the cooperatives on the dredging permits?",
         "The harbour tribunal rejected the cooperatives' argument on the dredging permits."),
        ("Did the harbour authority hold the dredging permits for the northern basin?",
         "The harbour authority lacked the dredging permits for the northern basin, the cooperatives said."),
        # ... but not one under a denial
        ("Would the spare dredgers be based in Rotterdam under the harbour plan?",
         "The harbour authority denied that the spare dredgers would be moored in Rotterdam under the harbour plan."),
        ("Would the spare dredgers be based in Rotterdam under the harbour plan?",
         "The harbour authority did not say that the spare dredgers would be moored in Rotterdam under the harbour "
         "plan."),
        ("Did the harbour council approve the port treaty on cargo fees for river barges?",
         "The harbour council did not sign or ratify the port treaty on cargo fees for river barges."),
        ("Has the dredging plan been signed by the harbour authority and the cooperatives?",
         "The dredging plan remains unsigned, the harbour authority and the cooperatives said."),
        # a qualifier the stop list takes for a function word must be said too ("the full penalty")
        ("Did the harbour court grant the full penalty the cooperatives had asked for?",
         "The case was brought by the cooperatives, which had asked the harbour court to impose a penalty of "
         "2 million euros."),
        # a value the question names that the sentence does not give
        ("Did the harbour authority unveil its dredging plan for the northern basin in 2023?",
         "The harbour authority presented its dredging plan for the northern basin in 2021."),
        # too few of the claim's words
        ("Did the harbour authority sound out the fishing cooperatives before publishing its dredging plan?",
         "The harbour authority said on Tuesday that the basin would close for a month."),
        # questions about anyone, and comparisons, turn on a word this reading does not weigh
        ("Was anyone hurt when the crane at the northern basin of the harbour collapsed?",
         "Two workers at the northern basin of the harbour were taken to hospital after the crane collapsed."),
        ("Did the harbour authority dredge more of the northern basin than the southern basin this year?",
         "The harbour authority dredged the northern basin and the southern basin this year."),
    ],
)
def test_no_yes_without_the_claim_said_and_undenied(nlp: TextAnalyser, question: str, text: str) -> None:
    q = analyse_question(question, nlp)
    assert paraphrase_verdict(q, list(nlp.parse(text).sents)) is None


def test_the_answerer_says_yes_with_a_warning_when_only_the_paraphrase_reads_it(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    question = "Did the harbour authority sound out the fishing cooperatives before publishing its dredging plan?"
    text = ("The harbour authority first held talks with the fishing cooperatives and published its dredging plan "
            "after hearing their objections.")
    draft = ask(question, [make_hit("d0", text)])
    assert draft.verdict == "yes" and draft.short_answer == "Yes"
    assert PARAPHRASE_WARNING in draft.warnings and draft.sentences[0].text == text


def test_a_verdict_the_strict_reading_gives_carries_no_warning(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    question = "Did the harbour authority publish its dredging plan?"
    text = "The harbour authority published its dredging plan for the northern basin on Thursday."
    draft = ask(question, [make_hit("d0", text)])
    assert draft.verdict == "yes" and PARAPHRASE_WARNING not in draft.warnings
