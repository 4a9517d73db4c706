"""Run an eval dataset through the same retrieval and answering as `rag ask`, plus the baselines."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from evals.dataset import EvalQuestion, NamedDataset, load_dataset
from evals.metrics import QuestionResult, ShownConflict, aggregate
from rag.answer import Answerer
from rag.errors import UsageError
from rag.index import Index
from rag.records import Answer

T = TypeVar("T")

RETRIEVAL_DEPTH = 10


def _unique(seq: list[str]) -> list[str]:
    return list(dict.fromkeys(seq))


def result_of(q: EvalQuestion, ans: Answer, retrieved: list[str], latency_ms: float) -> QuestionResult:
    """The scoring view of one :class:`Answer`."""
    conflicts = [
        ShownConflict(c.topic, tuple(s.value or s.text for s in c.sides)) for c in ans.conflicts
    ]
    return QuestionResult(
        q=q,
        answer=ans.answer,
        abstained=ans.abstained,
        retrieved_docs=retrieved,
        cited_docs=_unique([c.hit.chunk.doc_id for c in ans.citations]),
        cited_texts=[c.hit.chunk.text for c in ans.citations],
        latency_ms=latency_ms,
        short_answer=ans.short_answer,
        verdict=ans.verdict,
        sentences=[s.text for s in ans.sentences],
        conflicts=conflicts,
        citations=[{"n": c.n, "doc_id": c.hit.chunk.doc_id, "text": c.hit.chunk.text} for c in ans.citations],
        reply=ans.reply,
    )


def evaluate_question(
    index: Index, q: EvalQuestion, k: int | None = None, answerer: Answerer | str | None = None
) -> QuestionResult:
    hits = index.search(q.question, RETRIEVAL_DEPTH)
    started = time.perf_counter()
    ans = index.ask(q.question, k, answerer=answerer)
    latency = (time.perf_counter() - started) * 1000
    return result_of(q, ans, _unique([h.chunk.doc_id for h in hits]), latency)


def _groups(results: Sequence[QuestionResult], key: Callable[[QuestionResult], str | None]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in sorted({k for r in results if (k := key(r))}):
        group = [r for r in results if key(r) == name]
        out[name] = {"n": len(group), **aggregate(group)}
    return out


def spread(items: list[T], limit: int | None) -> list[T]:
    """``limit`` items evenly spaced over ``items`` (all of them without a limit), order kept."""
    if limit is None or limit >= len(items):
        return items
    if limit < 1:
        raise UsageError("--limit must be at least 1")
    return [items[i * len(items) // limit] for i in range(limit)]


def run_eval(
    index: Index,
    dataset: NamedDataset | Path,
    k: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    *,
    split: str | None = None,
    answerer: Answerer | str | None = None,
    baselines: bool = True,
    limit: int | None = None,
) -> dict[str, Any]:
    """Evaluate every question of ``dataset`` (one ``split`` when given); the JSON-ready report.

    ``limit`` keeps that many questions spread evenly over the file (for slow LLM runs); a
    limited run is a sample, never a gate.

    The report holds the system's metrics, the same per question type and per split, and the
    metrics of the random and lexical baselines on the same questions and index.
    """
    path = dataset.questions if isinstance(dataset, NamedDataset) else Path(dataset)
    name = dataset.name if isinstance(dataset, NamedDataset) else path.stem
    questions = spread(load_dataset(path, split), limit)
    if index.is_empty:
        raise UsageError(f"the index at {index.dir} is empty: pass --corpus or index articles first")
    # Load the models before timing anything: latency excludes model load.
    index.ask(questions[0].question, k, answerer=answerer)
    results: list[QuestionResult] = []
    for i, q in enumerate(questions, start=1):
        results.append(evaluate_question(index, q, k, answerer))
        if progress:
            progress(i, len(questions))
    impl = answerer if answerer is not None and not isinstance(answerer, str) else index.answerer(answerer)
    run: dict[str, Any] = {
        "dataset": name,
        "questions_file": str(path),
        "split": split or "all",
        "limit": limit,
        "n": len(results),
        "k": k or index.settings.top_k,
        "mode": impl.mode,
        "index": index.stats(),
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "metrics": aggregate(results),
        "by_type": _groups(results, lambda r: r.q.type),
        "by_split": _groups(results, lambda r: r.q.split) if split is None else {},
        "by_kind": _groups(results, lambda r: r.q.kind),
        "questions": [r.to_dict() for r in results],
    }
    if baselines:
        from evals.baselines import baseline_report

        run["baselines"] = baseline_report(questions, index.documents())
    return run
