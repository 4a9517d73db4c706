"""Making text safe to show: terminal control characters escaped, credentials cut out of URLs."""

from __future__ import annotations

import re
from typing import Any, TextIO
from urllib.parse import urlsplit, urlunsplit

# C0 controls but tab and newline, DEL, C1 controls, and the bidi embeddings, overrides and
# isolates that reorder what follows them. A terminal acts on these: "ESC ] 0; ... BEL" in an
# article title retitles it, "ESC [ 2J" clears it, U+202E shows the rest of a line reversed.
_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# A scheme starts only where no scheme character precedes, so "a.a.a..." is one attempt (linear).
_URL_IN_TEXT = re.compile(r"(?<![A-Za-z0-9+.\-])[A-Za-z][A-Za-z0-9+.\-]*+://[^\s'\"<>]+")


def escape_controls(text: str) -> str:
    r"""``text`` with every character a terminal would act on written as ``\uXXXX``.

    The escape is visible, so nothing disappears silently, and it is also a JSON string escape:
    JSON passed through stays valid and decodes to the same text.
    """
    return _TERMINAL_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class EscapingWriter:
    """A text stream that passes everything written to it through :func:`escape_controls`.

    The CLI prints article text, titles, sources and ids from files it did not write; wrapping
    stdout once covers every print, including ones added later.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(escape_controls(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, encoding, ...: the wrapped stream's
        return getattr(self._stream, name)


def redact_url(url: str) -> str:
    """``url`` without user name, password, query string or fragment, which may carry secrets.

    ``http://alice:s3cret@llm.lan:8080/v1?key=k`` -> ``http://llm.lan:8080/v1``.
    """
    try:
        parts = urlsplit(url.strip())
        host, port = parts.hostname, parts.port
    except ValueError:  # not a URL we can take apart: show none of it
        return "(unparseable URL)"
    if not parts.scheme or host is None:
        return url if "@" not in url and "?" not in url else "(unparseable URL)"
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def redact_urls(text: str) -> str:
    """Every URL in ``text`` (an error message, a log line) put through :func:`redact_url`."""
    return _URL_IN_TEXT.sub(lambda m: redact_url(m.group()), text)
