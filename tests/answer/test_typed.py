"""A question as typed: a question mark added, and without capitals, cased as the passages write its words."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from rag import Index
from rag.answer.base import Draft, abstain
from rag.answer.typed import direct, needs_casing, punctuated, truecase
from rag.nlp import TextAnalyser
from rag.query import Query
from rag.records import SearchHit
from rag.settings import Settings

PASSAGES = [
    "Governor Halvard Moe said the rate would hold. The governor of the central bank spoke on Monday. "
    "The Bank of Mexico raised its rate to 11%, said Victoria Rodriguez, its governor.",
    "Aldermoor Foods reported revenue of $1.9 billion. Analysts at the bank of the year award said little.",
    "The US told us in May that prices may rise. Trevor Banks denied the charges. Trevor Banks will appeal.",
    "Minister for Enterprise Conor Walsh spoke. The minister said the strike would end.",
    "Aston Villa beat Fulham at Villa Park on Sunday.",
    "Valley Gazette",  # a source's name: the Index adds the retrieved passages' sources
]


@pytest.mark.parametrize(
    ("typed", "cased"),
    [
        # a run of words takes the passages' form; "Governor Halvard Moe" does not make "governor" a name
        ("who is the governor of the bank of mexico?", "Who is the governor of the Bank of Mexico?"),
        # a name opening a sentence is still a name when a later word of it has a capital
        ("what revenue did aldermoor foods report?", "What revenue did Aldermoor Foods report?"),
        ("has trevor banks denied the charges?", "Has Trevor Banks denied the charges?"),
        # stop words are never cased ("us", "may"), nor a word inside a longer name ("Minister for Enterprise")
        ("what did the minister tell us in may?", "What did the minister tell us in may?"),
        # a stop word joins a longer name only when it belongs to it ("at" hangs on neither side here)
        ("did aston villa beat fulham?", "Did Aston Villa beat Fulham?"),
        ("what did the valley gazette report?", "What did the Valley Gazette report?"),
        # a word the passages do not hold keeps its form
        ("did the strike end early?", "Did the strike end early?"),
    ],
)
def test_a_lower_case_question_takes_the_passages_capitals(nlp: TextAnalyser, typed: str, cased: str) -> None:
    assert needs_casing(typed)
    assert truecase(nlp.nlp.tokenizer(typed), nlp.parse_many(PASSAGES)) == cased


def test_a_question_with_capitals_is_left_as_typed() -> None:
    assert not needs_casing("Who is the governor of the Bank of Mexico?")
    assert needs_casing("Who is the governor of the bank of mexico?")  # only the first letter: cased anew


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("Who won the race", "Who won the race?"),
        ("Who won the race?  ", "Who won the race?"),
        ('Who sang "Hello"', 'Who sang "Hello"?'),
        ("How much did it cost in 2024", "How much did it cost in 2024?"),
        ("Who won the race!", "Who won the race!"),
    ],
)
def test_a_question_mark_is_added_where_the_text_ends_in_a_word(typed: str, read: str) -> None:
    assert punctuated(typed) == read


@pytest.mark.parametrize(
    ("typed", "asked"),
    [
        ("Can you tell me who presented the plan to the mayor?", "Who presented the plan to the mayor?"),
        ("I want to know how soon the airline will restore its flights.",
         "How soon the airline will restore its flights?"),
        ("Do you know which newspaper broke the story?", "Which newspaper broke the story?"),
        ("Please tell me when the vote will be held.", "When the vote will be held?"),
        ("Name the newspaper that broke the story.", "What is the newspaper that broke the story?"),
        ("List the regions the country would cede.", "What are the regions the country would cede?"),
        ("Give me the date of the vote.", "What is the date of the vote?"),
        # the wrapped question may keep its own word order, or open with a preposition
        ("Can you tell me has the mayor denied the charges?", "Has the mayor denied the charges?"),
        ("Could you please tell me by what score did the club win?", "By what score did the club win?"),
        ("Do you think the plan will pass?", None),  # "the plan" is part of the question
        # every answer is according to the articles; a named source is part of the question
        ("According to the articles, which club won the cup?", "Which club won the cup?"),
        ("According to the Financial Times, which club won the cup?", None),
        # questions already, or a question about what a source says: left as they are
        ("Who presented the plan to the mayor?", None),
        ("Did the paper say who presented the plan?", None),
        ("Is it true that the plan was presented by the mayor?", None),
        # a clause that says when or where is part of a yes/no question, not the question a request wraps
        ("Was anyone hurt when a truck was stoned near the port?", None),
        ("Did anyone die when the bridge collapsed?", None),
    ],
)
def test_a_request_is_asked_as_the_question_it_wraps(nlp: TextAnalyser, typed: str, asked: str | None) -> None:
    assert direct(nlp.parse(typed)) == asked


class _Reader:
    """An answerer that keeps the query text it is given and abstains."""

    mode = "reader"

    def __init__(self) -> None:
        self.read: list[str] = []

    def answer(self, query: Query, hits: Sequence[SearchHit]) -> Draft:
        self.read.append(query.text)
        return abstain(self.mode, "test")

    def stream(self, query: Query, hits: Sequence[SearchHit]) -> Iterator[str | Draft]:
        yield self.answer(query, hits)


def test_the_answerer_reads_the_question_punctuated_and_cased(
    settings: Settings, tmp_path: Path, write_article: Callable[..., Path]
) -> None:
    write_article(tmp_path / "news", "a.txt", "Victoria Rodriguez, governor of the Bank of Mexico, said on Thursday "
                  "that the bank would hold its rate at 11%.", title="Mexico holds rates", source="Wire")
    idx = Index(settings)
    idx.add([tmp_path / "news"])
    reader = _Reader()
    typed = "who is the governor of the bank of mexico"
    answer = idx.ask(typed, answerer=reader)
    assert reader.read == ["Who is the governor of the Bank of Mexico?"]
    assert answer.question == typed  # shown as typed
    list(idx.ask_stream("Who heads the Bank of Mexico", answerer=reader))
    assert reader.read[-1] == "Who heads the Bank of Mexico?"  # capitals typed are kept
    idx.ask("According to the reports, can you tell me who heads the Bank of Mexico?", answerer=reader)
    assert reader.read[-1] == "Who heads the Bank of Mexico?"
