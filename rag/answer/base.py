"""The answerer protocol, the structured parts an answerer returns, and the name -> factory registry.

An answerer does not write the final text. It returns a :class:`Draft` (short answer, verdict,
cited sentences, dropped sentences, warnings); conflict detection runs after it as a stage of
its own, and :mod:`rag.answer.render` builds the answer text and the JSON from both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from rag.records import DroppedSentence, SearchHit

if TYPE_CHECKING:
    from embeddings import Embedder
    from rag.query import Filters, Query
    from rag.settings import Settings

ABSTAIN_TEXT = "The corpus does not say."


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an answer (or a candidate for one) and the passages that support it.

    ``start``/``end`` are offsets in the article of ``hits[0]`` when the sentence is quoted
    verbatim from it (extractive answers); None for sentences a language model wrote.
    """

    text: str
    hits: tuple[SearchHit, ...]
    start: int | None = None
    end: int | None = None
    score: float = 0.0
    supported: bool = True

    @property
    def hit(self) -> SearchHit:
        return self.hits[0]


@dataclass(frozen=True, slots=True)
class Draft:
    """What an answerer found, before conflicts are checked and the text is rendered."""

    mode: str
    sentences: tuple[Sentence, ...] = ()
    short_answer: str | None = None
    verdict: str | None = None
    abstained: bool = False
    reason: str = ""  # why the answerer abstained
    warnings: tuple[str, ...] = ()
    dropped: tuple[DroppedSentence, ...] = ()
    reply: str | None = None  # the LLM's raw reply
    timings_ms: dict[str, float] = field(default_factory=dict)


def abstain(mode: str, reason: str, **extra: object) -> Draft:
    """A draft that says the corpus does not say, and why."""
    return Draft(mode=mode, abstained=True, reason=reason, **extra)  # type: ignore[arg-type]


class Answerer(Protocol):
    """Writes a :class:`Draft` from the query and the retrieved passages."""

    mode: str

    def answer(self, query: Query, hits: Sequence[SearchHit]) -> Draft: ...

    def stream(self, query: Query, hits: Sequence[SearchHit]) -> Iterator[str | Draft]:
        """Text previews as they are produced (may be none), then exactly one :class:`Draft`."""
        ...


class Corpus(Protocol):
    """What an answerer may ask about the whole index, beyond the passages retrieved for a question."""

    def knows(self, name: str) -> bool:
        """Does the index mention every word of ``name`` in some passage's text, or name it as a source? (Titles are
        not searched: a name only in the title of an article retrieval missed counts as unknown.)"""
        ...

    def passages_naming(self, name: str, limit: int) -> list[SearchHit]:
        """Up to ``limit`` passages anywhere in the index that mention ``name``, best first."""
        ...

    def search(self, text: str, limit: int, filters: Filters | None = None) -> list[SearchHit]:
        """The ``limit`` passages the index retrieves for ``text`` (within ``filters``), best first."""
        ...

    def same_article(self, hit: SearchHit) -> list[SearchHit]:
        """Every passage of the article ``hit`` is from, in the article's order, with its metadata."""
        ...


AnswererFactory = Callable[["Settings", "Embedder", "Corpus | None"], Answerer]
_REGISTRY: dict[str, AnswererFactory] = {}


def register_answerer(name: str, factory: AnswererFactory) -> None:
    _REGISTRY[name] = factory


def create_answerer(name: str, settings: Settings, embedder: Embedder, corpus: Corpus | None = None) -> Answerer:
    from rag.errors import ConfigError

    if name not in _REGISTRY:
        raise ConfigError(f"unknown answerer {name!r}; choose one of: {', '.join(sorted(_REGISTRY))}")
    return _REGISTRY[name](settings, embedder, corpus)
