"""Milvus boolean filter expressions built from user values, every value escaped.

A source name or doc_id goes into an expression only through :func:`quote` (a string literal)
or :func:`contains` (a ``like`` pattern whose wildcards are escaped too), so a source called
``bbc" or source_lc like "%`` is matched as that text and cannot widen a filter or a delete.
"""

from __future__ import annotations

from collections.abc import Iterable

from rag.query import Filters

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def quote(value: str) -> str:
    """``value`` as a double-quoted Milvus string literal (backslash, quote and control characters escaped)."""
    return '"' + "".join(_ESCAPES.get(ch, ch) if ch in _ESCAPES or ch >= " " else " " for ch in value) + '"'


def contains(field: str, value: str) -> str:
    """``field`` contains ``value`` as a substring (``like`` with ``%`` and ``_`` taken literally)."""
    pattern = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"{field} like {quote('%' + pattern + '%')}"


def one_of(field: str, values: Iterable[str]) -> str:
    """``field`` equals one of ``values`` (strings)."""
    return f"{field} in [{', '.join(quote(v) for v in values)}]"


def filter_expr(filters: Filters, source: str | None = None) -> str:
    """The chunk filter for ``filters`` (``source`` replaces ``filters.source``); "" when none applies.

    Matches the local store's SQL: case-insensitive source substring (on a lower-cased copy of the
    source), inclusive ISO dates, and undated articles excluded by any date bound.
    """
    parts = []
    wanted = source if source is not None else filters.source
    if wanted:
        parts.append(contains("source_lc", wanted.lower()))
    if filters.since or filters.until:
        parts.append('published_at != ""')
    if filters.since:
        parts.append(f"published_at >= {quote(filters.since)}")
    if filters.until:
        parts.append(f"published_at <= {quote(filters.until)}")
    return " and ".join(parts)
