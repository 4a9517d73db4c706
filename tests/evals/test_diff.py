"""Comparing eval runs: what each question gained or lost, with the held-out split only counted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from evals.diff import Outcome, diff_runs, failures_by_kind, format_diff, format_failures, load_runs
from rag.errors import UsageError

ROOT = Path(__file__).resolve().parents[2]
SECRET = "Which held-out question must never be printed?"


def question(qid: str, *, split: str = "dev", qtype: str = "single", kind: str = "number", correct: bool = True,
             abstained: bool = False, short: str | None = "42", verdict: str | None = None,
             conflicts: bool = False, text: str | None = None) -> dict[str, Any]:
    return {"id": qid, "split": split, "type": qtype, "kind": kind, "question": text or f"What is {qid}?",
            "correct": correct, "abstained": abstained, "short_answer": short, "verdict": verdict,
            "conflicts": [{"topic": "t", "sides": ["a", "b"]}] if conflicts else []}


def run(questions: list[dict[str, Any]], accuracy: float, dataset: str = "seed", split: str = "dev") -> dict[str, Any]:
    return {"dataset": dataset, "split": split, "metrics": {"answer_accuracy": accuracy}, "questions": questions}


def test_a_changed_question_is_listed_with_both_outcomes_and_counted() -> None:
    before = [run([question("a", correct=False, short="7"), question("b"), question("c")], 0.67)]
    after = [run([question("a"), question("b", correct=False, short="9"), question("c")], 0.67)]
    (d,) = diff_runs(before, after)
    assert [(c.qid, c.gained, c.lost) for c in d.changes] == [("a", True, False), ("b", False, True)]
    text = format_diff([d])
    assert "+ a [single/number] What is a?" in text and "wrong: '7'  ->  right: '42'" in text
    assert "- b" in text and "listed: 1 gained, 1 lost, 0 otherwise changed" in text
    assert "What is c?" not in text  # unchanged questions are not listed


def test_a_change_that_keeps_a_question_right_is_still_shown() -> None:
    before = [run([question("a", short="600,000 troops")], 1.0)]
    after = [run([question("a", short="600,000", conflicts=True)], 1.0)]
    (d,) = diff_runs(before, after)
    assert len(d.changes) == 1 and not d.changes[0].gained and not d.changes[0].lost
    assert "conflict shown" in format_diff([d]) and "metrics: unchanged" in format_diff([d])


def test_held_out_questions_are_counted_never_printed() -> None:
    before = [run([question("t1", split="test", text=SECRET), question("t2", split="test", correct=False),
                   question("t3", split="test", short="1")], 0.67, split="test")]
    # a deliberately worse system loses t1; it gains t2 and answers t3 otherwise
    after = [run([question("t1", split="test", correct=False, short="0", text=SECRET), question("t2", split="test"),
                  question("t3", split="test", short="2")], 0.67, split="test")]
    (d,) = diff_runs(before, after)
    assert d.changes == () and (d.held_out.gained, d.held_out.lost, d.held_out.changed) == (1, 1, 1)
    text = format_diff([d])
    assert SECRET not in text and "t1" not in text and "'0'" not in text
    assert "held-out (test) questions: 1 gained, 1 lost, 1 otherwise changed (not listed)" in text


def test_an_unanswerable_question_is_right_when_it_abstains() -> None:
    answered = question("n", qtype="null", correct=False, short="12")
    abstained = question("n", qtype="null", correct=False, abstained=True, short=None)
    assert Outcome.of(abstained).correct and not Outcome.of(answered).correct
    (d,) = diff_runs([run([answered], 0.0)], [run([abstained], 0.0)])
    assert d.changes[0].gained and "right: abstained" in format_diff([d])


def test_sets_are_matched_by_name_and_split() -> None:
    before = [run([question("a")], 1.0, "seed"), run([question("a", correct=False)], 0.0, "newsdesk")]
    after = [run([question("a", correct=False)], 0.0, "newsdesk"), run([question("a")], 1.0, "worldwire")]
    diffs = diff_runs(before, after)
    assert [(d.dataset, [c.lost for c in d.changes]) for d in diffs] == [("newsdesk", [])]


def test_failures_are_grouped_by_kind_and_held_out_ones_only_counted() -> None:
    runs = [run([question("a", correct=False), question("b", kind="date", correct=False), question("c"),
                 question("n", qtype="null", correct=False)], 0.25),
            run([question("t", split="test", correct=False, text=SECRET)], 0.0, split="test")]
    groups = failures_by_kind(runs)
    assert groups["seed (dev)"] == {"number": ["a"], "date": ["b"], "null answered": ["n"]}
    assert groups["seed (test)"] == {"held out": ["1 wrong (not listed)"]}
    assert SECRET not in format_failures(groups) and "t," not in format_failures(groups)


def test_a_file_that_holds_no_runs_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"answer": "x"}), encoding="utf-8")
    with pytest.raises(UsageError, match="holds no eval runs"):
        load_runs(bad)
    with pytest.raises(UsageError, match="cannot read"):
        load_runs(tmp_path / "missing.json")


def test_the_script_compares_two_files_and_reports_bad_input_in_one_line(tmp_path: Path) -> None:
    before, after = tmp_path / "before.json", tmp_path / "after.json"
    before.write_text(json.dumps([run([question("a", correct=False)], 0.0)]), encoding="utf-8")
    after.write_text(json.dumps(run([question("a")], 1.0)), encoding="utf-8")  # one run, not a list, reads too
    script = str(ROOT / "benchmarks" / "eval_diff.py")
    done = subprocess.run([sys.executable, script, str(before), str(after)], capture_output=True, text=True,
                          cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    assert "answer_accuracy 0.000 -> 1.000" in done.stdout and "+ a" in done.stdout
    failed = subprocess.run([sys.executable, script, str(before), str(tmp_path / "nope.json")], capture_output=True,
                            text=True, cwd=ROOT, check=False)
    assert failed.returncode == 2 and failed.stderr.count("\n") == 1 and "cannot read" in failed.stderr
