"""Eval datasets: one JSON object a line with id, question, answers, gold_docs and type."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from rag.errors import UsageError

ANSWERABLE_EXCLUDED = {"null"}


@dataclass(frozen=True, slots=True)
class EvalQuestion:
    id: str
    question: str
    answers: tuple[str, ...]
    gold_docs: tuple[str, ...]
    type: str

    @property
    def answerable(self) -> bool:
        return self.type not in ANSWERABLE_EXCLUDED


def default_dataset() -> Path:
    return Path(__file__).resolve().parent / "seed.jsonl"


def load_dataset(path: Path) -> list[EvalQuestion]:
    """Read a dataset; malformed lines are a usage error naming the line."""
    if not path.is_file():
        raise UsageError(f"dataset {path} does not exist")
    out: list[EvalQuestion] = []
    seen: set[str] = set()
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            qid, question, qtype = str(row["id"]), str(row["question"]), str(row.get("type") or "single")
            answers = tuple(str(a) for a in (row.get("answers") or []))
            gold = tuple(str(d) for d in (row.get("gold_docs") or []))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise UsageError(f"{path}:{lineno}: not a valid eval question ({exc})") from None
        if qid in seen:
            raise UsageError(f"{path}:{lineno}: duplicate question id {qid!r}")
        seen.add(qid)
        out.append(EvalQuestion(qid, question, answers, gold, qtype))
    if not out:
        raise UsageError(f"dataset {path} has no questions")
    return out
