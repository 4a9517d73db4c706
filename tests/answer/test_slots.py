"""Where the answer sits in the question (rag.answer.slots): the wh-phrase's role, preposition and predicate."""

from __future__ import annotations

import pytest

from rag.answer.question import analyse_question
from rag.nlp import TextAnalyser


@pytest.mark.parametrize(
    ("question", "slot"),
    [
        ("Who presented the tender to the mayor?", ("nsubj", "", "present")),
        # "Who is the X that V ...": the answer is the subject of V, not the attribute of "is"
        ("Who is the individual that presented himself as a trustworthy figure?", ("nsubj", "", "present")),
        ("Who is the official who was dismissed by the board?", ("nsubjpass", "", "dismiss")),
        ("Who is the individual associated with the failed lender?", ("nsubjpass", "", "associate")),
        ("Who is the mayor of Lisbon?", ("attr", "", "be")),
        # "What is the name of the X who V ...": the answer names the subject of V, not the object of a verb after it
        ("What is the name of the American envoy who travelled to Russia, reportedly to keep Putin happy?",
         ("nsubj", "", "travel")),
        ("What is the name of the engineer who signed off the design?", ("nsubj", "", "sign")),
        # a preposition left at the end holds the wh-phrase's place
        ("What is the new tariff scheme modelled on?", ("pobj", "on", "model")),
        ("Which club was the striker sold to?", ("pobj", "to", "sell")),
        ("Which city did the company move its headquarters to?", ("pobj", "to", "move")),
        ("What does the union ask for?", ("pobj", "for", "ask")),
        # a count's place is its noun's: "people" is the subject of "injured"
        ("How many people were injured in the fire?", ("nsubjpass", "", "injure")),
        # an auxiliary right after the wh-phrase, then the subject: the wh-phrase is the verb's object
        # (the small parser takes these for subject questions, or the verb for a noun)
        ("Whom did Adaeze Okonkwo replace?", ("dobj", "", "replace")),
        ("Who did Helena Duarte defeat in the runoff?", ("dobj", "", "defeat")),
        ("Which company did Corvane buy?", ("dobj", "", "buy")),
        ("Whom did the board appoint?", ("dobj", "", "appoint")),
        ("How many points did Liam Gallagher score in the final?", ("dobj", "", "score")),
        # ... but not a wh-phrase that is the object of a preposition
        ("On which day did the teachers' union say that wages would fall?", ("pcomp", "on", "say")),
        # ... and of the verb, when the parser hangs the preposition on its auxiliary or takes the verb for a
        # complement of "be"; "be" stays the predicate of a question that has no other verb
        ("On which island did the rocket lift off?", ("pobj", "on", "lift")),
        ("In what year was Crimea annexed?", ("pcomp", "in", "annex")),
        ("In which city is the company based?", ("pobj", "in", "base")),
        ("Where is the company's headquarters?", ("advmod", "", "be")),
        # ... also when the parser hangs the preposition it opens with elsewhere
        ("To which port has the tanker sailed?", ("pobj", "to", "sail")),
        ("With which leader did the minister agree on the deal?", ("pobj", "with", "agree")),
        # ... and an auxiliary followed by the verb asks for the subject
        ("Who will replace Olumide Akinwale?", ("nsubj", "", "replace")),
        ("Which country is hosting the summit?", ("nsubj", "", "host")),
        # the agent of a passive is who did it, as in a passage ("was won by X")
        ("The plan was presented to the mayor by whom?", ("nsubj", "", "present")),
        # "How long a prison term ...", "How big a loss ...": the measured noun holds the place, as a counted one does
        ("How long a prison term did the former director receive?", ("dobj", "", "receive")),
        ("How big a loss did the bank report?", ("dobj", "", "report")),
        # "have to" hands its predicate on to the verb after it, as "must" would
        ("From which region would the army have to pull out entirely?", ("pcomp", "from", "pull")),
        ("What pledge would the country have to write into its constitution?", ("dobj", "", "write")),
        ("Which bus operator has had to send its services on a detour?", ("nsubj", "", "send")),
        ("What does the company have?", ("dobj", "", "have")),
        # "how much" hung on a verb that hands its predicate on is that verb's object; of a verb of its own, its adverb
        ("How much would Europe be asked to contribute toward rebuilding Ukraine?", ("dobj", "", "contribute")),
        ("How much did the council agree to pay for the land?", ("dobj", "", "pay")),
        ("How much did prices rise?", ("advmod", "", "rise")),
    ],
)
def test_where_the_answer_sits(nlp: TextAnalyser, question: str, slot: tuple[str, str, str]) -> None:
    assert analyse_question(question, nlp).slot == slot
