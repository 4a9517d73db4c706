"""Find places where passages from different articles state different values for one thing.

Rule: two relevant sentences from different articles conflict when they talk about the same
thing (similar embeddings or several shared content words) and each states a value of the
same kind next to the same word, but the values differ. Values are numbers with their unit or
the noun that follows them ("600,000 troops" vs "800,000 troops") and labels made of letters
and a number ("G7" vs "G8").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from rag.answer.base import Candidate
from rag.answer.text import content_stems
from rag.records import Citation, Conflict, ConflictSide

_LABEL = re.compile(r"\b([A-Z]{1,3})(\d{1,2})(?!\d)")  # no trailing \b: scraped text glues words
_NUM_WITH_NOUN = re.compile(r"(?<![\w.])([$€£]?\d[\d,.]*\s?(?:%|bn|billion|million|thousand)?)\s+([a-z]{3,})")
MIN_SIMILARITY = 0.55
MIN_SHARED_STEMS = 3


def _values(text: str) -> dict[str, set[str]]:
    """Values by slot: ``label:G`` -> {"G7"}, ``num:troops`` -> {"600,000"}."""
    out: dict[str, set[str]] = {}
    for m in _LABEL.finditer(text):
        out.setdefault(f"label:{m.group(1)}", set()).add(m.group(0))
    for m in _NUM_WITH_NOUN.finditer(text):
        value = m.group(1).replace(",", "").rstrip(".")
        if re.fullmatch(r"(19|20)\d\d", value):  # years are dates, not quantities
            continue
        out.setdefault(f"num:{m.group(2).rstrip('s')}", set()).add(value)
    return out


def find_conflicts(
    candidates: Sequence[Candidate], vectors: np.ndarray, citations: dict[str, Citation]
) -> list[Conflict]:
    """Conflicts among ``candidates`` (rows of ``vectors`` are their normalised embeddings)."""
    found: list[Conflict] = []
    seen: set[tuple[str, ...]] = set()
    vals = [_values(c.text) for c in candidates]
    stems = [set(content_stems(c.text)) for c in candidates]
    for i, a in enumerate(candidates):
        for j in range(i + 1, len(candidates)):
            b = candidates[j]
            if a.hit.chunk.doc_id == b.hit.chunk.doc_id:
                continue
            related = float(vectors[i] @ vectors[j]) >= MIN_SIMILARITY or len(stems[i] & stems[j]) >= MIN_SHARED_STEMS
            if not related:
                continue
            for slot in vals[i].keys() & vals[j].keys():
                va, vb = vals[i][slot], vals[j][slot]
                if va & vb:
                    continue
                key = (slot, *sorted(va | vb))
                if key in seen:
                    continue
                seen.add(key)
                noun = slot.split(":", 1)[1]
                label = noun if slot.startswith("num:") else ""
                topic = f"{' / '.join(sorted(va))} vs {' / '.join(sorted(vb))} {label}".strip()
                sides = tuple(
                    ConflictSide(c.hit.chunk.doc_id, citations[c.hit.chunk.id].n, c.text, c.hit.published_at)
                    for c in (a, b)
                    if c.hit.chunk.id in citations
                )
                if len(sides) == 2:
                    found.append(Conflict(topic=topic, sides=sides))
    return found
