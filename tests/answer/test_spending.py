"""Whether "how much" or "what" is asked of paying or costing (then a sum of money is asked for)."""

from __future__ import annotations

import pytest

from rag.answer.spending import costs_after, spends
from rag.nlp import TextAnalyser


@pytest.mark.parametrize(("question", "asked"), [
    ("What did the club pay for him?", True),
    ("What will a ticket cost?", True),
    ("How much will the delay to the works cost?", True),  # the parser may take the final "cost" for a noun
    ("What did they charge him with?", False),  # charging someone with a crime is no price
    ("How much did the cost of fuel rise?", False),  # a noun with its complement, then another verb
    ("What did the fire destroy?", False),
])
def test_the_verb_after_the_auxiliary(nlp: TextAnalyser, question: str, asked: bool) -> None:
    doc = nlp.parse(question)
    wh = doc[1] if doc[0].lower_ == "how" else doc[0]  # "much" of "how much", else the wh-word
    assert costs_after(wh) is asked


@pytest.mark.parametrize(("question", "asked"), [
    ("How much did the bridge cost?", True),
    ("How much is the city paying for the bridge?", True),
    ("How much did the river rise?", False),
])
def test_how_much_of_paying(nlp: TextAnalyser, question: str, asked: bool) -> None:
    doc = nlp.parse(question)
    much = next(t for t in doc if t.lower_ == "much")
    assert spends(much.head) is asked
