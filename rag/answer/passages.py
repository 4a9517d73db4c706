"""The retrieved passages read as statements: their sentences with offsets in their articles, and their text
with the metadata a question may name (title, source, the publication date as said in words)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from spacy.tokens import Span

from rag.answer.base import Sentence
from rag.nlp import TextAnalyser, norm_text
from rag.records import SearchHit
from rag.statements import statements


def candidate_sentences(hits: Sequence[SearchHit], analyser: TextAnalyser) -> tuple[list[Sentence], list[Span]]:
    """The statements of the retrieved passages (no headings, each once), with offsets in their articles."""
    docs = analyser.parse_many([h.chunk.text for h in hits])
    out: list[Sentence] = []
    spans: list[Span] = []
    seen: set[str] = set()
    for hit, doc in zip(hits, docs, strict=True):
        for st in statements(doc):
            key = norm_text(st.text)
            if key in seen:
                continue
            seen.add(key)
            out.append(Sentence(st.text, (hit,), hit.chunk.start + st.start, hit.chunk.start + st.end))
            spans.append(st.sent)
    return out, spans


def spoken_date(iso: str | None) -> str:
    """ "2023-10-22" -> "2023-10-22 October 22 2023", so a date named in a question meets metadata."""
    try:
        d = date.fromisoformat((iso or "")[:10])
    except ValueError:
        return ""
    return f"{d.isoformat()} {d:%B} {d.day} {d.year}"


def passage_text(hit: SearchHit) -> str:
    """A passage with its title, source and spoken publication date: names may live in the metadata."""
    return f"{hit.title or ''} {hit.source or ''} {spoken_date(hit.published_at)} {hit.chunk.text}"
