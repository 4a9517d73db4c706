"""What the evidence says has not happened yet, against a question about what was done (rag.answer.pending)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from embeddings.hashing import HashingEmbedder
from rag.answer.extractive import ExtractiveAnswerer
from rag.answer.pending import asks_done
from rag.answer.question import analyse_question
from rag.nlp import TextAnalyser
from rag.query import Query
from rag.records import SearchHit

PICK = "Which option did the council's cabinet pick for the Ashford bridge?"
APPOINTED = "Who has been appointed as conciliator in the rail pay dispute?"
LED = "Which venture firm led Quickbasket's 2023 funding round?"
STRIKE = ("Drivers at Northline Rail began a two-day strike on Tuesday in the rail pay dispute, said Colin Braddock, "
          "the union's general secretary.")


@pytest.mark.parametrize(("question", "done"), [
    (PICK, ["pick"]),  # "pick" read as the object of "did" is still the verb asked
    (APPOINTED, ["appointed"]),
    ("Who will be appointed as conciliator?", []),  # what is to come
    ("Who is the conciliator?", []),
])
def test_a_question_asks_what_was_done_by_its_tense(nlp: TextAnalyser, question: str, done: list[str]) -> None:
    assert [t.text for t in asks_done(analyse_question(question, nlp))] == done


@pytest.mark.parametrize(("question", "text", "pending"), [
    (PICK, "Engineers offered four options for the Ashford bridge. Cabinet members are due to pick an option in "
     "December.", True),
    (PICK, "Engineers offered four options for the Ashford bridge. The council's cabinet will pick an option in "
     "December.", True),
    (APPOINTED, f"{STRIKE} A conciliator would be appointed only once both sides had agreed to take part, the "
     "service said.", True),
    (APPOINTED, f"{STRIKE} The conciliation service plans to appoint a conciliator next week.", True),
    # ... but not once the text tells it as done
    (APPOINTED, f"{STRIKE} A conciliator would be appointed only once both sides agreed. On Friday the service "
     "appointed Mary Hale as conciliator in the dispute.", False),
    # ... nor when the question asks what is to come
    ("Who will be appointed as conciliator in the rail pay dispute?",
     f"{STRIKE} A conciliator would be appointed only once both sides had agreed to take part.", False),
    # ... a participle describing a noun tells it as done ("a round led by X")
    (LED, "Quickbasket raised 45 million dollars in 2023, in a round led by the venture firm Lantern Peak Capital. "
     "The firm would lead another round next year, it said.", False),
    # ... and a light verb WordNet puts among the verb's synonyms ("take" for "lead") is no act of it
    (LED, "Lantern Peak Capital, a venture firm, put in most of the money for Quickbasket's 2023 funding round. "
     "The firm would take time to study the market, it said.", False),
    # ... nor when the act to come is of nothing the question names
    (APPOINTED, f"{STRIKE} The union would appoint new stewards only once the strike ended.", False),
])
def test_an_act_the_text_tells_as_yet_to_come_does_not_answer_what_was_done(
    nlp: TextAnalyser, make_hit: Callable[..., SearchHit], question: str, text: str, pending: bool
) -> None:
    draft = ExtractiveAnswerer(HashingEmbedder(), nlp).answer(Query.create(question, 5), [make_hit("d", text)])
    assert (draft.abstained and "not happened yet" in draft.reason) == pending


@pytest.mark.parametrize(("text", "open_", "verdict"), [
    ("Brennock recalled 57,500 air fryers. A Melbourne law firm said it was examining whether there were grounds for "
     "a class action, but had not yet decided whether to file one.", True, None),
    # ... a clause that settles the claim comes first
    ("A Melbourne law firm filed a class action against Brennock on Monday, after months of examining whether to "
     "file one.", False, "yes"),
    # ... and an open question about another act leaves the claim unsettled, not open
    ("Brennock recalled 57,500 air fryers and is considering whether to recall more models.", False, None),
])
def test_a_yes_no_claim_the_text_asks_as_an_open_question_is_left_open(
    nlp: TextAnalyser, make_hit: Callable[..., SearchHit], text: str, open_: bool, verdict: str | None
) -> None:
    draft = ExtractiveAnswerer(HashingEmbedder(), nlp).answer(
        Query.create("Will a class action be filed against Brennock over the air fryers?", 5), [make_hit("d", text)])
    assert (draft.abstained and "still an open question" in draft.reason) == open_
    assert draft.verdict == verdict
