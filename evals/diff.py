"""What changed between two eval runs, question by question, without showing the held-out split.

A change to the answer layer is judged by the questions it moves: which became right, which
became wrong, and what the answer now says (short answer, verdict, abstention, a conflict shown).
The questions of a ``test`` split are the held-out ones the project is judged on and never tunes
on, so they are only counted here (gained, lost, otherwise changed); their texts, answers and ids
are never printed. Every other question (a ``dev`` split, the public benchmark halves, a set with
no split) is listed with what it said before and after.

Runs are the JSON ``rag eval --json`` and ``benchmarks/eval_report.py --json`` write: one run, or
a list of runs of several sets; questions are matched by set and id.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evals.report import format_metric
from rag.errors import UsageError

HELD_OUT = "test"
SUMMARY_KEYS = ("answer_accuracy", "short_answer_f1", "null_abstention", "false_abstention",
                "conflict_detection", "false_conflicts", "hit@1")


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one run answered to one question, as far as scoring and a reader see it."""

    correct: bool  # for a question with no answer: abstained
    abstained: bool
    short_answer: str | None
    verdict: str | None
    conflicted: bool

    @classmethod
    def of(cls, q: dict[str, Any]) -> Outcome:
        abstained = bool(q.get("abstained"))
        # an unanswerable question is right when the answer abstains ("correct" is false for every one)
        correct = abstained if q.get("type") == "null" else bool(q.get("correct"))
        return cls(correct, abstained, q.get("short_answer"), q.get("verdict"), bool(q.get("conflicts")))

    def describe(self) -> str:
        said = "abstained" if self.abstained else f"{self.short_answer!r}" + (
            f", verdict {self.verdict}" if self.verdict else "")
        return ("right" if self.correct else "wrong") + f": {said}" + (", conflict shown" if self.conflicted else "")


@dataclass(frozen=True, slots=True)
class Change:
    """A question whose outcome differs between the runs."""

    qid: str
    qtype: str
    kind: str | None
    question: str
    before: Outcome
    after: Outcome

    @property
    def gained(self) -> bool:
        return self.after.correct and not self.before.correct

    @property
    def lost(self) -> bool:
        return self.before.correct and not self.after.correct


@dataclass(frozen=True, slots=True)
class HeldOut:
    """Changes on held-out questions, as counts only."""

    gained: int = 0
    lost: int = 0
    changed: int = 0  # outcome changed, right or wrong as before


@dataclass(frozen=True, slots=True)
class RunDiff:
    """One set's change: its summary metrics before and after, the shown changes, the held-out counts."""

    dataset: str
    split: str
    metrics: dict[str, tuple[float | None, float | None]]
    changes: tuple[Change, ...]
    held_out: HeldOut = field(default_factory=HeldOut)


def load_runs(path: Path) -> list[dict[str, Any]]:
    """The runs of an eval JSON file (one run or a list of them)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read eval results from {path}: {exc}") from exc
    runs = data if isinstance(data, list) else [data]
    if not all(isinstance(r, dict) and "questions" in r and "dataset" in r for r in runs):
        raise UsageError(f"{path} holds no eval runs (write them with rag eval --json or eval_report.py --json)")
    return runs


def _held_out(q: dict[str, Any]) -> bool:
    return q.get("split") == HELD_OUT


def diff_runs(before: Sequence[dict[str, Any]], after: Sequence[dict[str, Any]]) -> list[RunDiff]:
    """The change of every set present in both lists of runs (matched by set name and split)."""
    earlier = {(r["dataset"], r.get("split")): r for r in before}
    out = []
    for run in after:
        old = earlier.get((run["dataset"], run.get("split")))
        if old is None:
            continue
        was = {q["id"]: q for q in old["questions"]}
        shown: list[Change] = []
        gained = lost = changed = 0
        for q in run["questions"]:
            prior = was.get(q["id"])
            if prior is None:
                continue
            a, b = Outcome.of(prior), Outcome.of(q)
            if a == b:
                continue
            change = Change(q["id"], q.get("type", ""), q.get("kind"), q.get("question", ""), a, b)
            if not _held_out(q):
                shown.append(change)
                continue
            gained += change.gained
            lost += change.lost
            changed += not (change.gained or change.lost)
        metrics = {k: (old["metrics"].get(k), run["metrics"].get(k)) for k in SUMMARY_KEYS}
        held = HeldOut(gained, lost, changed)
        out.append(RunDiff(run["dataset"], str(run.get("split")), metrics, tuple(shown), held))
    return out


def failures_by_kind(runs: Iterable[dict[str, Any]]) -> dict[str, dict[str, list[str]]]:
    """For each set, the ids of the questions it gets wrong, by kind of answer ("null answered" for an
    unanswerable question answered); held-out questions as a count only, under "held out"."""
    out: dict[str, dict[str, list[str]]] = {}
    for run in runs:
        groups: dict[str, list[str]] = {}
        hidden = 0
        for q in run["questions"]:
            if Outcome.of(q).correct:
                continue
            if _held_out(q):
                hidden += 1
                continue
            kind = "null answered" if q.get("type") == "null" else str(q.get("kind") or q.get("type") or "?")
            groups.setdefault(kind, []).append(q["id"])
        if hidden:
            groups["held out"] = [f"{hidden} wrong (not listed)"]
        out[f"{run['dataset']} ({run.get('split')})"] = groups
    return out


def format_diff(diffs: Sequence[RunDiff]) -> str:
    """The changes as plain text: per set, the metrics that moved, each shown change, the held-out counts."""
    lines: list[str] = []
    for d in diffs:
        lines.append(f"== {d.dataset} ({d.split})")
        moved = [f"{k} {format_metric(a)} -> {format_metric(b)}" for k, (a, b) in d.metrics.items() if a != b]
        lines.append("   metrics: " + ("; ".join(moved) if moved else "unchanged"))
        for c in d.changes:
            mark = "+" if c.gained else "-" if c.lost else "~"
            lines.append(f" {mark} {c.qid} [{'/'.join(x for x in (c.qtype, c.kind) if x)}] {c.question}")
            lines.append(f"      {c.before.describe()}  ->  {c.after.describe()}")
        h = d.held_out
        if h.gained or h.lost or h.changed:
            lines.append(f"   held-out ({HELD_OUT}) questions: {h.gained} gained, {h.lost} lost, "
                         f"{h.changed} otherwise changed (not listed)")
        gained = sum(c.gained for c in d.changes)
        lost = sum(c.lost for c in d.changes)
        lines.append(f"   listed: {gained} gained, {lost} lost, {len(d.changes) - gained - lost} otherwise changed")
    return "\n".join(lines) + "\n"


def format_failures(groups: dict[str, dict[str, list[str]]]) -> str:
    """Wrong questions by set and kind, one line per kind."""
    lines = []
    for name, kinds in groups.items():
        lines.append(f"== {name}")
        lines += [f"   {kind}: {', '.join(ids)}" for kind, ids in sorted(kinds.items())] or ["   none wrong"]
    return "\n".join(lines) + "\n"
