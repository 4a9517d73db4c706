"""Clean page chrome out of plain-text articles and pull the metadata the text states.

Rules work on whole lines so body text is never cut mid-paragraph:

* a line that is only chrome ("Advertisement", "Read the original article here", comment-form
  and subscribe lines) is dropped wherever it appears;
* a *block marker* ("Related articles", "Popular", "Editor's choice", "Add a Comment", ...) on a
  line of its own starts trailing page furniture, so everything from it on is dropped, but only
  once some body text has been seen;
* metadata lines ("SOURCE: BBC", "Source: X", "date 2025-11-23", a trailing agency signature
  such as "MNA") are removed from the body and returned as fields;
* a short first line without closing punctuation is the title; lines that only repeat the title
  are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Every pattern here runs in time linear in its input (tests/reliability/test_regex_linear.py):
# `.*+` and `\s*+` are possessive, so a line that almost matches is not re-scanned from every
# split point, and `(?>...)` commits to the first "privacy policy" instead of trying each one.
_CHROME_LINE = re.compile(
    r"^(?:"
    r"read (?:the )?(?:original|full) (?:article|story)(?: here)?|"
    r"advertisement|sponsored(?: content)?|"
    r"add a comment|leave a (?:reply|comment)|post a comment|"
    r"your email address will not be published.*+|required fields are marked.*+|"
    r"keep up to date.*+|subscribe(?: now| to .*+)?|sign up (?:for|to) (?>.*?newsletter).*+|"
    r"by pressing the subscribe button.*+|"
    # consent / footer lines about the privacy policy, but not body sentences that mention one
    r"by (?:subscribing|signing up|registering|clicking|continuing)\b"
    r"(?>[^.!?]*?(?:privacy (?:policy|notice)|terms of (?:use|service)))[^.!?]*+\.?|"
    r"(?:(?:read|see|view|review) )?(?:our |the )?"
    r"(?:(?:terms of (?:use|service)|cookie policy)\s*+[|&·•,]\s*+)?"
    r"privacy (?:policy|notice)(?:\s*+(?:and|&|[|·•,])\s*+(?:terms of (?:use|service)|cookie policy))?\.?|"
    r"share (?:this|on) .*+|follow us on .*+|click here.*+|all rights reserved.*+|©.*+|copyright ©.*+|"
    r"\(click the image to read [^\n]*\)"
    r")\s*+$",
    re.IGNORECASE,
)
_BLOCK_MARKER = re.compile(
    r"^(?:related(?: articles| stories| news| posts)?|popular(?: now| posts)?|most (?:read|popular)|"
    r"editor'?s'? choice|editors'? picks?|you may also like|more from .{1,40}+|recommended(?: for you)?|"
    r"read more|read next|trending(?: now)?|comments?|add a comment|leave a reply)\s*+:?\s*+$",
    re.IGNORECASE,
)
# The source is 1-120 characters that start and end with a non-space, so trailing spaces are
# scanned once, not once per possible source length.
_SOURCE_LINE = re.compile(r"^\s*+source\s*+:\s*+(?P<source>\S(?:.{0,118}\S)?)\s*+$", re.IGNORECASE)
_LEADING_DATE = re.compile(
    r"^\s*+(?:date|published(?: on)?|posted(?: on)?|updated)\s*+[:\-]?\s*+(?P<date>\d{4}-\d{2}-\d{2})\b[ \t]*",
    re.IGNORECASE,
)
_AGENCY_SIGNATURE = re.compile(r"^(?P<agency>[A-Z]{2,6}(?:/[A-Z]{2,6})?)\s*$")
# Chrome lines are short; a long line that happens to match is body text and is kept.
_MAX_CHROME_LEN = 250
_MIN_BODY_BEFORE_BLOCK = 200


@dataclass(frozen=True, slots=True)
class Cleaned:
    text: str
    title: str | None
    source: str | None
    published_at: str | None


def _is_title_candidate(line: str) -> bool:
    return 3 <= len(line) <= 200 and not re.search(r"[.!?:;,]$", line) and len(line.split()) >= 2


def _is_furniture(line: str) -> bool:
    return len(line) <= _MAX_CHROME_LEN and bool(
        _CHROME_LINE.match(line) or _BLOCK_MARKER.match(line) or _SOURCE_LINE.match(line)
    )


def _only_repeats(line: str, title: str) -> bool:
    return bool(line) and not line.replace(title, "").strip(" \t-–—|:")


# Linear time (tests/reliability/test_regex_linear.py): an attempt either fails before the next
# place a match could start or matches, so nothing is scanned twice. Before, 40,000 "<iframe"
# took 10.8 s and 24 KB of "[" 6.7 s, each start scanning to the end of the text or line.
# - A script-like opening tag with no ">" after it runs to the end of the text, as an
#   unterminated tag does in HTML.
# - Link text stops at the next bracket (nested brackets never formed a link here); a link
#   target runs to ")" or, unterminated, to the end of the line.
_SCRIPT_BLOCK = re.compile(r"<(script|style|iframe|object|embed|noscript)\b[^>]*+(?:>.*?(?:</\1\s*+>|$)|$)",
                           re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(r"<!--.*?(?:-->|$)|</?[A-Za-z!?][^<>]*+>", re.DOTALL)
_MD_IMAGE = re.compile(r"!\[[^\[\]\n]*+\]\([^)\n]*+(?:\)|(?=\n)|\Z)")
_MD_LINK = re.compile(r"\[([^\[\]\n]*+)\]\([^)\n]*+(?:\)|(?=\n)|\Z)")
_URL = re.compile(
    r"(?:(?:https?|ftp|file)://([^\s/?#<>()\[\]\"'\\]*)|\b(?:javascript|vbscript|data):(?=\S))[^\s<>()\[\]\"']*",
    re.IGNORECASE,
)


def _strip_once(text: str) -> str:
    if "<" in text:
        text = _SCRIPT_BLOCK.sub(" ", text)
        text = _HTML_TAG.sub(" ", text)
    if "](" in text:
        text = _MD_IMAGE.sub(" ", text)
        text = _MD_LINK.sub(r"\1", text)
    if ":" in text:
        text = _URL.sub(lambda m: m.group(1) or "", text)
    return text


def strip_markup(text: str) -> str:
    """Remove markup an article could use to make an answer render something active.

    Script/style blocks and HTML tags are dropped, markdown images removed, markdown links
    reduced to their text and bare URLs to their host name, so an answer quoting a sentence
    verbatim can never carry a link, an image or a tag from an article. Repeated until nothing
    changes, since removing one construct can join the pieces of another ("[<](x)b>").
    """
    for _ in range(8):
        stripped = _strip_once(text)
        if stripped == text:
            break
        text = stripped
    return text


def normalise_whitespace(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\ufeff", "")
    lines = [ln.rstrip() for ln in text.split("\n")]
    out = "\n".join(lines).strip()
    return re.sub(r"\n{3,}", "\n\n", out)


def clean_article(raw: str, title: str | None = None, detect_title: bool = True) -> Cleaned:
    """Return the clean body and metadata of a plain-text article.

    ``title`` (e.g. from a JSONL field) wins over a detected title line.
    """
    text = normalise_whitespace(strip_markup(raw))
    published_at = None
    m = _LEADING_DATE.match(text)
    if m:
        published_at = m.group("date")
        text = text[m.end() :].lstrip()

    lines = text.split("\n")
    source: str | None = None
    if title is None and detect_title:
        # the first line that is not page chrome ("Sponsored content", "Popular", ...)
        first = next((ln.strip() for ln in lines if ln.strip() and not _is_furniture(ln.strip())), "")
        if _is_title_candidate(first):
            title = first

    kept: list[str] = []
    body_chars = 0
    for line in lines:
        stripped = line.strip()
        if not stripped:
            kept.append("")
            continue
        if title and _only_repeats(stripped, title):
            continue
        if len(stripped) <= _MAX_CHROME_LEN:
            if _BLOCK_MARKER.match(stripped):
                if body_chars >= _MIN_BODY_BEFORE_BLOCK:
                    break
                continue
            if _CHROME_LINE.match(stripped):
                continue
            sm = _SOURCE_LINE.match(stripped)
            if sm and source is None:
                source = sm.group("source").strip().rstrip(".")
                continue
        kept.append(line)
        body_chars += len(stripped)

    while kept and not kept[-1].strip():
        kept.pop()
    if kept:
        am = _AGENCY_SIGNATURE.match(kept[-1].strip())
        if am and len(kept) > 1:
            if source is None:
                source = am.group("agency")
            kept.pop()
    body = normalise_whitespace("\n".join(kept))
    return Cleaned(text=body, title=title, source=source, published_at=published_at)
