"""WordNet relations read from the bundled database: alike and opposite words, first senses only."""

from __future__ import annotations

import pytest

from rag import lexicon
from rag.lexicon import participle_of, relations, same_government


@pytest.mark.parametrize(("word", "pos", "other"), [
    ("convict", "VERB", "acquit"),  # a word's own antonym
    ("fall", "VERB", "rise"),
    ("fall", "VERB", "soar"),  # a more specific sense of the antonym
    ("cut", "VERB", "raise"),  # the antonym of its more general sense: "decrease" / "increase"
    ("safe", "ADJ", "dangerous"),
    ("safe", "ADJ", "hazardous"),  # an adjective similar to the antonym
    ("large", "ADJ", "small"),
])
def test_opposites(word: str, pos: str, other: str) -> None:
    assert other in relations(word, pos).opposite
    assert other not in relations(word, pos).alike


@pytest.mark.parametrize(("word", "pos", "other"), [
    ("exceed", "VERB", "surpass"),  # the same synset
    ("rise", "VERB", "soar"),  # a more specific sense states the general one
    ("address", "VERB", "speak"),
])
def test_alike(word: str, pos: str, other: str) -> None:
    assert other in relations(word, pos).alike
    assert other not in relations(word, pos).opposite


def test_only_first_senses_and_never_a_more_general_one() -> None:
    assert "order" not in relations("tell", "VERB").alike  # "tell" orders only in its fourth sense
    assert "pronounce" not in relations("acquit", "VERB").alike  # its more general sense
    assert relations("acquit", "NOUN") == relations("nonexistentword", "VERB")  # nothing for nouns or unknowns
    assert not relations("nonexistentword", "VERB").alike


@pytest.mark.parametrize(("name", "other"), [
    ("Washington", "United States"), ("Moscow", "Russia"), ("London", "United Kingdom"), ("Paris", "France"),
    ("Russia", "Moscow"), ("China", "Beijing"),
    # a country's other names
    ("Britain", "United Kingdom"), ("Holland", "Netherlands"), ("America", "United States"),
])
def test_a_capital_and_its_country_name_one_government(name: str, other: str) -> None:
    assert other in same_government(name)


@pytest.mark.parametrize("name", ["Texas", "Donetsk", "NATO", "nonexistentword"])
def test_other_places_name_no_government(name: str) -> None:
    assert not same_government(name)  # a state, a city that is no capital, an alliance


def test_a_name_that_is_only_a_common_word_is_no_other_name() -> None:
    assert "the States" not in same_government("America")  # "member states" names no country


@pytest.mark.parametrize(("noun", "money"), [
    ("euro", True), ("crown", True), ("kroner", True),  # an irregular plural, through WordNet's own list
    ("people", False), ("vote", False), ("point", False),
])
def test_units_of_money(noun: str, money: bool) -> None:
    assert lexicon.is_money(noun) is money


def test_what_kind_of_place_a_name_is() -> None:
    assert "city" in (lexicon.instance_of("Beijing") or ())
    assert "city" not in (lexicon.instance_of("China") or ())
    assert lexicon.instance_of("Karin Vedde") is None  # WordNet does not know every name: no judgement
    assert lexicon.is_settlement("city") and lexicon.is_settlement("town")
    assert not lexicon.is_settlement("country") and not lexicon.is_settlement("company")


@pytest.mark.parametrize(("noun", "kind", "is_kind"), [
    ("friendship", "relationship", True),
    ("bat", "animal", True),
    ("carrier", "vessel", True),
    ("plan", "arrangement", True),
    ("fiction", "novel", False),  # more general than a novel, not a kind of one
    ("guard", "vessel", False),
    ("situation", "relationship", False),
])
def test_kinds_of_things(noun: str, kind: str, is_kind: bool) -> None:
    assert lexicon.is_kind_of(noun, kind) is is_kind


@pytest.mark.parametrize(("form", "verb", "expected"), [
    ("signed", "sign", True), ("paid", "pay", True), ("carried", "carry", True), ("taken", "take", True),
    ("changed", "change", True), ("signs", "sign", False), ("paid", "sign", False), ("pays", "pay", False),
])
def test_participle_of(form: str, verb: str, expected: bool) -> None:
    assert participle_of(form, verb) is expected


@pytest.mark.parametrize(("word", "kind", "named"), [
    ("Thanksgiving", "holiday", True), ("Christmas", "holiday", True), ("Thursday", "holiday", False),
    ("March", "month", True), ("March", "year", False),
])
def test_what_a_named_time_is(word: str, kind: str, named: bool) -> None:
    kinds = lexicon.calendar_kinds(word)
    assert kinds is not None and (kind in kinds) is named


@pytest.mark.parametrize("word", ["2014", "today", "deadline"])
def test_words_that_name_no_calendar_time(word: str) -> None:
    assert lexicon.calendar_kinds(word) is None


@pytest.mark.parametrize(("verb", "other", "kin"), [
    ("approve", "authorise", True),  # approving is a kind of authorising (its second sense: British spelling)
    ("authorise", "approve", True),  # either way round
    ("purchase", "buy", True),  # one first sense
    ("soar", "rise", True),
    ("play", "face", False),  # only in later senses of each ("play Ireland" / "face Ireland")
    ("elect", "take", False),  # electing is choosing, which "take" means only in a later sense
    ("rise", "move", False),  # the kind "rise" is of ("travel", "go", "move") is a root: its kinds say too much
    ("hand", "present", False),
])
def test_verbs_of_one_first_sense_or_its_kind(verb: str, other: str, kin: bool) -> None:
    assert lexicon.first_sense_kin(verb, other) is kin
