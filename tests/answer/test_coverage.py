"""Questions that describe their answer several times over: the name most descriptions point to."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from rag.answer import coverage
from rag.answer.base import Draft
from rag.answer.coverage import descriptions
from rag.nlp import TextAnalyser
from rag.records import SearchHit

QUESTION = ("Who is the founder who was once the youngest billionaire in shipping, is now on trial for fraud, "
            "and is accused of ordering a deputy to move $2 billion of client money?")
TESTIMONY = "The deputy, Dana Whitlock, had to move $2 billion of client money after an order from the top."
PROFILE = ("The fraud trial of Rupert Kale, the founder of Kale Lines, opened on Monday. "
           "He was once the youngest billionaire in shipping.")


@pytest.mark.parametrize(
    ("question", "clauses"),
    [
        (QUESTION, 3),
        ("Which company, known for its e-readers, also runs a marketplace that sellers call life-changing?", 2),
        # one clause: the question's own
        ("Who won the Masters in 2021?", 1),
        ("What did the minister say about the tender on Friday?", 1),
        # words about the sources describe no answer
        ("According to the articles, who won the women's race at the Hamburg Marathon?", 1),
    ],
)
def test_descriptions_are_the_questions_clauses(nlp: TextAnalyser, question: str, clauses: int) -> None:
    parts = descriptions(nlp.parse(question))
    assert len(parts) == clauses, parts
    # each word of the question is in one description at most
    assert sum(len(nlp.parse(p)) for p in parts) <= len(nlp.parse(question))


def test_the_name_most_descriptions_point_to_answers(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit], monkeypatch: pytest.MonkeyPatch
) -> None:
    hits = [make_hit("d0", TESTIMONY, rank=1), make_hit("d1", PROFILE, rank=2)]
    answer = ask(QUESTION, hits)
    assert answer.short_answer == "Rupert Kale", answer
    # Without coverage the witness whose sentence matches the question best would be the answer.
    monkeypatch.setattr(coverage, "W_COVER", 0.0)
    assert ask(QUESTION, hits).short_answer == "Dana Whitlock"


def test_a_pronoun_refers_to_the_last_person_named_before_it(nlp: TextAnalyser) -> None:
    doc = nlp.parse(PROFILE)
    sents = list(doc.sents)
    assert "Rupert Kale" in coverage._referents(sents[1])
    # a sentence that names a person itself does not borrow one
    doc = nlp.parse("Rupert Kale spoke first. Then Dana Whitlock said she had moved the money.")
    assert coverage._referents(list(doc.sents)[1]) == ["Dana Whitlock"]


def test_an_article_is_about_whom_its_headline_names(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # The profile never names its subject in the sentences retrieved ("He was once ..."): its headline
    # does, so those sentences describe him, and the testimony's best-matching witness does not win.
    profile = make_hit("d1", "He was once the youngest billionaire in shipping. Now he is on trial for fraud.",
                       rank=2, title="The rise and fall of Rupert Kale")
    testimony = make_hit("d0", "The deputy, Dana Whitlock, moved $2 billion of client money; Kale's lawyers say "
                               "she acted alone.", title="Fraud trial hears from the deputy")
    answer = ask(QUESTION, [testimony, profile])
    assert answer.short_answer == "Rupert Kale", answer
