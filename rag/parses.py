"""Passage parses made while indexing, so a question reads its passages' parses instead of parsing them.

Indexing parses every article once for its claims (:mod:`rag.claims`). The same parse, cut at
the article's chunk boundaries, is kept for each chunk: spaCy ``DocBin`` bytes (msgpack, never
pickle) in ``parses.sqlite`` in the cache directory, keyed by pipeline, extractor version,
article id, offsets and text, so a key can never name a parse of other text. Parsing the five
passages of a question was most of its retrieval time on a CPU (~100 ms); reading them back is
a few milliseconds (``docs/performance.md``).

A chunk's parse is a slice of its article's parse, so its words were read with the article
around them (a passage that starts mid-sentence keeps the article's sentence bounds and
entities). Both stores' writers keep them (the local generation writer and the Milvus writer),
and so does the Ray pipeline's driver for what its actors parsed. A passage whose parse is not
stored (written before this store existed, or cut inside a word) is parsed at question time as
before; an empty value marks a chunk that cannot be sliced, so writes do not parse its article
again.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from rag.blob_table import BlobTable, Value
from rag.claims import EXTRACTOR_VERSION
from rag.statements import statements

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from rag.nlp import TextAnalyser
    from rag.records import Chunk, SearchHit

PARSES_FILE = "parses.sqlite"
PARSES_VERSION = "passages-v2"  # v2: written with their statements' vectors (rag.sentence_vectors)
TABLE = "parses"


class PassageKey(NamedTuple):
    """What names one stored parse: the chunk's article, its offsets there, and its text."""

    doc_id: str
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, chunk: Chunk) -> PassageKey:
        return cls(chunk.doc_id, chunk.start, chunk.end, chunk.text)


class PassageParse(NamedTuple):
    """One chunk's parse as stored (``DocBin`` bytes; empty when it cannot be cut from the article's parse)
    and the texts of its statements (:mod:`rag.statements`), whose vectors indexing encodes."""

    data: bytes
    statements: tuple[str, ...]


def passage_parses(doc: Doc, spans: Sequence[tuple[int, int]]) -> list[PassageParse]:
    """The parse of each (start, end) character span of ``doc`` (an article's parse); empty bytes and no
    statements for a span whose ends fall inside a token (it is parsed on its own when asked)."""
    from spacy.tokens import DocBin

    out = []
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="strict")
        if span is None or span.text != doc.text[start:end]:
            out.append(PassageParse(b"", ()))
            continue
        passage = _without_trailing_space(span.as_doc())
        box = DocBin()
        box.add(passage)
        out.append(PassageParse(box.to_bytes(), tuple(st.text for st in statements(passage))))
    return out


_ATTRS: list[int | str] = ["ORTH", "TAG", "POS", "MORPH", "LEMMA", "HEAD", "DEP", "ENT_IOB", "ENT_TYPE"]


def _without_trailing_space(doc: Doc) -> Doc:
    """``doc`` without the space after its last word (a slice keeps it; the chunk's text does not)."""
    from spacy.tokens import Doc

    if not len(doc) or not doc[-1].whitespace_:
        return doc
    spaces = [bool(t.whitespace_) for t in doc]
    spaces[-1] = False
    out = Doc(doc.vocab, words=[t.text for t in doc], spaces=spaces)
    return out.from_array(_ATTRS, doc.to_array(_ATTRS))  # type: ignore[arg-type]  # spaCy types it as floats


def decode(data: bytes, vocab: Vocab) -> Doc:
    """The parse stored as ``data`` (from :func:`passage_parses`)."""
    from spacy.tokens import DocBin

    return next(iter(DocBin().from_bytes(data).get_docs(vocab)))


def _key(model: str, key: PassageKey) -> str:
    raw = "\0".join((PARSES_VERSION, EXTRACTOR_VERSION, model, key.doc_id, str(key.start), str(key.end), key.text))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class ParseStore:
    """The stored passage parses of one cache directory, for one spaCy pipeline (read and written while indexing)."""

    def __init__(self, path: Path, model: str) -> None:
        self.model = model
        self._table = BlobTable.open(path, TABLE)

    def has_all(self, keys: Iterable[PassageKey]) -> bool:
        """Is a parse (or the mark that there is none) stored for every one of ``keys``?"""
        hashed = [_key(self.model, k) for k in keys]
        return len(self._table.get_many(hashed)) == len(hashed)

    def put(self, rows: Iterable[tuple[PassageKey, bytes]]) -> None:
        self._table.put_many([(_key(self.model, k), data) for k, data in rows])

    def commit(self) -> None:
        self._table.commit()

    def close(self) -> None:
        self._table.close()


def read_stored(cache_dir: Path, hits: Sequence[SearchHit], analyser: TextAnalyser) -> int:
    """Put the stored parses of ``hits``' passages that ``analyser`` has not cached into its cache, so
    the answer layer reads them instead of parsing; returns how many were read. Opens the store
    read-only for this call: questions may be answered in several threads, beside a writer."""
    path = cache_dir / PARSES_FILE
    todo = {h.chunk.text: _key(analyser.model, PassageKey.of(h.chunk)) for h in hits if not analyser.has(h.chunk.text)}
    if not todo or not path.is_file():
        return 0
    try:
        # a writer commits in a moment; a question does not wait for it longer than a parse would take
        table = BlobTable.read_only(path, TABLE, timeout=0.05)
        try:
            found = table.get_many(list(todo.values()))
        finally:
            table.close()
    except sqlite3.Error:  # a store being created or unreadable: the passages are parsed instead
        return 0
    vocab = analyser.nlp.vocab
    docs = {text: doc for text, k in todo.items()
            if (data := found.get(k)) and (doc := _readable(data, vocab, text)) is not None}
    analyser.remember(docs)
    return len(docs)


def _readable(data: Value, vocab: Vocab, text: str) -> Doc | None:
    """The stored parse of ``text``, or None when the bytes are damaged or hold another text."""
    if not isinstance(data, bytes):  # a value of another type: not written by ParseStore
        return None
    try:
        doc = decode(data, vocab)
    except Exception:  # any damage to a cache file costs a parse, never the question
        return None
    return doc if doc.text == text else None
