"""Strict scoring: short answers, whole-word matches in sentences only, verdicts, conflict sides."""

from __future__ import annotations

import json

import pytest

from evals.dataset import EvalQuestion, load_dataset
from evals.metrics import (
    QuestionResult,
    ShownConflict,
    aggregate,
    answer_correct,
    contains_words,
    exact_match,
    normalise,
    token_f1,
)
from evals.report import compare, markdown
from rag.errors import UsageError


def Q(qid: str = "q", qtype: str = "single", answers: tuple[str, ...] = ("x",), gold: tuple[str, ...] = ("d1",),
      **kw: object) -> EvalQuestion:
    return EvalQuestion(qid, "question?", answers, gold, qtype, **kw)  # type: ignore[arg-type]


def R(q: EvalQuestion, sentences: list[str], *, abstained: bool = False, retrieved: list[str] | None = None,
      cited: list[str] | None = None, cited_texts: list[str] | None = None, short: str | None = None,
      verdict: str | None = None, conflicts: list[ShownConflict] | None = None, answer: str | None = None,
      reply: str | None = None) -> QuestionResult:
    return QuestionResult(
        q=q, answer=answer if answer is not None else " ".join(sentences), abstained=abstained,
        retrieved_docs=retrieved or ["d1"], cited_docs=cited if cited is not None else ["d1"],
        cited_texts=cited_texts if cited_texts is not None else sentences, latency_ms=10.0, short_answer=short,
        verdict=verdict, sentences=sentences, conflicts=conflicts or [], reply=reply,
    )


@pytest.mark.parametrize(
    ("text", "phrase", "ok"),
    [
        ("reduce its forces to 600000 troops", "600,000", True),
        ("reduce its forces to 600,000 troops", "600000", True),
        ("rejoin the G7", "G8", False),
        ("US Army Secretary Dan  Driscoll, presented", "Dan Driscoll", True),
        ("a great weight on the talks", "eight", False),  # substrings no longer count
        ("on behalf of the government", "half", False),
        ("the party said", "art", False),
        ("Article 5 of NATO", "the Article 5", True),  # articles are dropped on both sides
    ],
)
def test_whole_word_matching(text: str, phrase: str, ok: bool) -> None:
    assert contains_words(text, phrase) is ok


def test_squad_normalisation_and_scores() -> None:
    assert normalise("The 600,000 Troops!") == "600000 troops"
    assert exact_match("600,000 troops", "600000 troops") == 1.0
    assert exact_match("about 600,000 troops", "600,000 troops") == 0.0
    assert token_f1("about 600,000 troops", "600,000 troops") == pytest.approx(0.8, abs=1e-3)
    assert token_f1(None, "x") == 0.0 and exact_match("", "") == 0.0


def test_conflict_summary_and_warnings_are_not_scored() -> None:
    q = Q(answers=("G8",))
    # the answer string carries the gold only in a conflict summary; the sentences do not
    r = R(q, ["Russia would rejoin the G7."], answer="Russia would rejoin the G7. Sources disagree: G7 vs G8.")
    assert not r.correct
    assert R(q, ["Russia would rejoin the G8."]).correct


def test_yes_no_verdict_must_match_even_with_phrase_gold() -> None:
    q = Q(answers=("No", "not station troops"), verdict="no")
    wrong = R(q, ["NATO would not station troops in Ukraine."], verdict="yes", short="Yes")
    assert not wrong.correct  # the phrase is in the sentence, but the verdict is wrong
    assert not R(q, ["NATO would not station troops in Ukraine."], verdict=None).correct
    right = R(q, ["NATO would not station troops in Ukraine."], verdict="no", short="No")
    assert right.correct and right.short_scores == (1.0, 1.0)
    assert answer_correct(Q(answers=("yes",)), [], "yes")


def test_a_polar_first_answer_is_the_gold_verdict_without_the_field() -> None:
    q = Q(answers=("No", "produced only for the domestic market"))  # no ``verdict`` field in the file
    said = ["The recalled batches had been produced only for the domestic market."]
    assert not R(q, said, verdict="yes", short="Yes").correct
    assert not R(q, said, verdict=None).correct  # "neither Yes nor No" beside the denial is not the No asked for
    assert R(q, said, verdict="no", short="No").correct
    # a phrase answer is scored by the phrase: a first answer that is no polarity asks for no verdict
    assert R(Q(answers=("domestic market", "No")), said).correct


def test_a_chosen_option_is_scored_by_the_short_answer() -> None:
    # "Consistent or inconsistent?": the answer is the option chosen, which no evidence sentence need contain
    q = Q(answers=("Consistent",))
    evidence = ["Both reports describe Bayern's win as comfortable."]
    assert R(q, evidence, short="Consistent").correct
    assert not R(q, evidence, short="Inconsistent").correct
    assert not R(q, evidence, short="Consistently").correct  # exact, not a part of a word
    assert not R(q, evidence).correct
    # a judgement is supported by the evidence it cites, like a verdict
    assert R(q, evidence, short="Consistent").supported
    assert not R(q, evidence, short="Consistent", cited=[], cited_texts=[]).supported


def test_conflict_counts_only_with_both_named_values_on_different_sides() -> None:
    q = Q(qtype="conflict", answers=("G7", "G8"), sides=(("G7",), ("G8",)))
    assert R(q, ["s"], conflicts=[ShownConflict("group", ("rejoin the G7", "rejoin the G8"))]).conflict_found
    assert not R(q, ["s"], conflicts=[ShownConflict("troops", ("600,000 troops", "800,000 troops"))]).conflict_found
    assert not R(q, ["s"], conflicts=[ShownConflict("group", ("rejoin the G7", "the G7 summit"))]).conflict_found
    assert not R(q, ["s"]).conflict_found
    # a dataset without sides: any conflict counts
    assert R(Q(qtype="conflict"), ["s"], conflicts=[ShownConflict("t", ("a", "b"))]).conflict_found


def test_citation_support_checks_the_short_answer_in_a_cited_passage() -> None:
    q = Q(answers=("Poland",))
    assert R(q, ["Jets would be deployed in Poland."], short="Poland").supported
    unsupported = R(q, ["Jets would be deployed in Poland."], short="Poland", cited_texts=["Nothing about it."])
    assert unsupported.correct and not unsupported.supported


def test_aggregate_counts_each_metric() -> None:
    results = [
        R(Q("a", answers=("x",), gold=("d1",)), ["x is it"], retrieved=["d1", "d2"], cited=["d1"], short="x"),
        R(Q("b", answers=("y",), gold=("d2",)), ["z is it"], retrieved=["d1", "d2"], cited=["d1"], short="z"),
        R(Q("c", "null", (), ()), [], abstained=True, cited=[]),
        R(Q("d", "null", (), ()), ["w"], cited=["d3"], conflicts=[ShownConflict("t", ("1", "2"))]),
        R(Q("e", "conflict", ("p", "q"), ("d1", "d3"), sides=(("p",), ("q",))), [], abstained=True,
          retrieved=["d3"], cited=[]),
        R(Q("f", answers=("v",), gold=("d1",)), ["v here"], short="v w", conflicts=[ShownConflict("t", ("1", "2"))]),
    ]
    m = aggregate(results)
    assert m["hit@1"] == pytest.approx(3 / 4)  # a, e, f: gold first; b: second
    assert m["mrr@10"] == pytest.approx((1 + 0.5 + 1 + 1) / 4, abs=1e-3)
    assert m["answer_accuracy"] == pytest.approx(2 / 4)  # a and f right; b wrong; e abstained
    assert m["short_answer_em"] == pytest.approx(1 / 4, abs=1e-3)
    assert m["short_answer_f1"] == pytest.approx((1 + 0 + 0 + 2 / 3) / 4, abs=1e-3)
    assert m["null_abstention"] == 0.5
    assert m["false_abstention"] == pytest.approx(1 / 4, abs=1e-3)
    assert m["citation_precision"] == pytest.approx(2 / 3, abs=1e-3)  # a: d1 gold, b: d1 not gold, f: d1 gold
    assert m["conflict_detection"] == 0.0
    assert m["false_conflicts"] == pytest.approx(1 / 3, abs=1e-3)  # of a, b, f: f shows a conflict


def test_wrong_shown_for_raw_and_verified_llm_answers() -> None:
    q = Q(answers=("Poland",))
    results = [
        R(q, ["Jets go to Poland."], short="Poland", reply="Short answer: Poland\nJets go to Poland [1]."),
        R(q, [], abstained=True, reply="Short answer: Germany\nJets go to Germany [1]."),  # verifier dropped it
        R(Q("n", "null", (), ()), [], abstained=True, reply="NOT_IN_CORPUS"),
    ]
    m = aggregate(results)
    assert m["wrong_shown_raw"] == pytest.approx(1 / 3, abs=1e-3)
    assert m["wrong_shown_verified"] == 0.0


def test_compare_lists_changes() -> None:
    before = {
        "metrics": {"answer_accuracy": 0.5},
        "questions": [{"id": "a", "correct": True}, {"id": "b", "correct": False}],
    }
    q = {"type": "single", "abstained": False, "answer": "", "retrieved_docs": [], "cited_docs": []}
    run = {
        "dataset": "x", "n": 2, "k": 5, "metrics": {"answer_accuracy": 0.5}, "by_type": {},
        "questions": [{"id": "a", "correct": False, **q}, {"id": "b", "correct": True, **q}],
    }
    cmp = compare(run, before, "old.json")
    assert cmp["became_wrong"] == ["a"] and cmp["became_right"] == ["b"]
    assert cmp["metrics"]["answer_accuracy"]["delta"] == 0.0
    assert "Became wrong: a" in markdown(run, cmp)


def test_dataset_fields_and_splits(tmp_path) -> None:
    p = tmp_path / "d.jsonl"
    rows = [
        {"id": "1", "question": "q?", "answers": ["Yes"], "gold_docs": ["d"], "type": "single", "split": "dev",
         "verdict": "Yes"},
        {"id": "2", "question": "q?", "answers": ["a", "b"], "gold_docs": ["d"], "type": "conflict", "split": "test",
         "sides": [["a"], ["b"]]},
    ]
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    assert [q.id for q in load_dataset(p, "test")] == ["2"]
    dev = load_dataset(p, "dev")[0]
    assert dev.verdict == "yes"
    assert load_dataset(p)[1].sides == (("a",), ("b",))
    with pytest.raises(UsageError, match="split"):
        load_dataset(p, "train")


def test_malformed_dataset_line_is_a_usage_error(tmp_path) -> None:
    p = tmp_path / "d.jsonl"
    p.write_text(json.dumps({"id": "1", "question": "q"}) + "\n{broken\n")
    with pytest.raises(UsageError, match=":2:"):
        load_dataset(p)


@pytest.mark.parametrize(("n", "limit", "expected"), [
    (10, None, list(range(10))),
    (10, 20, list(range(10))),
    (10, 3, [0, 3, 6]),
    (9, 1, [0]),
])
def test_spread_keeps_an_even_sample_in_order(n, limit, expected):
    from evals.runner import spread

    assert spread(list(range(n)), limit) == expected
