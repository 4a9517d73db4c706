"""A yes/no claim about a figure, judged by the figure the evidence gives under another predicate."""

from __future__ import annotations

import pytest

from rag.answer.question import analyse_question
from rag.answer.verdict import yes_no_verdict
from rag.nlp import TextAnalyser


def verdict_of(nlp: TextAnalyser, question: str, evidence: str) -> tuple[str | None, int | None]:
    return yes_no_verdict(analyse_question(question, nlp), list(nlp.parse(evidence).sents))


@pytest.mark.parametrize(
    ("question", "evidence", "verdict"),
    [
        # the same count of the same thing, told by another verb
        ("Did the flash flood in Marlow Valley leave 14 people dead?",
         "A flash flood tore through Marlow Valley late on Sunday, killing 14 people and injuring 230.", "yes"),
        ("Did the flash flood in Marlow Valley leave 20 people dead?",
         "A flash flood tore through Marlow Valley late on Sunday, killing 14 people and injuring 230.", "no"),
        # a bound the question sets
        ("Did the flash flood in Marlow Valley leave more than ten people dead?",
         "A flash flood tore through Marlow Valley late on Sunday, killing 14 people and injuring 230.", "yes"),
        ("Did Harlow council keep the rise in water charges below 5 per cent?",
         "Harlow council approved its budget on Tuesday, raising water charges by 4.9 per cent.", "yes"),
        ("Did Harlow council keep the rise in water charges below 5 per cent?",
         "Harlow council approved its budget on Tuesday, raising water charges by 6.2 per cent.", "no"),
        # an approximate figure in the question holds of a near one, not of a far one
        ("Is the Kestrel battery plant expected to provide roughly 2,500 jobs?",
         "Kestrel said the battery plant would open in 2028, creating about 2,450 jobs.", "yes"),
        ("Is the Kestrel battery plant expected to provide roughly 2,500 jobs?",
         "Kestrel said the battery plant would open in 2028, creating about 1,200 jobs.", "no"),
        # a length of time, and a bound the evidence sets
        ("Will the Orbis consortium get a full year to finish the Tarn bridge repairs?",
         "Under the contract, the Orbis consortium must complete the Tarn bridge repairs within 100 days.", "no"),
        ("Has the Ostmark central bank kept its benchmark rate unchanged for about a year?",
         "The Ostmark central bank has held its benchmark rate at 6.5% for a year.", "yes"),
        # a sum of money written two ways
        ("Would Norland put in a further $40 billion towards the rail link?",
         "Norland would contribute an additional 40 billion dollars to the rail link, the draft says.", "yes"),
    ],
)
def test_a_figure_under_another_predicate(nlp: TextAnalyser, question: str, evidence: str, verdict: str) -> None:
    assert verdict_of(nlp, question, evidence)[0] == verdict


@pytest.mark.parametrize(
    ("question", "evidence"),
    [
        # a count of another thing
        ("Did the flash flood in Marlow Valley leave 14 people dead?",
         "A flash flood tore through Marlow Valley late on Sunday and cut off 14 villages."),
        # a bound that neither holds nor rules out the claim
        ("Did the flash flood in Marlow Valley leave 14 people dead?",
         "A flash flood tore through Marlow Valley late on Sunday, killing at least nine people."),
        # a figure that only describes the claim's setting is no figure of the claim's
        ("Could visitors tour the Orlan fortress on the day Vessa reached 43 degrees?",
         "Vessa reached 43 degrees on Tuesday, the hottest day of the year, and the Orlan fortress stayed busy."),
        # a sentence about something else that gives the same figure
        ("Did the flash flood in Marlow Valley leave 14 people dead?",
         "Rescuers in Dunmore pulled 14 people from the river after a ferry capsized."),
        # a figure in a denied clause
        ("Did the flash flood in Marlow Valley leave 20 people dead?",
         "Officials in Marlow Valley said the flash flood had not killed 14 people, as first reported."),
    ],
)
def test_no_verdict_from_a_figure_that_is_not_the_claims(nlp: TextAnalyser, question: str, evidence: str) -> None:
    assert verdict_of(nlp, question, evidence) == (None, None)


def test_the_sentence_giving_the_claims_figure_wins(nlp: TextAnalyser) -> None:
    evidence = ("An earlier flash flood in Marlow Valley in 2019 killed nine people. "
                "This week's flash flood in Marlow Valley killed 14 people, officials said.")
    assert verdict_of(nlp, "Did the flash flood in Marlow Valley leave 14 people dead?", evidence) == ("yes", 1)
