"""Sentence-aware chunking with overlap that keeps exact character offsets.

langchain-text-splitters does the splitting (paragraphs, then lines, then sentences, then
words); we then locate every chunk in the article so ``text[start:end] == chunk.text`` holds
exactly, which citations rely on.
"""

from __future__ import annotations

from dataclasses import dataclass

from langchain_text_splitters import RecursiveCharacterTextSplitter

from rag.records import Chunk

CHUNKER_VERSION = "recursive-v1"
_SEPARATORS = ["\n\n", "\n", ". ", "? ", "! ", "; ", ", ", " ", ""]


@dataclass(frozen=True, slots=True)
class ChunkerConfig:
    size: int = 700
    overlap: int = 150

    def to_dict(self) -> dict[str, object]:
        return {"kind": CHUNKER_VERSION, "size": self.size, "overlap": self.overlap}


class Chunker:
    """Splits article text into overlapping chunks with offsets."""

    def __init__(self, config: ChunkerConfig | None = None) -> None:
        self.config = config or ChunkerConfig()
        self._splitter = RecursiveCharacterTextSplitter(
            chunk_size=self.config.size,
            chunk_overlap=self.config.overlap,
            separators=_SEPARATORS,
            keep_separator="end",
            strip_whitespace=True,
        )

    def split(self, doc_id: str, text: str) -> list[Chunk]:
        chunks: list[Chunk] = []
        cursor = 0
        for piece in self._splitter.split_text(text):
            if not piece.strip():
                continue
            # Chunks come in order and overlap, so the next one starts after the previous start.
            start = text.find(piece, cursor)
            if start < 0:
                start = text.find(piece)
            if start < 0:  # never expected: the splitter only cuts and strips
                raise AssertionError(f"chunk of {doc_id} not found in its article text")
            end = start + len(piece)
            chunks.append(Chunk(f"{doc_id}:{len(chunks):04d}", doc_id, start, end, piece))
            cursor = start + 1
        return chunks
