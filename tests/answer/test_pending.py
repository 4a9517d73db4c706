"""What the evidence says has not happened yet, against a question about what was done (rag.answer.pending)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from embeddings.hashing import HashingEmbedder
from rag.answer.extractive import ExtractiveAnswerer
from rag.answer.pending import asks_ahead, asks_done
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


@pytest.mark.parametrize(("question", "ahead"), [
    ("When will the next Northline Rail strike begin?", True),
    ("When is the review of the dam spill due to be completed?", True),
    ("On what date will the union hold its strike vote?", True),
    ("When did the Northline Rail strike begin?", False),
    ("Who will lead the review?", False),  # no time asked
])
def test_a_when_question_asks_the_time_of_what_is_to_come(nlp: TextAnalyser, question: str, ahead: bool) -> None:
    assert asks_ahead(analyse_question(question, nlp)) == ahead


NEXT_STRIKE = "When will the next Northline Rail strike begin?"


@pytest.mark.parametrize(("text", "answer"), [
    # what was done, a length of time and a year before the article's are no time to come
    ("Drivers at Northline Rail began a two-day strike on Tuesday, the first Northline Rail strike in more than a "
     "decade. The strike is the first since the company took over the network in 2014.", None),
    # ... nor a date without its year, a few days before the article's
    ("Drivers at Northline Rail began the last Northline Rail strike on October 2 and ended it after two days.", None),
    # ... a day the clause tells as to come is
    ("Drivers at Northline Rail began a two-day strike on Tuesday. The union said the next Northline Rail strike "
     "would begin on Friday.", "Friday"),
    # ... and so are a year not before the article's and a length counted from now
    ("Drivers at Northline Rail ended their strike in 2014. The next Northline Rail strike will begin in 2026, the "
     "union said.", "2026"),
    ("Drivers at Northline Rail ended their strike in 2014. The union said the next Northline Rail strike would begin "
     "within 60 days.", "60 days"),
])
def test_a_time_told_as_past_does_not_answer_when_what_is_to_come_will_happen(
    nlp: TextAnalyser, make_hit: Callable[..., SearchHit], text: str, answer: str | None
) -> None:
    draft = ExtractiveAnswerer(HashingEmbedder(), nlp).answer(
        Query.create(NEXT_STRIKE, 5), [make_hit("d", text, date="2025-10-15")])
    assert draft.short_answer == answer
    assert draft.abstained == (answer is None)


@pytest.mark.parametrize(("text", "answer"), [
    # a time the text sets, however it tells the setting, is to come
    ("Drivers at Northline Rail began a two-day strike on Tuesday. The next Northline Rail strike was scheduled to "
     "begin next week, the union said.", "next week"),
    ("Drivers at Northline Rail began a two-day strike on Tuesday. The next Northline Rail strike has been set for "
     "Friday, the union said.", "Friday"),
    ("Drivers at Northline Rail began a two-day strike on Tuesday. The union said the next Northline Rail strike had "
     "been called for November 3.", "November 3"),
])
def test_a_time_the_text_sets_answers_when_what_is_to_come_will_happen(
    nlp: TextAnalyser, make_hit: Callable[..., SearchHit], text: str, answer: str
) -> None:
    draft = ExtractiveAnswerer(HashingEmbedder(), nlp).answer(
        Query.create(NEXT_STRIKE, 5), [make_hit("d", text, date="2025-10-15")])
    assert draft.short_answer == answer


BY_ELECTION = "When will the by-election for the Ward 4 council seat be held?"
WARD = "Helen Marchetti, who has represented Ward 4 since 2018, won the mayoral by-election on Monday."


@pytest.mark.parametrize(("question", "text", "open_"), [
    (BY_ELECTION, f"{WARD} Council must decide within 60 days whether to appoint a replacement or hold a separate "
     "by-election for the ward.", True),
    ("Who will be appointed to the Ward 4 council seat?", f"{WARD} Council must decide within 60 days whether to "
     "appoint a councillor to the seat or hold a by-election.", True),
    # ... not once a sentence tells the act outside the question
    (BY_ELECTION, f"{WARD} Council must decide whether to hold a by-election for the ward. It said on Tuesday it "
     "would hold the by-election on July 9.", False),
    # ... nor when the question asks of the act with nothing the open question gives it
    (BY_ELECTION, f"{WARD} Council must decide whether to hold a public meeting on the seat.", False),
])
def test_an_act_the_text_asks_whether_will_happen_is_still_an_open_question(
    nlp: TextAnalyser, make_hit: Callable[..., SearchHit], question: str, text: str, open_: bool
) -> None:
    draft = ExtractiveAnswerer(HashingEmbedder(), nlp).answer(
        Query.create(question, 5), [make_hit("d", text, date="2025-06-18")])
    assert (draft.abstained and "still an open question" in draft.reason) == open_
