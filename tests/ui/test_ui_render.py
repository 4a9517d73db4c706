"""HTML building: article text is always shown as text, citations and notices are rendered distinctly."""

from __future__ import annotations

from typing import Any

from rag.records import Article
from ui.render import (
    cited_spans,
    esc,
    quote_in_context,
    render_answer,
    render_article,
    render_sources,
    render_sources_panel,
    render_transcript,
)

EVIL = '<img src=x onerror="alert(1)"> [link](javascript:alert(1)) **bold** ${alert(1)} {{value}}'


def citation(n: int, text: str, start: int, doc_id: str = "d1", **meta: Any) -> dict[str, Any]:
    return {"n": n, "doc_id": doc_id, "chunk_id": f"{doc_id}:0", "title": meta.get("title"),
            "source": meta.get("source"), "published_at": meta.get("published_at"), "url": None,
            "start": start, "end": start + len(text), "text": text, "score": 0.1}


def answer(**kw: Any) -> dict[str, Any]:
    base = {"question": "q?", "answer": "", "abstained": False, "mode": "extractive", "citations": [],
            "sentences": [], "dropped": [], "conflicts": [], "warnings": [], "timings_ms": {}}
    return {**base, **kw}


def test_esc_neutralises_markup_and_template_syntax() -> None:
    out = esc(EVIL)
    for raw in ("<img", '"alert', "${", "{{"):
        assert raw not in out
    assert "&lt;img" in out


def test_answer_sentences_get_clickable_markers_but_literal_brackets_do_not() -> None:
    c = citation(1, "The plan caps the army at 600,000 troops [7].", 0)
    html = render_answer(3, answer(citations=[c], sentences=[
        {"text": "The plan caps the army at 600,000 troops [7].", "citations": [1], "supported": True}]))
    assert html.count('class="cite"') == 1
    assert 'data-turn="3" data-n="1"' in html
    assert "troops [7]." in html  # an article's own "[7]" stays text


def test_answer_text_without_sentences_falls_back_to_markers_in_text() -> None:
    html = render_answer(0, answer(answer="Kyiv said no. [1] Moscow said yes. [2] Nobody said [9].",
                                   citations=[citation(1, "a", 0), citation(2, "b", 5)]))
    assert html.count('class="cite"') == 2 and "[9]" in html


def test_abstention_is_a_distinct_notice_without_citations() -> None:
    said = "The corpus does not say. No passage mentions 'X'."
    html = render_answer(0, answer(abstained=True, answer=said))
    assert 'class="abstain"' in html and "Not in the corpus" in html
    assert "cite" not in html and "answer-text" not in html


def test_conflict_box_lists_each_side_with_its_marker() -> None:
    conflict = {"topic": "G8 vs G7", "sides": [
        {"doc_id": "a", "n": 1, "text": "rejoin the G8", "published_at": "2025-11-20"},
        {"doc_id": "b", "n": 3, "text": "readmitting Russia to the G7", "published_at": None}]}
    html = render_answer(0, answer(answer="x [1]", citations=[citation(1, "x", 0), citation(3, "y", 9)],
                                   sentences=[{"text": "x", "citations": [1]}], conflicts=[conflict]))
    assert 'class="conflict"' in html and "Sources disagree: G8 vs G7" in html
    assert 'data-n="3"' in html and "2025-11-20" in html and "undated" in html
    warned = render_answer(0, answer(answer="x [1]", citations=[citation(1, "x", 0)], conflicts=[conflict],
                                     warnings=["Sources disagree on G8 vs G7: ...", "Other note"]))
    assert "Sources disagree on" not in warned and "Other note" in warned  # not said twice


def test_unsupported_sentences_and_warnings_are_marked() -> None:
    html = render_answer(0, answer(citations=[citation(1, "a", 0)], warnings=["LLM timed out"], dropped=["z"],
                                   sentences=[{"text": "Guess.", "citations": [], "supported": False}]))
    assert "sentence unsupported" in html and "LLM timed out" in html and "1 sentence(s) left out" in html


def test_everything_from_articles_is_escaped() -> None:
    c = citation(1, EVIL, 0, title=EVIL, source=EVIL)
    a = answer(question=EVIL, answer=EVIL, citations=[c], sentences=[{"text": EVIL, "citations": [1]}])
    article = Article("d1", EVIL, title=EVIL, source=EVIL, url="javascript:alert(1)")
    turn = {"question": EVIL, "answer": a, "sources": render_sources(0, a, {"d1": article})}
    pages = [render_transcript([turn]), render_sources_panel([turn]), render_article(article, [(0, 5)]),
             render_transcript([{"question": EVIL, "partial": EVIL}]),
             render_transcript([{"question": "q", "error": EVIL}])]
    for html in pages:
        assert "<img" not in html and "${" not in html and "{{" not in html
        assert "<a " not in html and "href" not in html


def test_quote_is_highlighted_inside_its_paragraph_only() -> None:
    text = ("First paragraph about other things.\n\n"
            "Before words. The army is capped at 600,000. After words.\n\nNext.")
    start = text.index("The army")
    html = quote_in_context(text, [(start, start + len("The army is capped at 600,000."))])
    assert '<mark class="quote">The army is capped at 600,000.</mark>' in html
    assert html.startswith("Before words. ") and html.endswith(" After words.")
    assert "First paragraph" not in html and "Next." not in html


def test_long_context_is_trimmed_at_word_boundaries() -> None:
    text = "word " * 300 + "QUOTE HERE." + " tail" * 300
    s = text.index("QUOTE")
    html = quote_in_context(text, [(s, s + 11)], context=50)
    assert html.startswith("… ") and html.endswith(" …")
    assert len(html) < 200 and "<mark" in html and " wor " not in html


def test_cited_spans_find_the_sentence_or_fall_back_to_the_chunk() -> None:
    chunk = "Intro sentence here. The cited sentence. Outro."
    c = citation(2, chunk, 100)
    a = answer(sentences=[{"text": "The cited sentence.", "citations": [2]}])
    assert cited_spans(a, c) == [(121, 140)]
    paraphrased = answer(sentences=[{"text": "paraphrase", "citations": [2]}])
    assert cited_spans(paraphrased, c) == [(100, 100 + len(chunk))]
    conflict_side = answer(conflicts=[{"topic": "t", "sides": [{"n": 2, "text": "Outro."}]}])
    assert cited_spans(conflict_side, c) == [(141, 147)]


def test_source_cards_show_metadata_and_context_from_the_article() -> None:
    text = "Lead paragraph.\n\nKyiv must cut the army to 600,000 troops, the draft says. More detail follows."
    chunk_start = text.index("Kyiv")
    chunk = text[chunk_start:]
    article = Article("d1", text, title="Draft plan", source="BBC", published_at="2025-11-21")
    a = answer(citations=[citation(1, chunk, chunk_start, title="Draft plan", source="BBC",
                                   published_at="2025-11-21")],
               sentences=[{"text": "Kyiv must cut the army to 600,000 troops, the draft says.",
                           "citations": [1]}])
    html = render_sources(4, a, {"d1": article})
    assert 'id="src-4-1"' in html and "Draft plan" in html and "BBC" in html and "2025-11-21" in html
    quoted = "Kyiv must cut the army to 600,000 troops, the draft says."
    assert f'<mark class="quote">{quoted}</mark> More detail' in html
    assert 'class="open-article" data-doc="d1"' in html


def test_only_the_latest_answer_sources_are_shown_first() -> None:
    turns = [{"sources": '<section class="turn-sources" data-turn="0"></section>'}, {"error": "x"},
             {"sources": '<section class="turn-sources" data-turn="2"></section>'}]
    html = render_sources_panel(turns)
    assert html.count("turn-sources active") == 1
    assert 'class="turn-sources active" data-turn="2"' in html


def test_article_view_highlights_the_cited_span_and_ignores_bad_offsets() -> None:
    article = Article("d1", "Alpha beta gamma.", title=None)
    assert '<mark class="quote">beta</mark>' in render_article(article, [(6, 10)])
    assert "<mark" not in render_article(article, [(5, 999)])
    assert "no longer in the index" in render_article(None)
