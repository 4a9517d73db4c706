"""Scoring one eval question and aggregating metrics.

Answer matching: an accepted answer counts when, after lower-casing and folding whitespace,
punctuation and thousands separators, it appears in the answer (as whole words when it is three
characters or shorter). For
yes/no questions (all accepted answers are yes/no/true/false) only the answer's leading
verdict counts, since "no" also occurs inside ordinary sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from evals.dataset import EvalQuestion

METRIC_KEYS = (
    "hit@1", "hit@5", "recall@5", "mrr@10", "answer_accuracy", "null_abstention", "false_abstention",
    "citation_precision", "citation_support", "conflict_detection", "latency_p50_ms", "latency_p95_ms",
)
_YES = {"yes", "true"}
_NO = {"no", "false"}


def normalise(text: str) -> str:
    t = text.lower().replace("’", "'")
    t = re.sub(r"(?<=\d)[,\u202f ](?=\d{3}\b)", "", t)
    t = re.sub(r"[^\w\s]|_", " ", t)
    return " ".join(t.split())


def is_yes_no(answers: tuple[str, ...]) -> bool:
    return bool(answers) and all(normalise(a) in _YES | _NO for a in answers)


def verdict(answer: str) -> str | None:
    words = normalise(answer).split()
    if not words:
        return None
    return "yes" if words[0] in _YES else "no" if words[0] in _NO else None


def answer_matches(expected: tuple[str, ...], answer: str) -> bool:
    if is_yes_no(expected):
        v = verdict(answer)
        return v is not None and any(("yes" if normalise(a) in _YES else "no") == v for a in expected)
    text = f" {normalise(answer)} "
    for a in expected:
        norm = normalise(a)
        # Short answers must be whole words ("art" is not in "party"); longer ones may be glued to a
        # neighbour by scraping ("theArticle 5 of NATOwhich").
        if norm and (f" {norm} " in text if len(norm) <= 3 else norm in text):
            return True
    return False


@dataclass(slots=True)
class QuestionResult:
    q: EvalQuestion
    answer: str
    abstained: bool
    retrieved_docs: list[str]
    cited_docs: list[str]
    cited_texts: list[str]
    conflicts: int
    latency_ms: float
    citations: list[dict[str, Any]] = field(default_factory=list)

    @property
    def correct(self) -> bool:
        if not self.q.answerable:
            return self.abstained
        return not self.abstained and answer_matches(self.q.answers, self.answer)

    @property
    def supported(self) -> bool:
        if is_yes_no(self.q.answers):
            return bool(self.cited_docs)
        return any(answer_matches(self.q.answers, t) for t in self.cited_texts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.q.id,
            "type": self.q.type,
            "question": self.q.question,
            "expected": list(self.q.answers),
            "gold_docs": list(self.q.gold_docs),
            "correct": self.correct,
            "abstained": self.abstained,
            "retrieved_docs": self.retrieved_docs,
            "cited_docs": self.cited_docs,
            "answer": self.answer,
            "conflicts": self.conflicts,
            "latency_ms": round(self.latency_ms, 2),
            "citations": self.citations,
        }


def _mean(values: list[float]) -> float | None:
    return round(float(np.mean(values)), 4) if values else None


def aggregate(results: list[QuestionResult]) -> dict[str, float | None]:
    """All metrics over ``results`` (None where a metric has no questions to count)."""
    answerable = [r for r in results if r.q.answerable]
    with_gold = [r for r in answerable if r.q.gold_docs]
    nulls = [r for r in results if not r.q.answerable]

    def rank_of_gold(r: QuestionResult, limit: int) -> int | None:
        for i, d in enumerate(r.retrieved_docs[:limit], start=1):
            if d in r.q.gold_docs:
                return i
        return None

    cited = [(d in r.q.gold_docs) for r in answerable if not r.abstained for d in r.cited_docs]
    correct = [r for r in answerable if r.correct]
    conflicts = [r for r in results if r.q.type == "conflict"]
    lat = [r.latency_ms for r in results]
    return {
        "hit@1": _mean([float(rank_of_gold(r, 1) is not None) for r in with_gold]),
        "hit@5": _mean([float(rank_of_gold(r, 5) is not None) for r in with_gold]),
        "recall@5": _mean(
            [len(set(r.retrieved_docs[:5]) & set(r.q.gold_docs)) / len(set(r.q.gold_docs)) for r in with_gold]
        ),
        "mrr@10": _mean([1.0 / x if (x := rank_of_gold(r, 10)) else 0.0 for r in with_gold]),
        "answer_accuracy": _mean([float(r.correct) for r in answerable]),
        "null_abstention": _mean([float(r.abstained) for r in nulls]),
        "false_abstention": _mean([float(r.abstained) for r in answerable]),
        "citation_precision": _mean([float(c) for c in cited]),
        "citation_support": _mean([float(r.supported) for r in correct]),
        "conflict_detection": _mean([float(r.conflicts > 0) for r in conflicts]),
        "latency_p50_ms": round(float(np.percentile(lat, 50)), 2) if lat else None,
        "latency_p95_ms": round(float(np.percentile(lat, 95)), 2) if lat else None,
    }
