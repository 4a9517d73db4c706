"""Whether a candidate's sentence is about what the question asks about (rag.answer.about)."""

from __future__ import annotations

from collections.abc import Callable

from embeddings.hashing import HashingEmbedder
from rag.answer.about import speaks_of
from rag.answer.extractive import ExtractiveAnswerer
from rag.nlp import TextAnalyser
from rag.query import Query
from rag.records import SearchHit

QUAKE = ("The agency put the magnitude at 7.1 and said the quake hit at 11:42 p.m. off the coast. "
         "Residents fled to higher ground. More than 60 aftershocks were recorded by midday.")


def test_a_sentence_speaks_of_a_noun_by_a_synonym_or_just_before(nlp: TextAnalyser) -> None:
    sents = list(nlp.parse("The quake struck at 11:42 p.m. Its magnitude was put at 7.1. Schools closed.").sents)
    assert speaks_of("earthquake", sents[0]) and speaks_of("earthquake", sents[1])
    assert not speaks_of("earthquake", sents[2])
    assert not speaks_of("aftershock", sents[1])


def test_the_measure_of_another_thing_does_not_answer(
    nlp: TextAnalyser, emb: HashingEmbedder, make_hit: Callable[..., SearchHit]
) -> None:
    answerer = ExtractiveAnswerer(emb, nlp)
    asked = Query.create("What was the magnitude of the strongest aftershock?", 5)
    assert answerer.answer(asked, [make_hit("d0", QUAKE)]).abstained
    draft = answerer.answer(Query.create("What was the magnitude of the earthquake?", 5), [make_hit("d0", QUAKE)])
    assert draft.short_answer == "7.1"


def test_a_count_of_the_things_measured_answers_only_their_number(
    nlp: TextAnalyser, emb: HashingEmbedder, make_hit: Callable[..., SearchHit]
) -> None:
    answerer = ExtractiveAnswerer(emb, nlp)
    counted = answerer.answer(Query.create("What was the number of aftershocks?", 5), [make_hit("d0", QUAKE)])
    assert counted.short_answer == "More than 60"
    # a figure before one such thing measures it
    one = make_hit("d0", "Rescuers searched collapsed homes after a magnitude 6.9 earthquake struck on Sunday.")
    draft = answerer.answer(Query.create("What was the magnitude of the earthquake?", 5), [one])
    assert draft.short_answer == "6.9"


KESTREL = ("Helen Marchetti won the mayoral by-election in Kestrel Falls on Monday, beating businessman Gordon Pryce "
           "by about 3,500 votes. Marchetti's campaign was run by Dev Ranganathan, a former aide to a provincial "
           "minister.")


def test_a_role_stated_of_another_owners_thing_does_not_answer(
    nlp: TextAnalyser, emb: HashingEmbedder, make_hit: Callable[..., SearchHit]
) -> None:
    answerer = ExtractiveAnswerer(emb, nlp)
    # the evidence says who ran Marchetti's campaign, not Pryce's
    draft = answerer.answer(Query.create("Who managed Gordon Pryce's campaign?", 5), [make_hit("d0", KESTREL)])
    assert draft.abstained
    draft = answerer.answer(Query.create("Who ran Helen Marchetti's campaign?", 5), [make_hit("d0", KESTREL)])
    assert draft.short_answer == "Dev Ranganathan"
    # ... and one the text gives as Pryce's answers for Pryce
    stated = KESTREL + " Pryce's campaign was managed by Tom Reeve, a local lawyer."
    draft = answerer.answer(Query.create("Who managed Gordon Pryce's campaign?", 5), [make_hit("d0", stated)])
    assert draft.short_answer == "Tom Reeve"
