"""Where a candidate name is from, for "Which Moroccan firm ...?" (rag.answer.origins)."""

from __future__ import annotations

from rag.answer.origins import asked_origin, origin_agrees, origin_names
from rag.answer.question import analyse_question
from rag.nlp import TextAnalyser


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
