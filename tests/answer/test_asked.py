"""What a question names and sets aside (rag.answer.asked)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from rag.answer.asked import left_aside
from rag.answer.base import Draft
from rag.nlp import TextAnalyser
from rag.records import SearchHit


@pytest.mark.parametrize(
    ("question", "aside"),
    [
        ("Apart from the symbolic blow, what would the handover cost Kyiv?", {"symbolic", "blow"}),
        ("Besides backing Ukraine, what measure does the commentary call for?", {"back", "ukraine"}),
        ("Aside from Piraeus, which port do the ferries sail from?", {"piraeus"}),
        ("In addition to the fine, what did the court order?", {"fine"}),
        # a clause the parser hangs on the phrase set aside is the question's own
        ("Other than the mayor, who spoke at the meeting?", {"mayor"}),
        ("What did the court order?", set()),
    ],
)
def test_what_a_question_sets_aside(nlp: TextAnalyser, question: str, aside: set[str]) -> None:
    assert left_aside(nlp.parse(question)) == aside


def test_what_the_question_sets_aside_is_no_answer(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    text = ("Giving up the territories would have a strong symbolic and moral impact on Kyiv. It would also mean "
            "losing resources, industrial infrastructure and economic control.")
    draft = ask("Apart from the symbolic blow, what would giving up the territories cost Kyiv?", [make_hit("d0", text)])
    assert draft.short_answer != "strong symbolic and moral impact"
    assert draft.short_answer is not None and "resources" in draft.short_answer
