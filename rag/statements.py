"""The statements of a passage: its sentences that are not headings or captions, with their bounds.

Read twice from the same parse: at question time, as the sentences an answer may quote
(:func:`rag.answer.passages.candidate_sentences`), and while indexing, as the sentences whose
vectors are encoded ahead of the question (:mod:`rag.sentence_vectors`). One definition keeps the
two the same texts, so a question finds the vectors of exactly the sentences it scores.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

MIN_SENTENCE_CHARS = 25
MAX_VERBLESS_CHARS = 80  # a line without a verb shorter than this is a heading or a caption


class Statement(NamedTuple):
    """One sentence of a passage, as character offsets in the passage, and its text."""

    sent: Span
    start: int
    end: int
    text: str


def statements(doc: Doc) -> list[Statement]:
    """The sentences of ``doc`` (a passage's parse) that state something, trimmed of surrounding space."""
    out: list[Statement] = []
    for sent in doc.sents:
        words = [t for t in sent if not t.is_space]
        if not words:
            continue
        s, e = words[0].idx, words[-1].idx + len(words[-1].text)
        text = doc.text[s:e]
        has_verb = any(t.pos_ in ("VERB", "AUX") for t in words)
        if len(text) < MIN_SENTENCE_CHARS or (not has_verb and len(text) < MAX_VERBLESS_CHARS):
            continue
        out.append(Statement(sent, s, e, text))
    return out
