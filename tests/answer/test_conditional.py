"""A claim the question says holds whatever happens, against evidence that makes it depend on that
(rag.answer.conditional)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from rag.answer.base import Draft
from rag.answer.conditional import conditioned
from rag.answer.question import analyse_question
from rag.nlp import TextAnalyser
from rag.records import SearchHit

QUESTION = "Will the ministry fund the new clinic regardless of whether the council approves the site?"


@pytest.mark.parametrize(
    ("evidence", "found"),
    [
        # the question's condition is what the evidence makes the claim hang on
        ("Funding for the new clinic is contingent on the council first approving the site.", True),
        ("The ministry said it would fund the new clinic if the council approves the site.", True),
        ("The ministry will fund the new clinic unless the council rejects the site.", False),  # another condition
        # ... only in a sentence that speaks of the claim
        ("The road repairs are contingent on the council approving the budget.", False),
        # ... and the condition must be a condition, not a fact told beside it
        ("The ministry will fund the new clinic, and the council approved the site on Monday.", False),
    ],
)
def test_a_claim_said_to_hold_whatever_happens_is_denied_by_a_condition(
    nlp: TextAnalyser, evidence: str, found: bool
) -> None:
    q = analyse_question(QUESTION, nlp)
    assert (conditioned(q, list(nlp.parse(evidence).sents)) is not None) is found


def test_a_question_without_such_words_is_not_read(nlp: TextAnalyser) -> None:
    q = analyse_question("Will the ministry fund the new clinic if the council approves the site?", nlp)
    assert conditioned(q, list(nlp.parse("The ministry would fund the new clinic if the council approves the "
                                         "site.").sents)) is None


def test_the_answer_is_no(ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]) -> None:
    draft = ask("Is Washington offering Kyiv security guarantees regardless of whether it agrees to a peace deal?",
                [make_hit("d0", "The administration has indicated to Ukraine that US security guarantees are "
                                "contingent on Kyiv first agreeing a peace deal, according to people familiar with "
                                "the talks.")])
    assert draft.verdict == "no"
