"""End to end in Debian's Chromium: ask a seed question, follow a citation, upload an article, ask about it.

Runs against a real uvicorn server on 127.0.0.1 serving an index of the five seed articles built
with the real bundled embedding model. Screenshots go to pytest's tmp dir; set
``NEWSRAG_DOCS_SCREENSHOT=docs/ui.png`` to also refresh the README screenshot.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from rag import Index, seeds_dir
from rag.records import Answer
from rag.settings import Settings
from ui.app import create_server

CHROMIUM = Path("/usr/bin/chromium")
SEED_QUESTION = "How large would Ukraine's army be under the peace plan?"
TIMEOUT_MS = 30_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed at /usr/bin/chromium "
                       "(apt-get install chromium; .ci/run does this)"),
]

VARGA = """Mayor Ilse Varga opens new library in Kelburn

Ilse Varga, the mayor of the small town of Kelburn, opened a new public library on Tuesday. Varga said \
the library cost 4.2 million euros and will stay open until 10 pm on weekdays.

Protesters wrote <img src=x onerror="window.__xss=1"> and **shame** on posters outside the town hall, \
but the mayor said the building was finished on time and under budget.

SOURCE: Kelburn Courier
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, serve: Any,
           shared_exports: Callable[[Path], Path]) -> Iterator[Any]:
    root = tmp_path_factory.mktemp("ui-browser")
    with pytest.MonkeyPatch.context() as mp:  # no developer RAG_* settings or rag.toml leak in
        for name in [n for n in os.environ if n.startswith("RAG_")]:
            mp.delenv(name)
        mp.chdir(root)
        # the real bundled model
        index = Index(Settings(index_dir=root / "index", cache_dir=shared_exports(root / "cache")))
        assert len(index.add([seeds_dir()]).added) == 5
        app = create_server(index)
        app.state.service.warm_up()
        with serve(app) as served:
            yield served


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import expect, sync_playwright

    # assertions wait as long as actions (their own default is 5 s), once for every page
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                              args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, server: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1360, "height": 860})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.set_default_timeout(TIMEOUT_MS)
    pg.goto(server.url + "/")
    pg.wait_for_selector("#question textarea")
    yield pg
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def ask(page: Any, question: str) -> Any:
    """Type ``question``, send it with Enter, and return the finished answer element."""
    done = page.locator("#chat .msg.bot.done")
    before = done.count()
    page.fill("#question textarea", question)
    page.press("#question textarea", "Enter")
    page.wait_for_function(f"document.querySelectorAll('#chat .msg.bot.done').length > {before}")
    return done.nth(before)


def test_seed_question_answer_citation_and_article(page: Any, server: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    expected: Answer = server.server.config.app.state.service.ask(SEED_QUESTION)
    assert not expected.abstained and expected.sentences, "the seed question should be answerable"
    # Record whether a partly streamed answer was ever on screen.
    page.evaluate("""() => {
        window.__sawStreaming = false;
        new MutationObserver(() => {
          if (document.querySelector('#chat .streaming')) window.__sawStreaming = true;
        }).observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
    }""")
    answer = ask(page, SEED_QUESTION)
    assert page.evaluate("window.__sawStreaming") is True
    expect(answer.locator(".abstain")).to_have_count(0)
    for sentence in expected.sentences:
        expect(answer).to_contain_text(sentence.text)
    marker = answer.locator("button.cite").first
    expect(marker).to_have_text("[1]")
    page.screenshot(path=str(tmp_path / "1-answer.png"))

    marker.click()
    card = page.locator(".source-card.selected")
    expect(card).to_have_attribute("id", "src-0-1")
    quote = card.locator("mark.quote").first
    expect(quote).to_be_visible()
    cited = next(s.text for s in expected.sentences if 1 in s.citations)
    expect(quote).to_have_text(cited)
    first = expected.citations[0].hit
    expect(card.locator("summary")).to_contain_text(first.title or first.chunk.doc_id)
    page.screenshot(path=str(tmp_path / "2-citation.png"))
    target = os.environ.get("NEWSRAG_DOCS_SCREENSHOT")
    if target:
        page.screenshot(path=target, clip={"x": 0, "y": 0, "width": 1360, "height": 500})

    card.locator("button.open-article").click()
    article = page.locator("#article-view .article")
    expect(article).to_be_visible()
    expect(article.locator("mark.quote")).to_have_text(cited)
    assert len(article.inner_text()) > len(first.chunk.text)  # the whole article, not just the passage

    notice = ask(page, "What did Wang Yi say about the peace plan?").locator(".abstain")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Not in the corpus")
    page.screenshot(path=str(tmp_path / "3-abstention.png"), full_page=True)


def test_uploaded_article_is_cited(page: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    upload = tmp_path / "ilse_varga.txt"
    upload.write_text(VARGA, encoding="utf-8")
    page.get_by_role("tab", name="Corpus").click()
    page.set_input_files("#upload input[type=file]", str(upload))
    # Gradio shows a file's stem and extension apart: the list's text may read "ilse_varga .txt"
    expect(page.locator("#upload")).to_contain_text(re.compile(r"ilse_varga\s*\.txt"))
    page.click("#index-btn")
    expect(page.locator("#index-status")).to_contain_text("Added: ilse_varga", timeout=60_000)
    expect(page.locator("#docs-table")).to_contain_text("Kelburn Courier")
    page.screenshot(path=str(tmp_path / "4-corpus.png"), full_page=True)

    page.get_by_role("tab", name="Ask").click()
    answer = ask(page, "Who is the mayor of Kelburn?")
    expect(answer).to_contain_text("Ilse Varga")
    answer.locator("button.cite").first.click()
    card = page.locator(".source-card.selected")
    expect(card.locator("summary")).to_contain_text("Mayor Ilse Varga opens new library in Kelburn")
    expect(card.locator("summary")).to_contain_text("Kelburn Courier")
    expect(card.locator("mark.quote").first).to_contain_text("Ilse Varga")

    card.locator("button.open-article").click()
    article = page.locator("#article-view .article")
    # The <img> tag is stripped at ingest (rag.ingest.cleaner.strip_markup); markdown stays literal text.
    expect(article).to_contain_text("and **shame** on posters")
    expect(article).not_to_contain_text("onerror")
    assert article.locator("img, strong, b, a").count() == 0  # article markup is shown as text
    assert page.evaluate("window.__xss") is None
    page.screenshot(path=str(tmp_path / "5-uploaded.png"))
