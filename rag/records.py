"""Typed records passed between pipeline stages.

Every stage takes and returns these small frozen dataclasses; ``to_dict`` gives the JSON
shape used by the CLI, HTTP API and evals.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Article:
    """One cleaned article. ``text`` is the clean body all offsets refer to."""

    doc_id: str
    text: str
    title: str | None = None
    source: str | None = None
    published_at: str | None = None  # ISO date, YYYY-MM-DD
    url: str | None = None
    path: str | None = None  # file it came from, if any
    content_hash: str = ""


@dataclass(frozen=True, slots=True)
class Chunk:
    """A span of an article: ``article.text[start:end] == text``."""

    id: str
    doc_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A retrieved chunk with the metadata of its article."""

    rank: int
    chunk: Chunk
    title: str | None
    source: str | None
    published_at: str | None
    url: str | None
    score: float
    dense_score: float | None = None
    bm25_score: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "doc_id": self.chunk.doc_id,
            "chunk_id": self.chunk.id,
            "title": self.title,
            "source": self.source,
            "published_at": self.published_at,
            "url": self.url,
            "start": self.chunk.start,
            "end": self.chunk.end,
            "text": self.chunk.text,
            "score": round(self.score, 6),
        }


@dataclass(frozen=True, slots=True)
class Citation:
    """A passage an answer points at with ``[n]``."""

    n: int
    hit: SearchHit

    def to_dict(self) -> dict[str, Any]:
        d = self.hit.to_dict()
        d.pop("rank")
        return {"n": self.n, **d}


@dataclass(frozen=True, slots=True)
class AnswerSentence:
    """One sentence of an answer and the citation numbers that support it."""

    text: str
    citations: tuple[int, ...]
    supported: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "citations": list(self.citations), "supported": self.supported}


@dataclass(frozen=True, slots=True)
class DroppedSentence:
    """A sentence removed from an LLM answer because the passages it cites do not support it."""

    text: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class ConflictSide:
    """One side of a disagreement: the value an article states, the sentence and its citation."""

    doc_id: str
    n: int
    text: str
    published_at: str | None
    value: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two or more cited passages that state different values for the same thing."""

    topic: str
    sides: tuple[ConflictSide, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"topic": self.topic, "sides": [s.to_dict() for s in self.sides]}


@dataclass(frozen=True, slots=True)
class Answer:
    """The result of :meth:`rag.Index.ask`.

    ``short_answer`` is the answer itself ("600,000 troops", "Kirill Dmitriev", "Yes"), or None
    when abstaining or when the question has no short answer; ``verdict`` is "yes"/"no" for a
    yes/no question the evidence settles. ``reply`` is the LLM's raw reply (LLM mode only).
    """

    question: str
    answer: str
    abstained: bool
    mode: str
    citations: tuple[Citation, ...]
    sentences: tuple[AnswerSentence, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    warnings: tuple[str, ...] = ()
    dropped: tuple[DroppedSentence, ...] = ()
    timings_ms: dict[str, float] = field(default_factory=dict)
    short_answer: str | None = None
    verdict: str | None = None
    reply: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {
            "question": self.question,
            "short_answer": self.short_answer,
            "verdict": self.verdict,
            "answer": self.answer,
            "abstained": self.abstained,
            "mode": self.mode,
            "citations": [c.to_dict() for c in self.citations],
            "sentences": [s.to_dict() for s in self.sentences],
            "dropped": [d.to_dict() for d in self.dropped],
            "conflicts": [c.to_dict() for c in self.conflicts],
            "warnings": list(self.warnings),
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
        }
        if self.reply is not None:
            out["llm_reply"] = self.reply
        return out


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that was not indexed, and why."""

    path: str
    reason: str


@dataclass(slots=True)
class IndexReport:
    """Summary of one ``rag index`` run."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    chunks_embedded: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "skipped": [asdict(s) for s in self.skipped],
            "chunks_embedded": self.chunks_embedded,
            "seconds": round(self.seconds, 3),
        }
