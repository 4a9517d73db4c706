"""Sentence-aware chunking with overlap that keeps exact character offsets.

The splitting rules are those of langchain-text-splitters' ``RecursiveCharacterTextSplitter``
(paragraphs, then lines, then sentences, then words, then characters; separators kept at the
end of a piece; pieces merged up to ``size`` with up to ``overlap`` characters shared; chunks
stripped of surrounding whitespace). We run the same algorithm on ``(start, end)`` spans of
the article instead of on copies of the text, so every chunk knows where it came from and
``text[start:end] == chunk.text`` holds exactly, which citations rely on. (Searching for each
chunk's text afterwards is ambiguous when an article repeats itself: an earlier copy can match
and leave later text in no chunk.) ``tests/test_chunking.py`` checks that the chunk texts are
identical to langchain's output.
"""

from __future__ import annotations

from dataclasses import dataclass

from rag.records import Chunk

CHUNKER_VERSION = "recursive-v1"
_SEPARATORS = ["\n\n", "\n", ". ", "? ", "! ", "; ", ", ", " ", ""]

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class ChunkerConfig:
    size: int = 500
    overlap: int = 100

    def to_dict(self) -> dict[str, object]:
        return {"kind": CHUNKER_VERSION, "size": self.size, "overlap": self.overlap}


class Chunker:
    """Splits article text into overlapping chunks with offsets."""

    def __init__(self, config: ChunkerConfig | None = None) -> None:
        self.config = config or ChunkerConfig()
        if not 0 <= self.config.overlap < self.config.size:
            raise ValueError("chunk overlap must be at least 0 and smaller than the chunk size")

    def split(self, doc_id: str, text: str) -> list[Chunk]:
        spans = self.spans(text)
        return [Chunk(f"{doc_id}:{i:04d}", doc_id, s, e, text[s:e]) for i, (s, e) in enumerate(spans)]

    def spans(self, text: str) -> list[Span]:
        """``(start, end)`` of every chunk, in order; chunks never start or end with whitespace."""
        return self._split(text, 0, len(text), _SEPARATORS)

    # The two methods below mirror RecursiveCharacterTextSplitter._split_text and
    # TextSplitter._merge_splits (keep_separator="end", strip_whitespace=True, length=len).
    def _split(self, text: str, lo: int, hi: int, separators: list[str]) -> list[Span]:
        segment = text[lo:hi]
        separator, rest = separators[-1], []
        for i, sep in enumerate(separators):
            if not sep:
                separator = sep
                break
            if sep in segment:
                separator, rest = sep, separators[i + 1 :]
                break

        splits: list[Span] = []
        if separator:
            start, j = 0, segment.find(separator)
            while j != -1:
                end = j + len(separator)
                splits.append((lo + start, lo + end))
                start, j = end, segment.find(separator, end)
            if start < len(segment):
                splits.append((lo + start, hi))
        else:
            splits = [(p, p + 1) for p in range(lo, hi)]

        out: list[Span] = []
        good: list[Span] = []
        for s, e in splits:
            if e - s < self.config.size:
                good.append((s, e))
                continue
            if good:
                out += self._merge(text, good)
                good = []
            if not rest:
                stripped = _strip(text, s, e)
                if stripped:
                    out.append(stripped)
            else:
                out += self._split(text, s, e, rest)
        if good:
            out += self._merge(text, good)
        return out

    def _merge(self, text: str, splits: list[Span]) -> list[Span]:
        size, overlap = self.config.size, self.config.overlap
        docs: list[Span] = []
        current: list[Span] = []
        total = 0
        for s, e in splits:
            n = e - s
            if total + n > size and current:
                doc = _strip(text, current[0][0], current[-1][1])
                if doc:
                    docs.append(doc)
                while total > overlap or (total + n > size and total > 0):
                    total -= current[0][1] - current[0][0]
                    current = current[1:]
            current.append((s, e))
            total += n
        if current:
            doc = _strip(text, current[0][0], current[-1][1])
            if doc:
                docs.append(doc)
        return docs


def _strip(text: str, start: int, end: int) -> Span | None:
    """The span of ``text[start:end].strip()``, or None when that is empty."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
