"""The answerer protocol, shared records and the name -> factory registry."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from rag.records import Answer, AnswerSentence, Citation, SearchHit

if TYPE_CHECKING:
    from embeddings import Embedder
    from rag.settings import Settings

ABSTAIN_TEXT = "The corpus does not say."


class Answerer(Protocol):
    """Writes an :class:`Answer` from the question and the retrieved passages."""

    mode: str

    def answer(self, question: str, hits: Sequence[SearchHit]) -> Answer: ...


AnswererFactory = Callable[["Settings", "Embedder"], Answerer]
_REGISTRY: dict[str, AnswererFactory] = {}


def register_answerer(name: str, factory: AnswererFactory) -> None:
    _REGISTRY[name] = factory


def create_answerer(name: str, settings: Settings, embedder: Embedder) -> Answerer:
    from rag.errors import ConfigError

    if name not in _REGISTRY:
        raise ConfigError(f"unknown answerer {name!r}; choose one of: {', '.join(sorted(_REGISTRY))}")
    return _REGISTRY[name](settings, embedder)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence from a retrieved passage, with offsets into its article."""

    hit: SearchHit
    start: int
    end: int
    text: str
    score: float = 0.0


def number_citations(hits_in_order: Sequence[SearchHit]) -> dict[str, Citation]:
    """Citations numbered 1..m in order of first use, keyed by chunk id."""
    out: dict[str, Citation] = {}
    for hit in hits_in_order:
        if hit.chunk.id not in out:
            out[hit.chunk.id] = Citation(len(out) + 1, hit)
    return out


def render_answer(sentences: Sequence[AnswerSentence]) -> str:
    """The answer text: each sentence followed by its ``[n]`` markers."""
    return " ".join(f"{s.text} " + "".join(f"[{n}]" for n in s.citations) for s in sentences)


def abstention(question: str, reason: str, mode: str, hits: Sequence[SearchHit] = ()) -> Answer:
    """An answer that says the corpus does not say, with the reason as a warning."""
    return Answer(
        question=question,
        answer=f"{ABSTAIN_TEXT} {reason}".strip(),
        abstained=True,
        mode=mode,
        citations=(),
        warnings=(reason,) if reason else (),
    )
