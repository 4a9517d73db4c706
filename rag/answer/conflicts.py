"""Find places where passages from different articles state different values for one thing.

Works without an LLM. Rule: two sentences from different articles conflict when they talk
about the same thing (similar embeddings or several shared content words) and each states a
value in the same *slot*, but the values differ. Slots are:

* a number with the noun after it ("600,000 troops" vs "800,000 troops"),
* a label of letters and a number ("G7" vs "G8"),
* who controls something ("joint control" vs "Russian control").

Besides the retrieved passages, every slot in the answer is cross-checked against the whole
index (``probe``), so a disagreeing article is found even when retrieval ranked it low.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from embeddings import Embedder
from rag.answer.text import content_stems, split_sentences
from rag.records import Answer, Citation, Conflict, ConflictSide, SearchHit

_LABEL = re.compile(r"\b([A-Z]{1,3})(\d{1,2})(?!\d)")  # no trailing \b: scraped text glues words
# Starts only where no digit group ends and takes its digits possessively: linear time.
_NUM_WITH_NOUN = re.compile(
    r"(?<![\w.])(?<![\d,.],)([$€£]?\d[\d,.]*+\s?(?:%|bn|billion|million|thousand)?)\s+([a-z]{3,})"
)
_CONTROL = re.compile(r"\b(?:under\s+)?(?:a\s+kind\s+of\s+)?(\w+)\s+control\b", re.IGNORECASE)
_CONTROL_IGNORE = {"under", "its", "their", "his", "her", "our", "economic", "military", "full", "total", "in", "of",
                   "the", "a", "and", "to", "lose", "losing", "gain", "take", "took", "taken", "remain", "remains"}
MIN_SIMILARITY = 0.55
MIN_SHARED_STEMS = 3

Probe = Callable[[str], Sequence[SearchHit]]  # slot -> chunks anywhere in the index that may fill it


@dataclass(frozen=True, slots=True)
class Claim:
    hit: SearchHit
    text: str
    values: dict[str, frozenset[str]]


def slot_values(text: str) -> dict[str, frozenset[str]]:
    """Values by slot: ``label:G`` -> {"G7"}, ``num:troop`` -> {"600000"}, ``control`` -> {"joint"}."""
    out: dict[str, set[str]] = {}
    for m in _LABEL.finditer(text):
        out.setdefault(f"label:{m.group(1)}", set()).add(m.group(0))
    for m in _NUM_WITH_NOUN.finditer(text):
        value = m.group(1).replace(",", "").rstrip(".")
        if re.fullmatch(r"(19|20)\d\d", value):  # years are dates, not quantities
            continue
        out.setdefault(f"num:{m.group(2).rstrip('s')}", set()).add(value)
    for m in _CONTROL.finditer(text):
        word = m.group(1).lower()
        if word not in _CONTROL_IGNORE:
            out.setdefault("control", set()).add(word)
    return {k: frozenset(v) for k, v in out.items()}


def probe_pattern(slot: str) -> str | None:
    """A SQL GLOB pattern that finds chunks which may fill ``slot``."""
    kind, _, arg = slot.partition(":")
    if kind == "label":
        return f"*{arg}[0-9]*"
    if kind == "num":
        return f"*[0-9]*{arg}*"
    if kind == "control":
        return "*control*"
    return None


def _claims(hit: SearchHit) -> list[Claim]:
    out = []
    for s, e in split_sentences(hit.chunk.text):
        text = hit.chunk.text[s:e]
        values = slot_values(text)
        if values:
            out.append(Claim(hit, text, values))
    return out


def find_conflicts(
    answer_claims: Sequence[Claim], others: Sequence[Claim], embedder: Embedder
) -> list[tuple[Claim, Claim, str]]:
    """Pairs (answer claim, other claim, slot) that disagree."""
    if not answer_claims or not others:
        return []
    texts = [c.text for c in answer_claims] + [c.text for c in others]
    vecs = embedder.embed_documents(texts)
    a_vecs, o_vecs = vecs[: len(answer_claims)], vecs[len(answer_claims) :]
    sims = a_vecs @ o_vecs.T if len(others) else np.zeros((len(answer_claims), 0))
    out: list[tuple[Claim, Claim, str]] = []
    seen: set[tuple[str, frozenset[str]]] = set()
    for i, a in enumerate(answer_claims):
        a_stems = set(content_stems(a.text))
        for j, b in enumerate(others):
            if b.hit.chunk.doc_id == a.hit.chunk.doc_id:
                continue
            shared = len(a_stems & set(content_stems(b.text)))
            if float(sims[i, j]) < MIN_SIMILARITY and shared < MIN_SHARED_STEMS:
                continue
            for slot in a.values.keys() & b.values.keys():
                va, vb = a.values[slot], b.values[slot]
                if va & vb:
                    continue
                key = (slot, va | vb)
                if key not in seen:
                    seen.add(key)
                    out.append((a, b, slot))
    return out


def _topic(slot: str, a: Claim, b: Claim) -> str:
    va, vb = " / ".join(sorted(a.values[slot])), " / ".join(sorted(b.values[slot]))
    kind, _, arg = slot.partition(":")
    if kind == "num":
        return f"number of {arg}s: {va} vs {vb}"
    if kind == "control":
        return f"who has control: {va} vs {vb}"
    return f"{va} vs {vb}"


def add_conflicts(
    answer: Answer, hits: Sequence[SearchHit], embedder: Embedder, probe: Probe | None = None
) -> Answer:
    """Return ``answer`` with conflicts between its cited sentences and other articles added.

    Conflicting passages not yet cited get the next citation numbers; the answer text gains a
    sentence naming both sides with their citations and dates.
    """
    if answer.abstained or not answer.sentences:
        return answer
    by_n = {c.n: c for c in answer.citations}
    answer_claims: list[Claim] = []
    for s in answer.sentences:
        for n in s.citations:
            if n in by_n:
                values = slot_values(s.text)
                if values:
                    answer_claims.append(Claim(by_n[n].hit, s.text, values))
    if not answer_claims:
        return answer
    pool: dict[str, SearchHit] = {h.chunk.id: h for h in hits}
    if probe is not None:
        for slot in {slot for c in answer_claims for slot in c.values}:
            for h in probe(slot):
                pool.setdefault(h.chunk.id, h)
    others = [c for h in pool.values() for c in _claims(h)]
    pairs = find_conflicts(answer_claims, others, embedder)
    if not pairs:
        return answer
    citations = {c.hit.chunk.id: c for c in answer.citations}
    conflicts: list[Conflict] = []
    for a, b, slot in pairs:
        for claim in (a, b):
            if claim.hit.chunk.id not in citations:
                citations[claim.hit.chunk.id] = Citation(len(citations) + 1, claim.hit)
        sides = tuple(
            ConflictSide(c.hit.chunk.doc_id, citations[c.hit.chunk.id].n, c.text, c.hit.published_at) for c in (a, b)
        )
        conflicts.append(Conflict(topic=_topic(slot, a, b), sides=sides))
    notes = []
    for c in conflicts:
        parts = [f"[{s.n}]{f' ({s.published_at})' if s.published_at else ''} says “{s.text}”" for s in c.sides]
        notes.append(f"Sources disagree on {c.topic}: " + "; ".join(parts))
    summary = " ".join(
        f"Sources disagree ({c.topic}): " + " vs ".join(f"[{s.n}]" for s in c.sides) + "." for c in conflicts
    )
    return replace(
        answer,
        answer=f"{answer.answer} {summary}",
        citations=tuple(sorted(citations.values(), key=lambda c: c.n)),
        conflicts=tuple(conflicts),
        warnings=(*answer.warnings, *notes),
    )
