"""Gathering one write's articles: each doc_id once, skips reported, and which indexed articles are gone."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from rag.records import Article, Skipped


@dataclass
class Collected:
    """The articles of one write, in the order offered, and what was skipped on the way."""

    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    seen: dict[str, str] = field(default_factory=dict)  # doc_id -> the file it came from

    def offer(self, item: Article | Skipped) -> Article | None:
        """Keep ``item`` unless it is a skip or repeats a doc_id already kept; returns what was kept.

        A kept article's path is made absolute: ``--prune`` compares it with the given folders later,
        possibly from another working directory."""
        if isinstance(item, Skipped):
            self.skipped.append(item)
            return None
        if item.doc_id in self.seen:
            also = self.seen[item.doc_id]
            self.skipped.append(Skipped(item.path or item.doc_id, f"duplicate doc_id {item.doc_id!r} (also in {also})"))
            return None
        self.seen[item.doc_id] = item.path or ""
        kept = replace(item, path=str(Path(item.path).resolve())) if item.path else item
        self.articles.append(kept)
        return kept


def stale_ids(indexed: Iterable[Article], roots: Sequence[Path], seen: Iterable[str]) -> list[str]:
    """doc_ids of ``indexed`` articles that came from files under ``roots`` but are not in ``seen``."""
    keep = set(seen)
    resolved = [r.resolve() for r in roots]
    out: list[str] = []
    for old in indexed:
        if old.doc_id in keep or not old.path:
            continue
        origin = Path(old.path).resolve()
        if any(origin == r or r in origin.parents for r in resolved):
            out.append(old.doc_id)
    return out
