"""A name the text calls what the question asks for takes that kind, whatever the recogniser said;
a nationality adjective is no name of a place."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from embeddings.hashing import HashingEmbedder
from rag.answer import labels
from rag.answer.candidates import spans_in
from rag.answer.extractive import ExtractiveAnswerer
from rag.answer.question import analyse_question
from rag.nlp import TextAnalyser
from rag.query import Query
from rag.records import SearchHit


@pytest.mark.parametrize(
    ("question", "text", "name", "recognised", "label"),
    [
        # the small recogniser calls these a person and organisations
        ("Which firm will move its presses?", "The firm, Keller Print, will move its presses to Nitra next spring.",
         "Keller Print", "PERSON", "ORG"),
        ("In which city will the presses go?",
         "Keller Print will move its presses to the Slovak city of Nitra next spring.", "Nitra", "ORG", "GPE"),
        ("Which city will host the final?", "Kecskemét, a city of 110,000 people, will host the final.",
         "Kecskemét", "ORG", "GPE"),
        # a where-question does not name the noun: the text calling it a place is enough
        ("Where did the fire start?", "The fire, which started in the village of Laerma, has burned 12,000 hectares.",
         "Laerma", "PERSON", "GPE"),
        # a name before a noun of place names that place ("the Lakhimpur and Dhemaji districts")
        ("In which districts did the floods destroy homes?",
         "The floods destroyed homes in the Lakhimpur and Dhemaji districts, officials said.", "Dhemaji", "PERSON",
         "GPE"),
        ("Where would the lines be frozen?",
         "The plan provides for the freezing of contact lines in the Varena and Kostorik areas.", "Varena", "PERSON",
         "GPE"),
        # a code of letters and digits is no one's name
        ("Which club of nations would Russia rejoin?",
         "Potentially allowing Moscow to rejoin the G8 and benefit from restored economic ties.", "G8", "PERSON",
         "ORG"),
        # ... while a word and a number may be ("Ward 4", as "Louis 14")
        ("At which hospital did Marchetti work?", "Marchetti, who represents Ward 4, worked as a nurse for 20 years.",
         "Ward 4", "PERSON", "PERSON"),
        # "X-based": where a firm is based
        ("In which city is Orvane Labs based?", "Orvane Labs, the Mainz-based drugmaker, said on Monday that its drug "
         "was approved.", "Mainz", "ORG", "GPE"),
    ],
)
def test_a_name_called_what_is_asked_for_takes_its_kind(
    nlp: TextAnalyser, question: str, text: str, name: str, recognised: str, label: str
) -> None:
    doc = nlp.parse(text)
    assert [e.label_ for e in doc.ents if e.text == name] == [recognised]  # what the recogniser says
    found = {doc[s:e].text: lab for s, e, lab in spans_in(analyse_question(question, nlp), next(iter(doc.sents)))}
    assert found[name] == label


def test_a_name_not_called_so_keeps_its_label(nlp: TextAnalyser) -> None:
    doc = nlp.parse("Keller Print will move its presses to Nitra next spring.")
    found = {doc[s:e].text: lab for s, e, lab in spans_in(analyse_question("Which city will host the presses?", nlp),
                                                          next(iter(doc.sents)))}
    assert found.get("Nitra") == "ORG"


def test_the_city_the_text_names_answers(nlp: TextAnalyser, emb: HashingEmbedder,
                                         make_hit: Callable[..., SearchHit]) -> None:
    hits = [make_hit("d0", "Keller Print will move its presses to the Slovak city of Nitra next spring. "
                           "The move follows a slump in orders across Europe.")]
    question = Query.create("In which city will Keller Print put its presses?", 5)
    draft = ExtractiveAnswerer(emb, nlp).answer(question, hits)
    assert draft.short_answer == "Nitra"


def test_a_name_the_text_calls_what_is_asked_for_beats_a_closer_one(
    nlp: TextAnalyser, emb: HashingEmbedder, make_hit: Callable[..., SearchHit]
) -> None:
    ruling = make_hit("d0", "A court ordered the Lek and Merwede Water Board to reassess the dyke reinforcement "
                            "contract that was won last year.")
    bid = make_hit("d1", "The winning bid came from DeltaBouw Combinatie, a consortium of three builders.", rank=2)
    question = Query.create("Which consortium won the dyke reinforcement contract?", 5)
    assert ExtractiveAnswerer(emb, nlp).answer(question, [ruling, bid]).short_answer == "DeltaBouw Combinatie"
    # not called a consortium: the name closest to the question stands
    plain = make_hit("d1", "The winning bid came from DeltaBouw Combinatie and three builders.", rank=2)
    assert ExtractiveAnswerer(emb, nlp).answer(question, [ruling, plain]).short_answer != "DeltaBouw Combinatie"


def test_the_time_of_the_asked_predicate_beats_a_closer_sentence_about_another_event(
    nlp: TextAnalyser, emb: HashingEmbedder, make_hit: Callable[..., SearchHit]
) -> None:
    hits = [make_hit("d0", "Lia Souza was elected the new mayor of Ponta Grossa on Sunday, winning 54% of the vote. "
                           "The new mayor, a former teacher, will take office on January 1.")]
    question = Query.create("When does the new mayor of Ponta Grossa take office?", 5)
    assert ExtractiveAnswerer(emb, nlp).answer(question, hits).short_answer == "January 1"


def test_a_person_the_recogniser_sees_in_a_place_answers_where(
    nlp: TextAnalyser, emb: HashingEmbedder, make_hit: Callable[..., SearchHit]
) -> None:
    text = "Keller Print will build its new plant in Debrecen, the company said on Tuesday."
    assert [e.label_ for e in nlp.parse(text).ents if e.text == "Debrecen"] == ["PERSON"]
    question = Query.create("Where will Keller Print build its new plant?", 5)
    assert ExtractiveAnswerer(emb, nlp).answer(question, [make_hit("d0", text)]).short_answer == "Debrecen"


def test_a_name_given_an_age_is_a_person(nlp: TextAnalyser, emb: HashingEmbedder,
                                          make_hit: Callable[..., SearchHit]) -> None:
    text = "Taufa, 23, has been called into the national squad for next month's test matches."
    assert [e.label_ for e in nlp.parse(text).ents if e.text == "Taufa"] == ["GPE"]  # what the recogniser says
    question = Query.create("Who has been called into the national squad?", 5)
    assert ExtractiveAnswerer(emb, nlp).answer(question, [make_hit("d0", text)]).short_answer == "Taufa"
    # a year in apposition is no age: "The company, founded in 1976" / "Apple, 1976"
    doc = nlp.parse("The deal went to Norvik, 1976, the fund said.")
    norvik = [e for e in doc.ents if e.text == "Norvik"]
    assert not norvik or not labels._stated_age(norvik[0].root)


def test_the_start_of_an_organisations_name_is_that_organisation(
    nlp: TextAnalyser, emb: HashingEmbedder, make_hit: Callable[..., SearchHit]
) -> None:
    filing = "The filing, seen by Reuters, showed Alameda held most of its assets in its own tokens."
    assert [e.label_ for e in nlp.parse(filing).ents if e.text == "Alameda"] == ["GPE"]  # what the recogniser says
    hits = [make_hit("d0", filing), make_hit("d1", "Caroline Ellison ran Alameda Research until last year.", rank=2)]
    question = Query.create("Which company held most of its assets in its own tokens?", 5)
    draft = ExtractiveAnswerer(emb, nlp).answer(question, hits)
    # the full name another report gives, and that report's sentence is cited too
    assert draft.short_answer == "Alameda Research"
    assert any("Alameda Research" in s.text for s in draft.sentences)



@pytest.mark.parametrize(("question", "figure", "label"), [
    # the lexicon knows the hectare is a unit of measurement: a measure, whatever the recogniser said
    ("How much land had the fire burned by Monday?", "8,400 hectares", "QUANTITY"),
    # ... and a how-many question counts it as it is labelled
    ("How many hectares had the fire burned by Monday?", "8,400", "CARDINAL"),
])
def test_a_count_of_units_of_measurement_is_a_measure(nlp: TextAnalyser, question: str, figure: str,
                                                       label: str) -> None:
    doc = nlp.parse("The fire had burned 8,400 hectares of plantations by Monday morning, the agency said.")
    assert [e.label_ for e in doc.ents if e.text in figure] == ["CARDINAL"]  # what the recogniser says
    found = {doc[s:e].text: lab for s, e, lab in spans_in(analyse_question(question, nlp), next(iter(doc.sents)))}
    assert found[figure] == label
