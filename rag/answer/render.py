"""The one place an answer's text and JSON are built: from a :class:`Draft` and the disagreements found.

Citations are numbered 1..m in order of first use: the answer's sentences first, then the sides
of any disagreement. The text is, in order: "Sources disagree: X [1] vs Y [2]." for each
disagreement, the verdict ("Yes."/"No.") of a yes/no question, then the sentences, each followed
by its ``[n]`` markers. An abstention is "The corpus does not say." and the reason.
"""

from __future__ import annotations

from collections.abc import Sequence

from rag.answer.base import ABSTAIN_TEXT, Draft
from rag.answer.conflicts import Disagreement
from rag.records import Answer, AnswerSentence, Citation, Conflict, ConflictSide, SearchHit


class _Numbering:
    def __init__(self) -> None:
        self.by_chunk: dict[str, Citation] = {}

    def __call__(self, hit: SearchHit) -> int:
        if hit.chunk.id not in self.by_chunk:
            self.by_chunk[hit.chunk.id] = Citation(len(self.by_chunk) + 1, hit)
        return self.by_chunk[hit.chunk.id].n


def render_sentences(sentences: Sequence[AnswerSentence]) -> str:
    """Each sentence followed by its ``[n]`` markers."""
    return " ".join(f"{s.text} " + "".join(f"[{n}]" for n in s.citations) for s in sentences)


def render(question: str, draft: Draft, disagreements: Sequence[Disagreement] = ()) -> Answer:
    """The :class:`Answer` for ``draft`` (text, citations, sentences, conflicts, warnings)."""
    if draft.abstained:
        return Answer(
            question=question, answer=f"{ABSTAIN_TEXT} {draft.reason}".strip(), abstained=True, mode=draft.mode,
            citations=(), warnings=tuple(w for w in (draft.reason, *draft.warnings) if w), dropped=draft.dropped,
            timings_ms=dict(draft.timings_ms), reply=draft.reply,
        )
    number = _Numbering()
    sentences = tuple(
        AnswerSentence(s.text, tuple(dict.fromkeys(number(h) for h in s.hits)), s.supported) for s in draft.sentences
    )
    conflicts = []
    for d in disagreements:
        sides = tuple(
            ConflictSide(c.doc_id, number(h), c.sentence, h.published_at, c.value) for c, h in d.sides
        )
        conflicts.append(Conflict(topic=d.topic, sides=sides))
    lead = [
        "Sources disagree: " + " vs ".join(f"{s.value} [{s.n}]" for s in c.sides) + "." for c in conflicts
    ]
    if draft.verdict:
        lead.append(f"{draft.verdict.capitalize()}.")
    text = " ".join([*lead, render_sentences(sentences)]).strip()
    notes = [
        f"Sources disagree ({c.topic}): "
        + "; ".join(f"[{s.n}]{f' ({s.published_at})' if s.published_at else ''} says “{s.value}”" for s in c.sides)
        for c in conflicts
    ]
    return Answer(
        question=question,
        answer=text,
        abstained=False,
        mode=draft.mode,
        citations=tuple(sorted(number.by_chunk.values(), key=lambda c: c.n)),
        sentences=sentences,
        conflicts=tuple(conflicts),
        warnings=(*draft.warnings, *notes),
        dropped=draft.dropped,
        timings_ms=dict(draft.timings_ms),
        short_answer=draft.short_answer,
        verdict=draft.verdict,
        reply=draft.reply,
    )
