"""Yes/no verdicts from the parse: negation attached to the claim's predicate, swapped values, no guessing."""

from __future__ import annotations

import pytest

from rag.answer.question import analyse_question
from rag.answer.verdict import yes_no_verdict
from rag.nlp import TextAnalyser, content_lemmas, is_negated


@pytest.mark.parametrize(
    ("question", "evidence", "verdict"),
    [
        ("Did the mayor's office comment on the report?",
         "The mayor's office did not respond to a request for comment on the report.", "no"),
        ("Does the draft restrict long-range weapons programmes?",
         "It places no restrictions on long-range weapons programmes.", "no"),
        ("Will the company keep its full-year forecast?",
         "The company will not only keep its full-year forecast but raise it.", "yes"),
        ("Would the fighter jets be deployed in Germany?",
         "The fighter jets would instead be deployed in Poland.", "no"),
        ("Would the fighter jets be deployed in Poland?",
         "The fighter jets would instead be deployed in Poland.", "yes"),
        ("Is the alliance prepared to intervene militarily in the conflict?",
         "There is no serious will from the alliance to intervene militarily in the conflict.", "no"),
        ("Has the company raised its dividend this year?", "The company raised its dividend this year.", "yes"),
        ("Did the striking dockers return to work on Monday?",
         "The weather in the harbour stayed calm all week.", None),
    ],
)
def test_verdict(nlp: TextAnalyser, question: str, evidence: str, verdict: str | None) -> None:
    q = analyse_question(question, nlp)
    got, _ = yes_no_verdict(q, list(nlp.parse(evidence).sents))
    assert got == verdict


def test_not_only_is_emphasis_not_negation(nlp: TextAnalyser) -> None:
    doc = nlp.parse("The firm will not only keep its forecast but raise it.")
    keep = next(t for t in doc if t.lemma_ == "keep")
    assert not is_negated(keep)
    doc = nlp.parse("The firm did not keep its forecast.")
    assert is_negated(next(t for t in doc if t.lemma_ == "keep"))


def test_lemmas_are_words_not_stems(nlp: TextAnalyser) -> None:
    # The old light stemmer cut "process" to "proce".
    assert content_lemmas(nlp.parse("The approval process began.")) == {"approval", "process", "begin"}
