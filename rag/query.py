"""The query record: what the user asked and how, validated once and passed everywhere."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from rag.errors import UsageError

# Questions are sentences, not documents: a longer one is a mistake (or an attack) and would
# make retrieval and answering slow for nothing.
MAX_QUERY_CHARS = 2000
MAX_K = 100
MAX_SOURCE_CHARS = 200


@dataclass(frozen=True, slots=True)
class Filters:
    """Restrictions applied inside retrieval: source substring and inclusive date range."""

    source: str | None = None
    since: str | None = None
    until: str | None = None

    @property
    def active(self) -> bool:
        return bool(self.source or self.since or self.until)


def parse_date(value: str | None, name: str) -> str | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise UsageError(f"--{name} must be a date like 2025-11-23, got {value!r}") from None


def make_filters(source: str | None = None, since: str | None = None, until: str | None = None) -> Filters:
    """Validated filters; a bad date, a reversed range or an over-long source is a usage error."""
    source = (source or "").strip() or None
    if source is not None and len(source) > MAX_SOURCE_CHARS:
        raise UsageError(f"--source is {len(source):,} characters long; the limit is {MAX_SOURCE_CHARS}")
    f = Filters(source=source, since=parse_date(since, "since"), until=parse_date(until, "until"))
    if f.since and f.until and f.since > f.until:
        raise UsageError(f"--since {f.since} is after --until {f.until}")
    return f


def check_text(text: str, what: str = "question") -> str:
    """The stripped text; empty or over-long text is a usage error."""
    if not text or not text.strip():
        raise UsageError(f"the {what} is empty")
    if len(text) > MAX_QUERY_CHARS:
        raise UsageError(f"the {what} is {len(text):,} characters long; the limit is {MAX_QUERY_CHARS:,}")
    return text.strip()


@dataclass(frozen=True, slots=True)
class Query:
    """A question or search: its text, how many passages to use, filters and the answer mode.

    Build it with :meth:`create`, which validates everything once; stages take it as it is.
    """

    text: str
    k: int
    filters: Filters = field(default_factory=Filters)
    mode: str | None = None  # answerer name; None = the configured default

    @classmethod
    def create(
        cls,
        text: str,
        k: int,
        *,
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
        mode: str | None = None,
        what: str = "question",
    ) -> Query:
        if not 1 <= k <= MAX_K:
            raise UsageError(f"k must be between 1 and {MAX_K}, got {k}")
        return cls(check_text(text, what), k, make_filters(source, since, until), mode)
