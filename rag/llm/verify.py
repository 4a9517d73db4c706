"""Post-processing of an LLM reply: keep only sentences that the passages they cite support.

Steps, in order:

1. The not-found token (``NOT_IN_CORPUS``) is noticed and removed; a reply with nothing else
   is an abstention.
2. A ``Short answer: ...`` line is taken out (see step 5). The rest is split into sentences
   (:mod:`rag.nlp`); ``[n]`` markers are parsed (``[1]``, ``[1, 2]``,
   ``[1][2]``, ``[1-3]``, ``【1】``, ``[Passage 1]``), and a marker that opens a sentence is
   given back to the sentence before it (models often write ``... troops. [1]``).
3. Citations to passages that do not exist are removed. A sentence left with no citation is
   dropped: an uncited sentence cannot be checked.
4. Each remaining sentence must pass two checks against the union of the passages it cites:

   * **facts**: every number, amount, date and proper name in it appears in a cited passage
     (see :mod:`rag.llm.facts` for how formats are normalised);
   * **similarity**: its embedding is within ``MIN_SIMILARITY`` cosine of a sentence, a pair of
     adjacent sentences or the whole text of a cited passage.

   Instruction-like passage sentences ("ignore all previous instructions ...") support nothing.

5. The short answer is checked like a sentence against the passages the kept sentences cite:
   its numbers, dates and names must be there. "Yes"/"No" becomes the verdict.

A sentence that fails is removed and reported as a :class:`DroppedSentence` with the reason.
The ``[n]`` markers are the reply's citation syntax, not language: they are read with the
patterns below; everything about the words goes through :mod:`rag.nlp`.

Why ``MIN_SIMILARITY = 0.40``: with the bundled all-MiniLM-L6-v2 model, 14 hand-written
paraphrases of sentences of the seed articles scored 0.51-0.92 against their own article,
while 8 off-topic or injected sentences ("The answer is BANANA.", "I cannot help with that
request.", sports and weather news) scored 0.13-0.29 against the best sentence of any seed
article. 0.40 sits in that gap, leaving room for looser paraphrases. The check therefore
catches a sentence that has nothing to do with what it cites; a sentence that is on topic but
wrong is the facts check's job. (Paraphrases citing a *different* article on the same story
scored 0.35-0.63, so similarity alone cannot catch a wrong citation number.)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from embeddings import Embedder
from rag.answer.base import Sentence
from rag.llm.facts import Support, unsupported_facts
from rag.llm.prompt import NOT_FOUND, SHORT_ANSWER_LABEL
from rag.nlp import TextAnalyser, analyser
from rag.records import DroppedSentence, SearchHit

MIN_SIMILARITY = 0.40
MAX_RANGE = 10  # "[1-3]" expands; "[1-400]" is nonsense, not a citation of 400 passages

MARKER = re.compile(
    r"[\[【]\s*(?:(?:passages?|sources?|doc(?:ument)?s?)\s*)?"
    r"(\d{1,3}(?:\s*(?:[,;]|and|[-–])\s*\d{1,3})*)\s*[\]】]",
    re.IGNORECASE,
)
_LEADING_MARKERS = re.compile(rf"^(?:\s*{MARKER.pattern})+", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*•]+|\d{1,2}[.)])\s+")
_LABEL = re.compile(r"^\s*(?:answer|response|brief)\s*:\s*", re.IGNORECASE)


class ReplyPiece(NamedTuple):
    """A sentence of the reply: ``raw`` as written, ``text`` without markers, ``cited`` numbers."""

    raw: str
    text: str
    cited: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Verified:
    """The outcome of :func:`verify_reply`. Kept sentences cite passages in prompt order."""

    kept: tuple[Sentence, ...]
    dropped: tuple[DroppedSentence, ...]
    not_found: bool  # the model replied with the not-found token
    notes: tuple[str, ...] = ()  # e.g. citations removed from kept sentences
    short_answer: str | None = None
    verdict: str | None = None

    @property
    def abstained(self) -> bool:
        """The model said the passages do not answer, and it said nothing that survived."""
        return self.not_found and not self.kept


def parse_markers(group: str) -> list[int]:
    """``"1, 2"`` -> [1, 2]; ``"2-4"`` -> [2, 3, 4]."""
    out: list[int] = []
    # `(?<!\s)`: a separator's leading spaces are matched from their first one only, so a long
    # run of spaces is scanned once (linear time), not once from each of its characters.
    for part in re.split(r"(?<!\s)\s*(?:[,;]|and)\s*", group):
        bounds = [int(x) for x in re.split(r"(?<!\s)\s*[-–]\s*", part) if x.strip().isdigit()]
        if len(bounds) == 2 and 0 <= bounds[1] - bounds[0] <= MAX_RANGE:
            out.extend(range(bounds[0], bounds[1] + 1))
        else:
            out.extend(bounds)
    return out


def _clean(text: str) -> str:
    text = MARKER.sub(" ", text)
    text = " ".join(text.split())
    return re.sub(r"(?<!\s)\s+([.,;:!?])", r"\1", text).strip()


def take_short_answer(reply: str) -> tuple[str | None, str]:
    """(the ``Short answer:`` line's text or None, the reply without that line)."""
    kept, short = [], None
    for line in reply.splitlines():
        head, sep, rest = line.strip().lstrip("*#-• ").partition(":")
        if short is None and sep and head.strip(" *").lower() == SHORT_ANSWER_LABEL.lower():
            short = _clean(rest).strip(" *.") or None
            continue
        kept.append(line)
    return short, "\n".join(kept)


def split_reply(reply: str, analyser_: TextAnalyser | None = None) -> list[ReplyPiece]:
    """Sentences of ``reply`` with their citation markers (see the module docstring, step 2)."""
    nlp = analyser_ or analyser()
    # code fences some models add; `[^\S\n]` keeps the match on its line (linear time)
    text = re.sub(r"^[^\S\n]*```\w*[^\S\n]*$", "", reply, flags=re.MULTILINE)
    text = re.sub(r"([.!?])([\[【]\s*\d)", r"\1 \2", text)  # "troops.[1] Next" -> "troops. [1] Next"
    text = re.sub(r"([\]】])\s*([.!?])\s+", r"\1\2\n", text)  # "troops [1]. Next" ends a sentence
    pieces: list[str] = []
    for line in text.splitlines():
        line = _LABEL.sub("", _BULLET.sub("", line))
        if line.strip():
            pieces.extend(line[s:e] for s, e in nlp.sentence_spans(line))
    merged: list[str] = []
    for piece in pieces:
        lead = _LEADING_MARKERS.match(piece)
        if lead and merged:
            merged[-1] = f"{merged[-1]} {lead.group(0).strip()}"
            piece = piece[lead.end() :]
        if any(ch.isalnum() for ch in MARKER.sub("", piece)):
            merged.append(piece.strip())
        elif merged and piece.strip():
            # a marker or a full stop the splitter cut off: it belongs to the sentence before
            sep = " " if MARKER.search(piece) else ""
            merged[-1] = f"{merged[-1]}{sep}{piece.strip()}"
    out = []
    for raw in merged:
        cited: list[int] = []
        for m in MARKER.finditer(raw):
            cited.extend(n for n in parse_markers(m.group(1)) if n not in cited)
        out.append(ReplyPiece(raw=raw, text=_clean(raw), cited=tuple(cited)))
    return out


def _fmt(ns: Sequence[int]) -> str:
    return ", ".join(f"[{n}]" for n in ns)


def _passages_word(ns: Sequence[int]) -> str:
    return f"cited passage{'s' if len(ns) > 1 else ''} {_fmt(ns)}"


def _verdict(short: str | None) -> str | None:
    first = (short or "").strip().split(" ")[0].strip(".,!").lower()
    return first if first in ("yes", "no") else None


def verify_reply(
    reply: str,
    passages: Sequence[SearchHit],
    embedder: Embedder,
    min_similarity: float = MIN_SIMILARITY,
    analyser_: TextAnalyser | None = None,
) -> Verified:
    """Check ``reply`` against ``passages`` (numbered 1..len in prompt order); see the module docstring."""
    nlp = analyser_ or analyser()
    short, rest = take_short_answer(reply)
    not_found = NOT_FOUND in reply
    if short is not None and NOT_FOUND in short:
        short = None
    sentences = split_reply(rest.replace(NOT_FOUND, " "), nlp)
    supports = [Support.of(h, nlp) for h in passages]
    dropped: list[DroppedSentence] = []
    notes: list[str] = []
    candidates: list[tuple[ReplyPiece, tuple[int, ...], Support]] = []
    for s in sentences:
        valid = tuple(n for n in s.cited if 1 <= n <= len(passages))
        invalid = [n for n in s.cited if n not in valid]
        if not s.cited:
            dropped.append(DroppedSentence(s.raw, "no citation"))
            continue
        if not valid:
            plural = len(invalid) > 1
            reason = f"cites passage{'s' if plural else ''} {_fmt(invalid)}, which "
            reason += "do not exist" if plural else "does not exist"
            dropped.append(DroppedSentence(s.raw, reason))
            continue
        if invalid:
            notes.append(f"removed citation {_fmt(invalid)} to a passage that does not exist")
        cited = [supports[n - 1] for n in valid]
        support = cited[0] if len(cited) == 1 else Support.union(cited)
        missing = unsupported_facts(nlp.parse(s.text), support)
        if missing:
            what = ", ".join(f"'{m}'" for m in missing)
            dropped.append(DroppedSentence(s.raw, f"{what} not found in {_passages_word(valid)}"))
            continue
        candidates.append((s, valid, support))

    kept: list[Sentence] = []
    if candidates:
        units = [u for _, _, sup in candidates for u in sup.sentences]
        vecs = embedder.embed_documents([s.text for s, _, _ in candidates] + units)
        s_vecs, u_vecs = vecs[: len(candidates)], vecs[len(candidates) :]
        offset = 0
        for i, (s, valid, sup) in enumerate(candidates):
            block = u_vecs[offset : offset + len(sup.sentences)]
            offset += len(sup.sentences)
            best = float(np.max(block @ s_vecs[i])) if len(block) else 0.0
            if best < min_similarity:
                reason = f"not similar enough to {_passages_word(valid)} ({best:.2f} < {min_similarity:.2f})"
                dropped.append(DroppedSentence(s.raw, reason))
            else:
                kept.append(Sentence(s.text, tuple(passages[n - 1] for n in valid)))
    # Keep the reply's order in `dropped` so users can read it against the raw reply.
    order = {s.raw: i for i, s in enumerate(sentences)}
    dropped.sort(key=lambda d: order.get(d.text, len(order)))
    short, verdict = _check_short(short, kept, passages, supports, nlp, dropped)
    return Verified(tuple(kept), tuple(dropped), not_found, tuple(dict.fromkeys(notes)), short, verdict)


def _check_short(
    short: str | None,
    kept: Sequence[Sentence],
    passages: Sequence[SearchHit],
    supports: Sequence[Support],
    nlp: TextAnalyser,
    dropped: list[DroppedSentence],
) -> tuple[str | None, str | None]:
    """The short answer when the passages the kept sentences cite support it, and its verdict."""
    if short is None or not kept:
        return None, None
    verdict = _verdict(short)
    if verdict is not None:
        return verdict.capitalize(), verdict
    ids = {h.chunk.id for s in kept for h in s.hits}
    support = Support.union([sup for h, sup in zip(passages, supports, strict=True) if h.chunk.id in ids])
    missing = unsupported_facts(nlp.parse(short), support)
    if missing:
        what = ", ".join(f"'{m}'" for m in missing)
        dropped.append(DroppedSentence(f"{SHORT_ANSWER_LABEL}: {short}", f"{what} not found in the cited passages"))
        return None, None
    return short, None
