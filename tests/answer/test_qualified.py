"""A qualifier the evidence gives otherwise denies a yes/no claim (rag.answer.qualified)."""

from __future__ import annotations

import pytest

from rag.answer.question import analyse_question
from rag.answer.verdict import yes_no_verdict
from rag.nlp import TextAnalyser


@pytest.mark.parametrize(("question", "evidence", "verdict"), [
    # the claim's noun with another qualifier, in a passage that never says the claim's
    ("Was the Harlow viaduct judged to be in poor condition at its last inspection?",
     "The Harlow viaduct was last inspected in 2021, when it was rated in fair condition.", "no"),
    ("Is it true that the corruption scandal weakening the mayor centres on the housing sector?",
     "The decisions of the mayor also weigh on his political weakness in the wake of the transport sector corruption "
     "scandal involving aides close to him.", "no"),
    # ... not when the passage says the claim's qualifier somewhere
    ("Was the Harlow viaduct judged to be in poor condition at its last inspection?",
     "The Harlow viaduct was last inspected in 2021, when it was rated in fair condition. Engineers now call its "
     "deck poor.", None),
    # ... nor for a synonym of it
    ("Could the Harlow council get extra funding for the viaduct repairs?",
     "The Harlow council has been promised additional funding to complete the repairs to the viaduct, officials "
     "said.", None),
])
def test_a_qualifier_given_otherwise_denies_the_claim(
    nlp: TextAnalyser, question: str, evidence: str, verdict: str | None
) -> None:
    found = yes_no_verdict(analyse_question(question, nlp), list(nlp.parse(evidence).sents))[0]
    assert found == verdict if verdict is not None else found != "no"
