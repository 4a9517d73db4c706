"""A body the question names, spoken of by the noun the evidence gives it in apposition."""

from __future__ import annotations

from collections.abc import Callable

from rag.answer.base import Draft
from rag.records import SearchHit

INTRO = "Tarrow Water, the state-owned corporation that runs the reservoir, said the delays would end in May."
TOLD = "The corporation's chief engineer, Mark Bell, told a public meeting on Tuesday that two hulls had cracked."


def test_the_noun_the_evidence_calls_the_body_by_names_it(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    hits = [make_hit("d0", INTRO), make_hit("d1", TOLD, rank=2)]
    assert ask("Who is the chief engineer of Tarrow Water?", hits).short_answer == "Mark Bell"


def test_without_the_apposition_the_noun_is_someone_else(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # the evidence never calls Tarrow Water "the corporation": the corporation may be another body
    hits = [make_hit("d0", "Tarrow Water said the reservoir repairs would end in May."),
            make_hit("d1", TOLD, rank=2)]
    assert ask("Who is the chief engineer of Tarrow Water?", hits).short_answer != "Mark Bell"
    # ... nor does an indefinite noun refer back to it
    hits = [make_hit("d0", INTRO),
            make_hit("d1", "A corporation's chief engineer, Mark Bell, told a public meeting on Tuesday that two hulls "
                           "had cracked.", rank=2)]
    assert ask("Who is the chief engineer of Tarrow Water?", hits).short_answer != "Mark Bell"
