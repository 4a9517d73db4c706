"""The order of candidate answers once scored (rag.answer.ranking): support from other articles, the source asked
about, the time of the question's own predicate."""

from __future__ import annotations

from collections.abc import Callable

from rag.answer.base import Draft
from rag.records import SearchHit


def test_the_value_more_articles_state_wins(ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]) -> None:
    # the one best sentence names Northline; two other articles name Kestrel
    hits = [
        make_hit("a", "Northline Marine will run the ferry service.", rank=1),
        make_hit("b", "Kestrel Shipping will run the ferry service from June.", rank=2),
        make_hit("c", "Kestrel Shipping will run the ferry service, the council said.", rank=3),
    ]
    draft = ask("Which company will run the ferry service?", hits)
    assert draft.short_answer == "Kestrel Shipping"


def test_a_figure_according_to_the_source_asked_about(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    text = ("More than 30,000 farmers marched through the capital on Saturday, police said. Organisers put the "
            "number at 90,000.")
    hits = [make_hit("d0", text)]
    assert ask("How many farmers marched according to the organisers?", hits).short_answer == "90,000"
    assert ask("How many farmers marched according to police?", hits).short_answer == "More than 30,000"


def test_the_time_of_the_question_s_own_predicate_comes_first(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # "Sunday" is closer to the question's words; "January 1" is the time of its own predicate
    hits = [make_hit("d0", "The new mayor was elected on Sunday. She will take office on January 1.")]
    assert ask("When does the new mayor take office?", hits).short_answer == "January 1"


def test_a_phrase_given_another_origin_than_the_asked_one_comes_last(
    ask: Callable[..., Draft], make_hit: Callable[..., SearchHit]
) -> None:
    # "Ukrainian missile strikes" are a kind of attack, but not the Russian attack asked about
    hits = [make_hit("d0", "The draft warns that Ukrainian missile strikes on major Russian cities could void the "
                           "security guarantee."),
            make_hit("d1", "It says any future “significant, deliberate and prolonged armed attack” by Russia against "
                           "Ukraine would trigger the transatlantic security guarantee.", rank=2)]
    draft = ask("What type of Russian attack would trigger the transatlantic security guarantee?", hits)
    assert draft.short_answer == "significant, deliberate and prolonged armed attack"
