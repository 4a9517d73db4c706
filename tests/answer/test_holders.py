"""Who holds a post: the answer's sentence must say the post the question names."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from embeddings.hashing import HashingEmbedder
from rag.answer.extractive import ExtractiveAnswerer
from rag.answer.holders import asked_post
from rag.answer.question import analyse_question
from rag.nlp import TextAnalyser
from rag.query import Query
from rag.records import SearchHit

MERGER = ("Harwick Bank's chief executive, Elena Moss, will become CEO of the combined bank. "
          "Tarn Savings chief executive Paul Brandt will be her deputy.")


def _short(nlp: TextAnalyser, emb: HashingEmbedder, question: str, text: str,
           make_hit: Callable[..., SearchHit]) -> str | None:
    draft = ExtractiveAnswerer(emb, nlp).answer(Query.create(question, 5), [make_hit("d0", text)])
    return None if draft.abstained else draft.short_answer


@pytest.mark.parametrize(
    ("question", "text", "short"),
    [
        # the post said as the noun, a synonym of its first sense, the verb it is derived from, or its initials
        ("Who is the chairman of Harwick Bank?", "Harwick Bank, chaired by Oskar Lind, agreed the deal.", "Oskar Lind"),
        ("Who is the owner of the Tarn ferry company?",
         "The Tarn ferry company, which Maria Rossi owns, will run the route.", "Maria Rossi"),
        ("Who will be chief financial officer of the combined bank?",
         MERGER + " CFO Anna Berg will keep her post at the combined bank.", "Anna Berg"),
        ("Who will be chief executive of the combined bank?", MERGER, "Elena Moss"),
        # an acronym asked, spelled out in the text
        ("Who is the CEO of Harwick Bank?", "Harwick Bank chief executive Elena Moss praised the deal.", "Elena Moss"),
        # a passage that names people but not the post does not say who holds it
        ("Who will be chief financial officer of the combined bank?", MERGER, None),
        ("Who is the managing director of Tarn Savings?",
         "The partners are Harwick Bank, Tarn Savings and Lind Capital. Paul Brandt praised the deal.", None),
        ("Who is the owner of the Tarn ferry company?",
         "Tarn ferry company executive director Maria Rossi was suspended on Tuesday.", None),
    ],
)
def test_the_holder_of_a_post_is_named_where_the_post_is_said(
    nlp: TextAnalyser, emb: HashingEmbedder, make_hit: Callable[..., SearchHit], question: str, text: str,
    short: str | None
) -> None:
    assert _short(nlp, emb, question, text, make_hit) == short


@pytest.mark.parametrize(
    ("question", "post"),
    [
        ("Who is the managing director of Pemba Star Shipping?", "director"),
        ("Who will be chief financial officer of Nordkyst Bank?", "officer"),
        # a kind of person the question's verb picks out is no post
        ("Which US official delivered the plan to Zelensky?", None),
        ("Who scored the winning goal?", None),
        # a person described by what they did
        ("Who is the individual whose fraud led to the exchange's collapse?", None),
        ("Who is the senior official quoted by the Financial Times?", None),
        # whoever is in charge, whatever the title (rag.answer.leaders)
        ("Who is the head of the ports agency?", None),
        # the name of a person is asked about, not a post
        ("Who is Maria Rossi?", None),
    ],
)
def test_asked_post(nlp: TextAnalyser, question: str, post: str | None) -> None:
    found = asked_post(analyse_question(question, nlp))
    assert (found.text if found is not None else None) == post
