"""Phrase answers: why something was done (its purpose or cause) and what was done (a verb phrase)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from embeddings.hashing import HashingEmbedder
from rag.answer.base import Draft
from rag.answer.extractive import ExtractiveAnswerer
from rag.nlp import TextAnalyser
from rag.query import Query
from rag.records import SearchHit


@pytest.mark.parametrize(("question", "text", "short"), [
    # why: the purpose of the question's own verb, a cause after "because", or the object of "because of"
    ("Why did the envoy go to Lisbon?", "The envoy has also gone to Lisbon to meet the foreign minister; the talks "
     "resume on Monday.", "to meet the foreign minister"),
    ("Why was the bridge closed?", "The bridge was closed on Monday because of flood damage to its supports.",
     "flood damage to its supports"),
    ("Why did the airline cancel the flights?", "The airline cancelled 40 flights because its pilots were on strike.",
     "its pilots were on strike"),
    # ... a purpose written "in order to", what the event followed, a participle the parser hangs on "was"
    ("Why does the team want to examine the cores?", "The team now plans to study sediment cores from the lake "
     "bed in order to work out when the pollution began.", "to work out when the pollution began"),
    ("Why did the talks end without a deal?", "Talks at the ministry ended without agreement after the company "
     "declined to improve its offer.", "the company declined to improve its offer"),
    ("Why was the choir's youth section scrapped?", "She wants to revive the choir's youth section, which was "
     "disbanded in 2019 because of funding problems.", "funding problems"),
    # ... or, in other words than the question's, the one cause the sentence states
    ("According to the director, why do fares have to rise?", "The director said the fare increase was needed because "
     "fuel costs had climbed by 12% this year.", "fuel costs had climbed by 12% this year"),
    # how: what the subject's clause says it did, or what it reiterated; negation kept, no attribution before
    ("How did the parish council react to the closure?", "The parish council responded by writing to the minister "
     "to ask for an emergency grant.", "by writing to the minister"),
    ("How has Kyiv responded to demands for territorial concessions?", "Kyiv's diplomats have reiterated that "
     "Ukraine will never accept territorial concessions or restrictions on military capabilities.",
     "never accept territorial concessions"),
    ("How did the euro react to the decision?", "The euro rose 0.3% against the dollar after the decision.",
     "rose 0.3% against the dollar"),
    ("How has the union reacted to the offer in the talks so far?", "According to people at the talks, the union "
     "has shown itself positive on many points during the negotiations.", "shown itself positive on many points"),
    # what ... do: the verb phrase of the clause about the question's subject
    ("What should smaller countries do if the bloc supports the plan?", "If the bloc backs the plan, smaller "
     "countries should forge their own security arrangements, the commentary argues.",
     "forge their own security arrangements"),
    # what will happen to X: the verb phrase of X's clause, also asked inside a reported clause
    ("What would happen to port fees under the deal?", "The port fees would be phased out over three years, "
     "officials said.", "phased out over three years"),
    ("What did the minister tell Parliament would happen to the refinery if no buyer is found?", "If no buyer is "
     "found, the refinery will shut its two crude units, the minister told Parliament.",
     "shut its two crude units"),
    # a degree is no manner: "How strong ...?" gets no verb phrase
    ("How strong were the gusts that forecasters warned of?", "Forecasters warned of gusts along the coast on "
     "Friday.", None),
    # no reason given: no short answer
    ("Why did the airline cancel the flights?", "The airline cancelled 40 flights on Monday, its spokesman said.",
     None),
])
def test_phrase_answers(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit], question: str, text: str, short: str | None
) -> None:
    draft = ask(question, [make_hit("d0", text)])
    assert not draft.abstained, draft.reason
    assert draft.short_answer == short
    if short is not None:
        assert short in draft.sentences[0].text  # the phrase comes from the sentence shown first


@pytest.mark.parametrize(("question", "texts", "short"), [
    # what the evidence calls the question's object, in a sentence that is not the best one: its "as" phrase ...
    ("How does the ministry view the merger despite its costs?",
     ["The ministry has told the two councils that funding depends on the merger going ahead this year.",
      "The ministry wants the merger done by spring and sees the merger as \u201cgood for both towns\u201d despite "
      "its costs."], "good for both towns"),
    # ... with another verb than the question's, in the passive
    ("How does the report judge a ceasefire that comes with a deadline?",
     ["The report discusses several ceasefire proposals put forward since March.",
      "A ceasefire with a deadline is seen as practically useless by the report's authors."],
     "practically useless"),
    # ... or its object predicate
    ("How did the mayor describe the ruling?", ["The mayor spoke after the court's hearing on Tuesday.",
                                                "The mayor called the ruling a victory for tenants."],
     "a victory for tenants"),
    # an "as" phrase about something else answers nothing: the verb phrase of the question's subject, as before
    ("How did the union react to the offer?", ["The union rejected the offer on Monday.",
                                              "Observers saw the talks as a test for the new minister."],
     "rejected the offer on Monday"),
])
def test_how_something_is_regarded(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit], question: str, texts: list[str], short: str
) -> None:
    hits = [make_hit(f"d{i}", text) for i, text in enumerate(texts)]
    draft = ask(question, hits)
    assert draft.short_answer == short
    assert short in draft.sentences[0].text  # the sentence that says it is shown first


@pytest.mark.parametrize(("question", "text", "short"), [
    # what the subject says or promises, when it is a clause
    ("What does the ministry promise the farmers in return?", "In return, the ministry will guarantee that it will "
     "not cut the subsidy again, officials said.", "not cut the subsidy again"),
    # ... what it "says" by another verb: that verb's object, all of it
    ("What does the club's charter currently say about joining the federation?", "The club's charter currently "
     "enshrines a commitment to join the federation, and members have repeatedly said so.",
     "a commitment to join the federation"),
    # ... what it says another has done: the verb phrase of the reported subject's clause
    ("What does the audit say the ministry has now done for the first time?", "It is the first time that the "
     "ministry puts its spending plans down in writing, the audit says.", "puts its spending plans down in writing"),
    # ... and a thing it announced is a noun phrase, as before
    ("What did the minister announce on Monday?", "The minister announced a new rail link on Monday.",
     "new rail link"),
])
def test_what_was_said_is_a_clause_or_a_thing(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit], question: str, text: str, short: str
) -> None:
    draft = ask(question, [make_hit("d0", text)])
    assert draft.short_answer == short


@pytest.mark.parametrize(("text", "points_back"), [
    ("For this reason, the plan is more in Russia's favour.", True),
    ("As a result, flights were cancelled.", True),
    ("Therefore the council raised fares.", True),
    ("That is why the bridge closed.", True),
    ("Because of this, the match was postponed.", True),
    # the cause told in the sentence itself, or no cause at all
    ("As a result of the flood, roads closed.", False),
    ("After this, the talks resumed.", False),
    ("For the full year, revenue was C$1.31 billion.", False),
    ("Thus far, no one has been charged.", False),
])
def test_a_sentence_that_points_back_to_its_cause(nlp: TextAnalyser, text: str, points_back: bool) -> None:
    from rag.answer.phrases import cause_told_before

    assert cause_told_before(next(iter(nlp.parse(text).sents))) is points_back


def test_the_reason_a_sentence_points_back_to_is_the_sentence_before_it(
    nlp: TextAnalyser, emb: HashingEmbedder, make_hit: Callable[..., SearchHit]
) -> None:
    text = ("The operator said fuel had become far more expensive since the spring. The reason for this is that the "
            "refinery at Porto Novo has been shut for repairs. For this reason, ferry fares will rise in May.")
    draft = ExtractiveAnswerer(emb, nlp).answer(Query.create("Why will ferry fares rise in May?", 5),
                                                [make_hit("d0", text)])
    assert draft.sentences[0].text.startswith("The reason for this is")  # the reason, then what it explains
    assert draft.sentences[1].text.startswith("For this reason")
    assert draft.short_answer == "the refinery at Porto Novo has been shut for repairs"
