"""HTML for the Gradio app: the chat transcript, the sources panel and the article viewer.

Everything taken from an article, a question or an answer goes through :func:`esc` first, so
article HTML or markdown is shown as text, never rendered as markup (no links, no images, no
scripts). Only the tags written in this module are markup.

Answers are rendered from the JSON shape of :meth:`rag.records.Answer.to_dict` (the same
object the HTTP API returns), so the page shows exactly what the API would.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from typing import Any

from rag.records import Article

CONTEXT_CHARS = 350  # article text shown before and after a quoted span
_MARKER = re.compile(r"\[(\d{1,3})\]")


def esc(text: object) -> str:
    """Escape text for HTML, also ``$`` and braces so no client-side template can expand it."""
    out = html.escape("" if text is None else str(text), quote=True)
    return out.replace("$", "&#36;").replace("{", "&#123;").replace("}", "&#125;")


def describe(title: str | None, source: str | None, date: str | None, doc_id: str) -> str:
    """``title · source · date`` as escaped HTML, with placeholders for missing fields."""
    parts = [
        f'<span class="src-title">{esc(title or doc_id)}</span>',
        f'<span class="src-source">{esc(source or "unknown source")}</span>',
        f'<span class="src-date">{esc(date or "undated")}</span>',
    ]
    return " · ".join(parts)


def cite_button(turn: int, n: int) -> str:
    return (f'<button type="button" class="cite" data-turn="{turn}" data-n="{n}" '
            f'title="Show passage {n}">[{n}]</button>')


# --- the transcript -----------------------------------------------------------------------------
def _markers(text: str, turn: int, known: set[int]) -> str:
    """Escape ``text`` and turn ``[n]`` markers of real citations into buttons."""
    def button(m: re.Match[str]) -> str:
        n = int(m.group(1))
        return cite_button(turn, n) if n in known else m.group(0)

    return _MARKER.sub(button, esc(text))


def render_answer(turn: int, answer: Mapping[str, Any]) -> str:
    """One answer: an abstention notice, or the short answer, the cited sentences, any conflict box and warnings."""
    if answer.get("abstained"):
        return (f'<div class="abstain" id="abstain-{turn}"><div class="abstain-title">Not in the corpus</div>'
                f'<div class="abstain-text">{esc(answer.get("answer", ""))}</div></div>')
    known = {int(c["n"]) for c in answer.get("citations", [])}
    sentences = answer.get("sentences") or []
    if sentences:
        # Built from sentences, not from the answer string, so a literal "[3]" inside an
        # article sentence is not mistaken for a citation marker.
        parts = []
        for s in sentences:
            cls = "sentence" if s.get("supported", True) else "sentence unsupported"
            tip = "" if s.get("supported", True) else ' title="No cited passage supports this sentence"'
            marks = "".join(cite_button(turn, int(n)) for n in s.get("citations", []) if int(n) in known)
            parts.append(f'<span class="{cls}"{tip}>{esc(s.get("text", ""))}</span>{marks}')
        body = " ".join(parts)
    else:
        body = _markers(str(answer.get("answer", "")), turn, known)
    out = []
    if answer.get("short_answer"):
        # the answer itself first, then the sentences that support it
        out.append(f'<div class="short-answer" id="short-{turn}">{esc(answer["short_answer"])}</div>')
    if answer.get("conflicts"):
        sides = " vs ".join(esc(s.get("value") or s.get("text", "")) for s in answer["conflicts"][0].get("sides", []))
        out.append(f'<div class="disagree-lead">Sources disagree: {sides}</div>')
    out.append(f'<div class="answer-text">{body}</div>')
    dropped = answer.get("dropped") or []
    if dropped:
        out.append(f'<div class="note">{len(dropped)} sentence(s) left out: '
                   'no retrieved passage supports them.</div>')
    for conflict in answer.get("conflicts") or []:
        out.append(render_conflict(turn, conflict, known))
    for w in answer.get("warnings") or []:
        if answer.get("conflicts") and str(w).startswith("Sources disagree"):
            continue  # already shown as the conflict box above
        out.append(f'<div class="note warning">{esc(w)}</div>')
    return "".join(out)


def render_conflict(turn: int, conflict: Mapping[str, Any], known: set[int]) -> str:
    sides = []
    for side in conflict.get("sides", []):
        n = int(side.get("n", 0))
        marker = cite_button(turn, n) if n in known else f"[{n}]"
        date = esc(side.get("published_at") or "undated")
        sides.append(f'<li>{marker} <span class="src-date">{date}</span>: “{esc(side.get("text", ""))}”</li>')
    title = f'Sources disagree: {esc(conflict.get("topic", ""))}'
    return f'<div class="conflict"><div class="conflict-title">{title}</div><ul>{"".join(sides)}</ul></div>'


def render_turn(turn: int, item: Mapping[str, Any]) -> str:
    q = f'<div class="msg user"><div class="bubble">{esc(item.get("question", ""))}</div></div>'
    if item.get("error"):
        body = f'<div class="error-box">{esc(item["error"])}</div>'
    elif item.get("answer") is not None:
        body = render_answer(turn, item["answer"])
    elif item.get("partial"):
        body = f'<div class="answer-text streaming">{esc(item["partial"])}<span class="cursor">▍</span></div>'
    else:
        body = '<div class="answer-text pending">Searching the articles…</div>'
    done = "done" if (item.get("answer") is not None or item.get("error")) else "pending"
    return f'{q}<div class="msg bot {done}" id="turn-{turn}" data-turn="{turn}">{body}</div>'


def render_transcript(turns: Sequence[Mapping[str, Any]]) -> str:
    """The whole chat, oldest first."""
    if not turns:
        return ('<div class="chat-empty">Ask a question about the indexed articles. Every answer cites the '
                'passages it comes from; click a [n] marker to see the passage.</div>')
    return "".join(render_turn(t, item) for t, item in enumerate(turns))


# --- the sources panel ----------------------------------------------------------------------------
def cited_spans(answer: Mapping[str, Any], citation: Mapping[str, Any]) -> list[tuple[int, int]]:
    """Article offsets of what the answer quotes from ``citation``: its sentences citing it, or a
    conflict side taken from it; the whole passage when nothing is found verbatim (a paraphrase)."""
    chunk_text, start, n = str(citation.get("text", "")), int(citation.get("start", 0)), int(citation["n"])
    quoted = [str(s.get("text", "")) for s in answer.get("sentences") or []
              if n in [int(m) for m in s.get("citations", [])]]
    quoted += [str(side.get("text", "")) for c in answer.get("conflicts") or [] for side in c.get("sides", [])
               if int(side.get("n", 0)) == n]
    spans = set()
    for text in (q.strip() for q in quoted):
        at = chunk_text.find(text) if text else -1
        if at >= 0:
            spans.add((start + at, start + at + len(text)))
    return sorted(spans) or [(start, int(citation.get("end", start + len(chunk_text))))]


def _paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = text.rfind("\n\n", 0, start)
    right = text.find("\n\n", end)
    return (0 if left < 0 else left + 2), (len(text) if right < 0 else right)


def quote_in_context(text: str, spans: Sequence[tuple[int, int]], context: int = CONTEXT_CHARS) -> str:
    """The paragraph(s) around ``spans`` with the spans in ``<mark>``, trimmed to ``context`` chars a side."""
    spans = sorted((max(0, s), min(len(text), e)) for s, e in spans if e > s)
    if not spans:
        return ""
    lo, hi = _paragraph_bounds(text, spans[0][0], spans[-1][1])
    lead, tail = "", ""
    if spans[0][0] - lo > context:
        cut = text.find(" ", spans[0][0] - context, spans[0][0])
        lo, lead = (cut + 1 if cut >= 0 else spans[0][0] - context), "… "
    if hi - spans[-1][1] > context:
        cut = text.rfind(" ", spans[-1][1], spans[-1][1] + context)
        hi, tail = (cut if cut >= 0 else spans[-1][1] + context), " …"
    return lead + highlight(text, spans, lo, hi) + tail


def highlight(text: str, spans: Sequence[tuple[int, int]], lo: int = 0, hi: int | None = None) -> str:
    """Escaped ``text[lo:hi]`` with every span (absolute offsets, sorted) wrapped in ``<mark>``."""
    hi = len(text) if hi is None else hi
    out, pos = [], lo
    for s, e in spans:
        s, e = max(s, pos), min(e, hi)
        if e <= s:
            continue
        out += [esc(text[pos:s]), f'<mark class="quote">{esc(text[s:e])}</mark>']
        pos = e
    out.append(esc(text[pos:hi]))
    return "".join(out)


def render_sources(turn: int, answer: Mapping[str, Any], articles: Mapping[str, Article | None]) -> str:
    """The source cards of one answer; ``articles`` maps doc_id to its article (for context)."""
    cards = []
    for c in answer.get("citations", []):
        n, doc_id = int(c["n"]), str(c["doc_id"])
        spans = cited_spans(answer, c)
        article = articles.get(doc_id)
        if article is not None and article.text[int(c["start"]):int(c["end"])] == c.get("text"):
            quote = quote_in_context(article.text, spans)
        else:  # the article changed since the answer: show the passage as it was retrieved
            base = int(c["start"])
            quote = highlight(str(c.get("text", "")), [(s - base, e - base) for s, e in spans])
        span_attr = f'data-start="{spans[0][0]}" data-end="{spans[-1][1]}"'
        cards.append(
            f'<details class="source-card" id="src-{turn}-{n}" data-n="{n}">'
            f'<summary><span class="src-n">[{n}]</span> '
            f'{describe(c.get("title"), c.get("source"), c.get("published_at"), doc_id)}'
            f'</summary><div class="src-quote">{quote}</div>'
            f'<button type="button" class="open-article" data-doc="{esc(doc_id)}" {span_attr}>'
            f'Open whole article</button></details>'
        )
    if not cards:
        cards.append('<div class="src-none">No passages cited.</div>')
    head = f'<div class="src-question">Sources for: {esc(answer.get("question", ""))}</div>'
    opening = f'<section class="turn-sources" data-turn="{turn}" id="sources-{turn}">'
    return f'{opening}{head}{"".join(cards)}</section>'


def render_sources_panel(turns: Sequence[Mapping[str, Any]]) -> str:
    """Source cards of every answered turn; only the latest turn's group is shown at first."""
    groups = [(t, item["sources"]) for t, item in enumerate(turns) if item.get("sources")]
    if not groups:
        return '<div class="src-empty">The passages an answer cites appear here.</div>'
    last, active = groups[-1][0], 'class="turn-sources active"'
    return "".join(part.replace('class="turn-sources"', active, 1) if t == last else part
                   for t, part in groups)


def render_article(article: Article | None, spans: Sequence[tuple[int, int]] = ()) -> str:
    """A whole article as text, with the cited spans highlighted."""
    if article is None:
        return '<div class="error-box">That article is no longer in the index.</div>'
    meta = describe(article.title, article.source, article.published_at, article.doc_id)
    url = f'<div class="art-url">{esc(article.url)}</div>' if article.url else ""
    good = [(s, e) for s, e in sorted(spans) if 0 <= s < e <= len(article.text)]
    return (f'<div class="article" data-doc="{esc(article.doc_id)}"><div class="art-head">'
            f'<button type="button" class="art-close" title="Close the article">✕ Close</button>'
            f'<div class="art-meta">{meta}</div>{url}</div>'
            f'<div class="art-text">{highlight(article.text, good)}</div></div>')
