"""Where a candidate name is from, for "Which Moroccan firm ...?" (rag.answer.origins)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from embeddings.hashing import HashingEmbedder
from rag.answer.extractive import ExtractiveAnswerer
from rag.answer.origins import asked_origin, origin_agrees, origin_names
from rag.answer.question import analyse_question
from rag.nlp import TextAnalyser
from rag.query import Query
from rag.records import SearchHit


def test_a_nationality_and_its_country_are_one_origin() -> None:
    assert "morocco" in origin_names("Moroccan")
    assert {"united states", "us"} <= origin_names("American")
    assert not origin_names("Spanish") & origin_names("Moroccan")


def test_the_origin_the_text_sets_on_a_name_or_its_title_decides(nlp: TextAnalyser) -> None:
    q = analyse_question("Which Moroccan firm is part of the consortium?", nlp)
    assert asked_origin(q) == "Moroccan"
    doc = nlp.parse("The plant will be built by a consortium led by Spain's Hidrotec Iberia and Morocco's Atlas "
                    "Engineering Group, officials in Marrakesh said.")
    ents = {e.text: e for e in doc.ents}
    assert origin_agrees("Moroccan", ents["Atlas Engineering Group"]) is True
    assert origin_agrees("Moroccan", ents["Hidrotec Iberia"]) is False
    assert origin_agrees("Moroccan", ents["Marrakesh"]) is None  # where it was said is not where a name is from
    doc = nlp.parse("Brunnmatt's board dropped the offer of U.S. private equity firm Halsey Ridge Capital Partners.")
    halsey = next(e for e in doc.ents if e.text.startswith("Halsey"))
    assert origin_agrees("Swiss", halsey) is False
    assert origin_agrees("American", halsey) is True


def _short(nlp: TextAnalyser, emb: HashingEmbedder, question: str, text: str,
           make_hit: Callable[..., SearchHit]) -> str | None:
    draft = ExtractiveAnswerer(emb, nlp).answer(Query.create(question, 5), [make_hit("d0", text)])
    return None if draft.abstained else draft.short_answer


RIDGELINE = ("Ridgeline Capital has agreed to buy a controlling stake in Holcroft Town Football Club, the club said on "
             "Monday. Ridgeline also holds a minority stake in a club in Portugal's second division, which it did not "
             "name in the statement.")


@pytest.mark.parametrize(
    ("question", "text", "short"),
    [
        # the evidence speaks of a club of the asked origin and leaves it unnamed: the club it names is no answer
        ("Which Portuguese club does Ridgeline Capital own part of?", RIDGELINE, None),
        ("Which Chinese pharmaceutical company held talks with Hanul about the drug?",
         "Hanul Biologics shares rose 4% on the KOSDAQ exchange. A Chinese drugmaker had held talks with Hanul about "
         "the drug last year, but the talks ended without agreement.", None),
        # ... a name the text ties to the origin is one
        ("Which English club is Ridgeline Capital buying?",
         RIDGELINE.replace("in Holcroft", "in English club Holcroft"), "Holcroft Town Football Club"),
        # a name the text gives another origin is no answer, wherever it ranks ...
        ("Which American envoy travelled to Moscow to discuss the framework?",
         "Russian envoy Kirill Dmitriev travelled to Moscow to discuss the framework with negotiators.", None),
        # ... one it gives the asked origin is
        ("Which American envoy travelled to Moscow to discuss the framework?",
         "American envoy Steve Witkoff travelled to Moscow to discuss the framework with negotiators.",
         "Steve Witkoff"),
        # a count the sentence gives of nothing of the asked origin is no answer ...
        ("How many Russian troops are deployed in Ukraine?",
         "Russia would see sanctions lifted in phases. The plan calls for Ukraine to reduce its armed forces to "
         "600,000 troops.", None),
        # ... one of that origin is
        ("How many Ukrainian troops would the plan allow?",
         "The plan calls for Ukraine to reduce its armed forces to 600,000 troops.", "600,000"),
    ],
)
def test_an_answer_of_an_asked_origin_is_one_the_evidence_ties_to_it(
    nlp: TextAnalyser, emb: HashingEmbedder, make_hit: Callable[..., SearchHit], question: str, text: str,
    short: str | None
) -> None:
    assert _short(nlp, emb, question, text, make_hit) == short
