"""rag.acronyms: a name its bracketed acronym spells out is one entity, whatever the recogniser cut."""

from __future__ import annotations

import pytest

from rag.nlp import TextAnalyser, analyser


@pytest.fixture(scope="module")
def nlp() -> TextAnalyser:
    return analyser()


def _ents(nlp: TextAnalyser, text: str) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in nlp.parse(text).ents]


@pytest.mark.parametrize(("text", "name", "acronym"), [
    # the recogniser cuts these at "and" ("Communications" / "Digital Authority"; "The Irish Nurses and" /
    # "Allied Health Union"): the acronym's letters say where the name starts
    ("Kenya's Communications and Digital Authority (CDA) on Tuesday fined the operator.",
     "Communications and Digital Authority", "CDA"),
    ("The Irish Nurses and Allied Health Union (INAHU) said its members would strike.",
     "Irish Nurses and Allied Health Union", "INAHU"),
    ("The Harbour and Inland Waterways Board (HIWB) said dredging would start.",
     "Harbour and Inland Waterways Board", "HIWB"),
    # ... or where it saw only the acronym as a name
    ("The Grain and Oilseed Traders Association (GOTA) said prices rose.",
     "Grain and Oilseed Traders Association", "GOTA"),
])
def test_a_name_its_acronym_spells_is_one_entity(nlp: TextAnalyser, text: str, name: str, acronym: str) -> None:
    ents = _ents(nlp, text)
    label = dict(ents)[acronym]
    assert (name, label) in ents
    # no piece of the name is left as an entity of its own
    assert not [e for e, _ in ents if e != name and e in name]


@pytest.mark.parametrize(("text", "kept"), [
    # letters that no run of capitalised words spells: nothing changes
    ("NEW YORK (AP) - Stocks fell on Monday.", "NEW YORK"),
    # a name the recogniser already read whole (with its article) stays as it is
    ("The Department of Trade and Industry (DTI) said exports rose.", "The Department of Trade and Industry"),
])
def test_other_brackets_change_nothing(nlp: TextAnalyser, text: str, kept: str) -> None:
    assert kept in [e for e, _ in _ents(nlp, text)]
