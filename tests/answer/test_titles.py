"""Questions about what a named person is: the title or description the text gives them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from embeddings.hashing import HashingEmbedder
from rag.answer.extractive import ExtractiveAnswerer
from rag.answer.titles import person_asked, title_of
from rag.nlp import TextAnalyser
from rag.query import Query
from rag.records import SearchHit

TENDER = ("Transport Secretary Maria Lopes presented the tender to Mayor Ana Costa on Thursday in writing. "
          "Lopes said the work would start in May. The contract was signed by Rui Alves, the city's chief engineer.")
PRESENTED = "US Army Secretary Dan Driscoll presented the plan to President Volodymyr Zelensky."


@pytest.mark.parametrize(
    ("question", "person"),
    [
        ("Who is Rui Alves?", ["rui", "alves"]),
        ("Who's Alves?", ["alves"]),
        ("Who is Lopes?", ["lopes"]),  # tagged a plural noun, recognised as a person
        ("What is Maria Lopes's job?", ["maria", "lopes"]),
        ("What is the title of Rui Alves?", ["rui", "alves"]),
        ("What role does Rui Alves have?", ["rui", "alves"]),
        ("What is Rui Alves's role in the project?", ["rui", "alves"]),
        # about someone else, or about something else
        ("Who is Rui Alves's boss?", None),
        ("Who is the mayor of the city?", None),
        ("What is Maria Lopes's plan?", None),
        ("Who signed the contract?", None),
    ],
)
def test_which_questions_ask_what_a_person_is(nlp: TextAnalyser, question: str, person: list[str] | None) -> None:
    assert person_asked(nlp.parse(question)) == person


@pytest.mark.parametrize(
    ("name", "sentence", "title"),
    [
        (["dan", "driscoll"], PRESENTED, "US Army Secretary"),
        (["volodymyr", "zelensky"], PRESENTED, "President"),
        (["rui", "alves"], "The contract was signed by Rui Alves, the city's chief engineer, on Friday.",
         "the city's chief engineer"),
        (["alves"], "The city's chief engineer, Rui Alves, signed it.", "The city's chief engineer"),
        (["alves"], "Alves is the head of the city's water agency, which runs the dams.",
         "head of the city's water agency"),
        (["haddad"], "The clinic's medical director, Dr. Amira Haddad, said it would open.",
         "The clinic's medical director"),  # what she does, not how she is addressed
        (["ortiz"], "Local resident Maria Ortiz, a nurse, said families had waited.", "nurse"),
        (["alves"], "Alves said the work would start in May.", None),
        (["alves"], "Rui Alves, 51, signed it.", None),  # an age is no title
    ],
)
def test_the_title_a_sentence_gives(nlp: TextAnalyser, name: list[str], sentence: str, title: str | None) -> None:
    assert title_of(name, next(iter(nlp.parse(sentence).sents))) == title


def test_who_is_answers_with_the_title_not_another_name(
    nlp: TextAnalyser, emb: HashingEmbedder, make_hit: Callable[..., SearchHit]
) -> None:
    answerer = ExtractiveAnswerer(emb, nlp)
    hit = make_hit("d0", TENDER)
    assert answerer.answer(Query.create("Who is Rui Alves?", 5), [hit]).short_answer == "the city's chief engineer"
    assert answerer.answer(Query.create("What is Maria Lopes's job?", 5), [hit]).short_answer == "Transport Secretary"
    # the passages name him but never say what he is: no one else's name instead
    other = make_hit("d1", "Rui Alves signed the contract on Friday. The work starts in May.")
    draft = answerer.answer(Query.create("Who is Rui Alves?", 5), [other])
    assert draft.abstained and draft.short_answer is None
