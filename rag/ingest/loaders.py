"""Turn files into :class:`~rag.records.Article` records, skipping bad input with a reason.

Supported: ``.txt``/``.md`` (cleaned by :mod:`rag.ingest.cleaner`), ``.html``/``.htm``
(trafilatura for body and metadata, htmldate for the date) and ``.jsonl`` corpora with one
``{"id", "text", "title"?, "source"?, "published_at"?, "url"?}`` object per line.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from rag.ingest.cleaner import clean_article, normalise_whitespace
from rag.records import Article, Skipped

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
MIN_BODY_CHARS = 20
MAX_ID_CHARS = 255  # what most file systems allow for a file name
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class LoadResult:
    articles: list[Article]
    skipped: list[Skipped]


def content_hash(text: str, title: str | None, source: str | None, date: str | None, url: str | None) -> str:
    payload = json.dumps([text, title, source, date, url], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def normalise_date(value: object) -> str | None:
    """Reduce an ISO date or datetime (or anything containing YYYY-MM-DD) to ``YYYY-MM-DD``."""
    if value is None or value == "":
        return None
    s = str(value).strip()
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        m = _DATE.search(s)
        return m.group(0) if m else None


def make_article(
    doc_id: str,
    text: str,
    *,
    title: str | None = None,
    source: str | None = None,
    published_at: object = None,
    url: str | None = None,
    path: str | None = None,
) -> Article:
    date = normalise_date(published_at)
    return Article(
        doc_id=doc_id,
        text=text,
        title=title or None,
        source=source or None,
        published_at=date,
        url=url or None,
        path=path,
        content_hash=content_hash(text, title or None, source or None, date, url or None),
    )


def unsafe_name(name: str, what: str = "file name") -> str | None:
    """Why a file name (or another article id) is refused, or None.

    Such names become doc_ids printed in terminals and pages: an escape sequence or a
    right-to-left override in one could rewrite what the user sees. Ids are also kept to the
    length a file name can have.
    """
    for ch in name:
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp"):
            return f"{what} contains a control or invisible character (U+{ord(ch):04X})"
    if len(name) > MAX_ID_CHARS:
        return f"{what} is {len(name):,} characters long; the limit is {MAX_ID_CHARS}"
    return None


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[Skipped]]:
    """Expand folders recursively (hidden entries ignored) into a sorted list of files."""
    files: list[Path] = []
    skipped: list[Skipped] = []
    for path in paths:
        if path.is_dir():
            root = path.resolve()
            for f in sorted(path.rglob("*")):
                rel = f.relative_to(path)
                if any(part.startswith(".") for part in rel.parts) or not f.is_file():
                    continue
                if f.is_symlink() or any(p.is_symlink() for p in f.parents if path in p.parents):
                    # a link may point anywhere (/etc/passwd, another user's files): only follow
                    # links that stay inside the folder the user asked us to index
                    try:
                        target = f.resolve(strict=True)
                    except (OSError, RuntimeError):
                        skipped.append(Skipped(str(f), "broken or looping symlink"))
                        continue
                    if root != target and root not in target.parents:
                        skipped.append(Skipped(str(f), "symlink outside the corpus folder"))
                        continue
                bad_name = unsafe_name(f.name)
                if bad_name:
                    skipped.append(Skipped(repr(str(f)), bad_name))
                elif f.suffix.lower() in SUPPORTED:
                    files.append(f)
                else:
                    skipped.append(Skipped(str(f), f"unsupported file type {f.suffix or '(none)'}"))
        elif path.is_file():
            bad_name = unsafe_name(path.name)
            if bad_name:
                skipped.append(Skipped(repr(str(path)), bad_name))
            elif path.suffix.lower() in SUPPORTED:
                files.append(path)
            else:
                skipped.append(Skipped(str(path), f"unsupported file type {path.suffix or '(none)'}"))
        else:
            skipped.append(Skipped(str(path), "no such file or folder"))
    return files, skipped


def _read_text(path: Path, max_bytes: int) -> str:
    """Read a file as UTF-8 text; raise ValueError with the skip reason."""
    size = path.stat().st_size
    if size > max_bytes:
        raise ValueError(f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB limit")
    data = path.read_bytes()
    if not data.strip():
        raise ValueError("empty file")
    if b"\x00" in data[:8192]:
        raise ValueError("binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not valid UTF-8 text (byte {exc.start})") from None


def _load_text(path: Path, raw: str) -> Article:
    title = None
    if path.suffix.lower() in {".md", ".markdown"}:
        m = re.search(r"^#\s+(.+)$", raw, re.MULTILINE)
        title = m.group(1).strip() if m else None
        raw = re.sub(r"^#{1,6}\s+", "", raw, flags=re.MULTILINE)
    cleaned = clean_article(raw, title=title)
    return make_article(
        path.stem,
        cleaned.text,
        title=cleaned.title,
        source=cleaned.source,
        published_at=cleaned.published_at,
        path=str(path),
    )


def _load_html(path: Path, raw: str) -> Article:
    import htmldate
    import trafilatura

    doc: Any  # a trafilatura Document (a dict only with as_dict=True)
    try:
        doc = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False)
    except (RecursionError, MemoryError):
        raise ValueError("the HTML is nested too deeply to parse") from None
    except Exception as exc:  # lxml/trafilatura fail in many ways on hostile markup
        raise ValueError(f"the HTML cannot be parsed ({type(exc).__name__})") from None
    if doc is None or not (doc.text or "").strip():
        raise ValueError("no article text found in the HTML")
    try:
        date = htmldate.find_date(raw, outputformat="%Y-%m-%d") or doc.date
    except Exception:  # htmldate can trip on odd markup; the date is optional
        date = doc.date
    cleaned = clean_article(doc.text, title=doc.title)
    return make_article(
        path.stem,
        cleaned.text,
        title=doc.title,
        source=doc.sitename or doc.hostname or cleaned.source,
        published_at=date or cleaned.published_at,
        url=_safe_url(doc.url),
        path=str(path),
    )


def _safe_url(value: object) -> str | None:
    """An article URL is metadata shown as text; only plain web addresses are kept (no javascript:)."""
    if isinstance(value, str) and re.match(r"https?://[^\s<>\"']+$", value.strip(), re.IGNORECASE):
        return value.strip()
    return None


def _iter_jsonl(path: Path, raw: str) -> Iterator[Article | Skipped]:
    for lineno, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skipped(where, f"malformed JSON line ({exc.msg})")
            continue
        except RecursionError:
            yield Skipped(where, "JSON line is nested too deeply")
            continue
        if not isinstance(row, dict):
            yield Skipped(where, "JSON line is not an object")
            continue
        doc_id, text = row.get("id"), row.get("text")
        if not isinstance(doc_id, str | int) or str(doc_id).strip() == "":
            yield Skipped(where, "missing 'id'")
            continue
        bad_id = unsafe_name(str(doc_id), "'id'")  # ids are checked like the file names they replace
        if bad_id:
            yield Skipped(where, bad_id)
            continue
        if not isinstance(text, str) or not text.strip():
            yield Skipped(where, f"article {doc_id}: missing or empty 'text'")
            continue
        title = row.get("title") if isinstance(row.get("title"), str) else None
        cleaned = clean_article(text, title=title, detect_title=False)
        if len(cleaned.text) < MIN_BODY_CHARS:
            yield Skipped(where, f"article {doc_id}: no body text after removing page chrome")
            continue
        yield make_article(
            str(doc_id),
            cleaned.text,
            title=title,
            source=row.get("source") if isinstance(row.get("source"), str) else cleaned.source,
            published_at=row.get("published_at") or cleaned.published_at,
            url=_safe_url(row.get("url")),
            path=str(path),
        )


def load_files(files: Iterable[Path], max_bytes: int) -> Iterator[Article | Skipped]:
    """Yield an Article or a Skipped record for every file (every line, for JSONL)."""
    for path in files:
        try:
            raw = _read_text(path, max_bytes)
            suffix = path.suffix.lower()
            if suffix in JSONL_SUFFIXES:
                yield from _iter_jsonl(path, raw)
                continue
            article = _load_html(path, raw) if suffix in HTML_SUFFIXES else _load_text(path, raw)
        except ValueError as exc:
            yield Skipped(str(path), str(exc))
            continue
        except OSError as exc:
            yield Skipped(str(path), f"cannot read: {exc.strerror or exc}")
            continue
        if len(normalise_whitespace(article.text)) < MIN_BODY_CHARS:
            yield Skipped(str(path), "no body text after removing page chrome")
            continue
        yield article
