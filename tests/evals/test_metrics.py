"""Answer matching and metric aggregation."""

from __future__ import annotations

import json

import pytest

from evals.dataset import EvalQuestion, load_dataset
from evals.metrics import QuestionResult, aggregate, answer_matches
from evals.report import compare, markdown
from rag.errors import UsageError


@pytest.mark.parametrize(
    ("expected", "answer", "ok"),
    [
        (("600,000",), "reduce its forces to 600000 troops [1]", True),
        (("600000",), "reduce its forces to 600,000 troops [1]", True),
        (("G8",), "rejoin the G7 [1]", False),
        (("Dan Driscoll",), "US Army Secretary Dan  Driscoll, presented [1]", True),
        (("no",), "No. The passages say it will not [1]", True),
        (("no",), "Yes. There is no doubt [1]", False),
        (("Yes",), "It is not known", False),
        (("art",), "the party said", False),
    ],
)
def test_answer_matching(expected: tuple[str, ...], answer: str, ok: bool) -> None:
    assert answer_matches(expected, answer) is ok


def _result(
    qid: str,
    qtype: str,
    answers: tuple[str, ...],
    gold: tuple[str, ...],
    answer: str,
    abstained: bool,
    retrieved: list[str],
    cited: list[str],
    conflicts: int = 0,
) -> QuestionResult:
    return QuestionResult(
        EvalQuestion(qid, "q", answers, gold, qtype), answer, abstained, retrieved, cited, [answer], conflicts, 10.0
    )


def test_aggregate_counts_each_metric() -> None:
    results = [
        _result("a", "single", ("x",), ("d1",), "x [1]", False, ["d1", "d2"], ["d1"]),
        _result("b", "single", ("y",), ("d2",), "z [1]", False, ["d1", "d2"], ["d1"]),
        _result("c", "null", (), (), "does not say", True, ["d1"], []),
        _result("d", "null", (), (), "w [1]", False, ["d1"], ["d3"]),
        _result("e", "conflict", ("p", "q"), ("d1", "d3"), "says", True, ["d3"], [], 0),
    ]
    m = aggregate(results)
    assert m["hit@1"] == pytest.approx(2 / 3, abs=1e-3)  # a: d1 first; b: d2 second; e: d3 first
    assert m["hit@5"] == 1.0
    assert m["mrr@10"] == pytest.approx((1 + 0.5 + 1) / 3, abs=1e-3)
    assert m["recall@5"] == pytest.approx((1 + 1 + 0.5) / 3, abs=1e-3)
    assert m["answer_accuracy"] == pytest.approx(1 / 3, abs=1e-3)
    assert m["null_abstention"] == 0.5
    assert m["false_abstention"] == pytest.approx(1 / 3, abs=1e-3)
    assert m["citation_precision"] == 0.5  # a cites d1 (gold), b cites d1 (not gold)
    assert m["conflict_detection"] == 0.0


def test_compare_lists_changes(tmp_path) -> None:
    before = {
        "metrics": {"answer_accuracy": 0.5},
        "questions": [{"id": "a", "correct": True}, {"id": "b", "correct": False}],
    }
    run = {
        "dataset": "x",
        "n": 2,
        "k": 5,
        "metrics": {"answer_accuracy": 0.5},
        "by_type": {},
        "questions": [
            {
                "id": "a",
                "correct": False,
                "type": "single",
                "abstained": True,
                "answer": "",
                "retrieved_docs": [],
                "cited_docs": [],
            },
            {
                "id": "b",
                "correct": True,
                "type": "single",
                "abstained": False,
                "answer": "",
                "retrieved_docs": [],
                "cited_docs": [],
            },
        ],
    }
    cmp = compare(run, before, "old.json")
    assert cmp["became_wrong"] == ["a"] and cmp["became_right"] == ["b"]
    assert cmp["metrics"]["answer_accuracy"]["delta"] == 0.0
    assert "Became wrong: a" in markdown(run, cmp)


def test_malformed_dataset_line_is_a_usage_error(tmp_path) -> None:
    p = tmp_path / "d.jsonl"
    p.write_text(json.dumps({"id": "1", "question": "q"}) + "\n{broken\n")
    with pytest.raises(UsageError, match=":2:"):
        load_dataset(p)
