"""How the `rag` command prints answers, sources, search hits, index reports and progress.

Everything here writes plain text for a terminal; the JSON forms are the records' ``to_dict``.
"""

from __future__ import annotations

import sys
import textwrap
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rag.index import Index
    from rag.records import Answer, Citation, IndexReport, SearchHit


def print_notices(idx: Index) -> None:
    """One-line hints about the index (e.g. built with another embedding backend), on stderr."""
    for line in idx.notices:
        print(line, file=sys.stderr)


def progress_bar(desc: str) -> Any:
    from tqdm import tqdm

    bar: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if "bar" not in bar:
            bar["bar"] = tqdm(total=total, desc=desc, file=sys.stderr, leave=False)
        b = bar["bar"]
        b.update(done - b.n)
        if done >= total:
            b.close()

    return update


def print_report(report: IndexReport) -> None:
    print(
        f"added {len(report.added)}, updated {len(report.updated)}, unchanged {len(report.unchanged)}, "
        f"removed {len(report.removed)}, skipped {len(report.skipped)} "
        f"({report.chunks_embedded} chunks embedded, {report.seconds:.1f}s)"
    )
    for s in report.skipped:
        print(f"  skipped {s.path}: {s.reason}")


def _quote(text: str, indent: str = "    ") -> str:
    return textwrap.fill(" ".join(text.split()), width=100, initial_indent=indent, subsequent_indent=indent)


def describe(title: str | None, source: str | None, date: str | None, doc_id: str) -> str:
    parts = [title or doc_id, source or "unknown source", date or "undated"]
    return " · ".join(parts) + ("" if title is None else f"  ({doc_id})")


def print_answer(ans: Answer) -> None:
    """The short answer first, then the cited sentences, warnings, removed sentences and sources."""
    if ans.short_answer and not ans.abstained:
        print(f"Answer: {ans.short_answer}\n")
    print(textwrap.fill(ans.answer, width=100))
    for w in ans.warnings:
        if not ans.abstained:
            print(f"\nWarning: {w}")
    if ans.dropped:
        print(f"\nRemoved {len(ans.dropped)} sentence(s) that the cited passages do not support:")
        for d in ans.dropped:
            print(_quote(f"“{d.text}” ({d.reason})"))
    print_sources(ans.citations)


def print_sources(citations: Sequence[Citation]) -> None:
    """The numbered sources under an answer: title, source, date and the quoted passage."""
    if citations:
        print("\nSources:")
    for c in citations:
        h = c.hit
        print(f"[{c.n}] {describe(h.title, h.source, h.published_at, h.chunk.doc_id)}")
        print(_quote(f"“{h.chunk.text}”"))


def print_hits(hits: list[SearchHit]) -> None:
    if not hits:
        print("No matching passages.")
    for h in hits:
        print(f"{h.rank}. {describe(h.title, h.source, h.published_at, h.chunk.doc_id)}  score {h.score:.4f}")
        print(_quote(h.chunk.text))


def print_streamed_answer(items: Any) -> Answer:
    """Print streamed LLM text as it arrives, then what verification changed and the sources.

    ``items`` is what :meth:`rag.Index.ask_stream` yields: ``str`` pieces, then one Answer.
    """
    streamed: list[str] = []
    final: Answer | None = None
    for item in items:
        if isinstance(item, str):
            streamed.append(item)
            sys.stdout.write(item)
            sys.stdout.flush()
        else:
            final = item
    if final is None:
        raise RuntimeError("the answer stream ended without an answer")
    if streamed:
        # the preview is the model's raw reply; what follows is what survived verification
        label = "Checked answer" if final.mode == "llm" else f"Answer ({final.mode})"
        print(f"\n\n--- {label} ---")
    print_answer(final)
    return final
