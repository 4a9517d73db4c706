"""Which spans of a sentence are candidate answers (rag.answer.candidates)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from rag.answer.base import Draft
from rag.answer.candidates import set_phrase, spans_in
from rag.answer.question import analyse_question
from rag.nlp import TextAnalyser
from rag.records import SearchHit


@pytest.mark.parametrize(
    "text",
    [
        "Norvex plans to seek approval from the regulator in the second half of this year.",
        "The regulator approved the drug in 2026, Norvex said.",
        "The regulator approved the drug in March, Norvex said.",
        "The regulator reviewed the drug between 2018 and 2020, Norvex said.",
    ],
)
def test_a_time_that_names_no_day_does_not_answer_on_what_date(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit], text: str
) -> None:
    draft = ask("On what date did the regulator approve the drug?", [make_hit("d0", text)])
    assert draft.abstained and draft.short_answer is None


@pytest.mark.parametrize(
    ("text", "short"),
    [
        ("The regulator approved the drug on March 3, Norvex said.", "March 3"),
        ("The regulator approved the drug on Tuesday, Norvex said.", "Tuesday"),
    ],
)
def test_a_day_answers_on_what_date(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit], text: str, short: str
) -> None:
    draft = ask("On what date did the regulator approve the drug?", [make_hit("d0", text)])
    assert draft.short_answer == short


def test_a_date_that_says_more_than_the_year_the_question_names_is_no_part_of_it(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    text = "The 2021 Harbour Regatta, the club's annual race, was held on July 29, 2021, in Brookhaven."
    passage = make_hit("d0", text)
    draft = ask("What is the date of the 2021 Harbour Regatta?", [passage])
    assert draft.short_answer == "July 29, 2021"


@pytest.mark.parametrize("question", ["What type of attack would be treated as an act of war?",
                                      "What kind of attack would be treated as an act of war?"])
def test_what_kind_of_noun_is_answered_by_the_words_that_make_it_that_kind(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit], question: str
) -> None:
    # the parser breaks a list of adjectives in quotes (the noun chunker then finds no phrase there); the words
    # before the noun are read in order
    text = ("The agency said that any future “sudden, deliberate and prolonged cyber attack” by a foreign state "
            "against the grid would be treated as an act of war. The grid operator welcomed the rule.")
    draft = ask(question, [make_hit("d0", text)])
    assert draft.short_answer == "sudden, deliberate and prolonged cyber attack"


@pytest.mark.parametrize(
    ("question", "text", "short"),
    [
        # a person the text calls by a role held by people is no answer to "which agency/firm" (a name the recogniser
        # takes for a person, "Nordhavn Marine", still is)
        ("Which agency kept the quarry closed?", "The agency's director, Carlos Mendoza, said the quarry would stay "
         "closed.", None),
        ("Which firm is building the new ferry terminal?",
         "Chief executive Carlos Mendoza said Nordhavn Marine was building the new ferry terminal.", "Nordhavn Marine"),
    ],
)
def test_a_person_called_by_a_role_does_not_answer_which_organisation(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit], question: str, text: str, short: str
) -> None:
    draft = ask(question, [make_hit("d0", text)])
    assert draft.short_answer == short


def test_where_a_firm_is_based_does_not_answer_who_owns_it(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    text = "The drug maker said it had bought the solvent from a Chennai-based trader, Velmurugan Chemicals."
    draft = ask("Who owns Velmurugan Chemicals?", [make_hit("d0", text)])
    assert draft.short_answer is None


@pytest.mark.parametrize(
    ("question", "text", "short"),
    [
        ("Which engineering firm warned the council that the bridge was unsafe?",
         "The Derwent Mills Bridge, which engineers at Halden Pryce Associates warned the council was unsafe, "
         "was closed on Friday.", "Halden Pryce Associates"),
        ("Which lender is financing the German group's offer for Brunnmatt?",
         "German industrial group Kessler-Voigt Group raised its offer for Brunnmatt to 151 francs a share.", None),
    ],
)
def test_a_name_ending_in_another_noun_of_the_question_is_that_thing_not_the_answer(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit], question: str, text: str, short: str | None
) -> None:
    draft = ask(question, [make_hit("d0", text)])
    assert draft.short_answer == short


@pytest.mark.parametrize(
    ("question", "text", "short"),
    [
        ("Which body is the country's top court?", "The Supreme Court, the country's top court, ruled on Monday.",
         "The Supreme Court"),
        ("Which company acts as the league's chief broadcaster?",
         "Northwind Broadcaster acts as the league's chief broadcaster under a new deal.", "Northwind Broadcaster"),
    ],
)
def test_what_the_question_says_its_answer_is_is_no_other_thing(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit], question: str, text: str, short: str
) -> None:
    draft = ask(question, [make_hit("d0", text)])
    assert draft.short_answer == short


def test_a_nationality_describing_a_noun_is_a_word_of_its_phrase_not_an_answer(nlp: TextAnalyser) -> None:
    # "What would the plan grant ...?" asks for a thing: "Russian" of "Russian officials" is part of a phrase
    q = analyse_question("What would the plan grant to those who fought in the war?", nlp)
    sent = next(iter(nlp.parse("All sides would receive amnesty, which means that Russian officials could not be "
                               "prosecuted for war crimes.").sents))
    found = [sent.doc[start:end].text for start, end, _ in spans_in(q, sent)]
    assert "Russian" not in found
    assert "Russian officials" in found and "amnesty" in found


def test_an_ordinal_describing_a_noun_still_answers_which_one(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # only a nationality gives way to its phrase: "third" of "the third floor" is what "On which floor ...?" asks
    draft = ask("On which floor of the factory did the fire start?",
                [make_hit("d0", "The fire started on the third floor of the Gazipur factory on Thursday night.")])
    assert draft.short_answer == "third floor"


@pytest.mark.parametrize(
    ("text", "phrase", "set_"),
    [
        ("In practice, such steps appear distant.", "practice", True),
        ("On the other hand, the plan would offer a guarantee.", "the other hand", True),
        ("At the same time, the proposal outlines additional demands.", "the same time", True),
        # a noun after a preposition that makes no set phrase with it is a thing
        ("In the practice room, the band rehearsed.", "the practice room", False),
        ("The plan was handed over at the border.", "the border", False),
    ],
)
def test_a_set_phrase_is_an_adverb_not_a_thing(nlp: TextAnalyser, text: str, phrase: str, set_: bool) -> None:
    chunk = next(c for c in nlp.parse(text).noun_chunks if c.text == phrase)
    assert set_phrase(chunk) is set_


def test_a_set_phrase_is_no_candidate(nlp: TextAnalyser) -> None:
    q = analyse_question("What crimes is the president accused of in the court's warrant?", nlp)
    sent = next(iter(nlp.parse("In practice, such steps appear distant, with the president under an arrest "
                               "warrant.").sents))
    found = [sent.doc[start:end].text for start, end, _ in spans_in(q, sent)]
    assert "practice" not in found and "such steps" in found


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("Talks went on. Zelenskyy’s presidential office did not respond to a request for comment. President Amara "
         "Zelenskyy is in the capital.", True),
        # the owner of another noun is no answer to whose the asked one is
        ("Talks went on. Zelenskyy’s presidential aide did not respond to a request for comment. President Amara "
         "Zelenskyy is in the capital.", False),
    ],
)
def test_the_owner_of_the_asked_noun_answers_whose(nlp: TextAnalyser, text: str, owner: bool) -> None:
    # the recogniser leaves this "Zelenskyy" unlabelled (tagged a common noun); the text writes it as a name elsewhere
    q = analyse_question("Whose presidential office did not answer the request for comment?", nlp)
    sent = list(nlp.parse(text).sents)[1]
    found = [sent.doc[start:end].text for start, end, _ in spans_in(q, sent)]
    assert ("Zelenskyy" in found) is owner
