"""Run an eval dataset through the same retrieval and answering as `rag ask`."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from evals.dataset import EvalQuestion, load_dataset
from evals.metrics import QuestionResult, aggregate
from rag.index import Index

RETRIEVAL_DEPTH = 10


def _unique(seq: list[str]) -> list[str]:
    return list(dict.fromkeys(seq))


def evaluate_question(index: Index, q: EvalQuestion, k: int | None = None) -> QuestionResult:
    hits = index.search(q.question, RETRIEVAL_DEPTH)
    started = time.perf_counter()
    ans = index.ask(q.question, k)
    latency = (time.perf_counter() - started) * 1000
    return QuestionResult(
        q=q,
        answer=ans.answer,
        abstained=ans.abstained,
        retrieved_docs=_unique([h.chunk.doc_id for h in hits]),
        cited_docs=_unique([c.hit.chunk.doc_id for c in ans.citations]),
        cited_texts=[c.hit.chunk.text for c in ans.citations],
        conflicts=len(ans.conflicts),
        latency_ms=latency,
        citations=[{"n": c.n, "doc_id": c.hit.chunk.doc_id, "text": c.hit.chunk.text} for c in ans.citations],
    )


def run_eval(
    index: Index,
    dataset: Path,
    k: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Evaluate every question of ``dataset``; returns the JSON-ready run report."""
    questions = load_dataset(dataset)
    if index.is_empty:
        from rag.errors import UsageError

        raise UsageError(f"the index at {index.dir} is empty: pass --corpus or index articles first")
    # Load the model before timing anything: latency excludes model load.
    index.search(questions[0].question, 1)
    results: list[QuestionResult] = []
    for i, q in enumerate(questions, start=1):
        results.append(evaluate_question(index, q, k))
        if progress:
            progress(i, len(questions))
    by_type: dict[str, Any] = {}
    for t in sorted({r.q.type for r in results}):
        group = [r for r in results if r.q.type == t]
        by_type[t] = {"n": len(group), **aggregate(group)}
    return {
        "dataset": str(dataset),
        "n": len(results),
        "k": k or index.settings.top_k,
        "index": index.stats(),
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "metrics": aggregate(results),
        "by_type": by_type,
        "questions": [r.to_dict() for r in results],
    }
