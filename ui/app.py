"""The Gradio app (Ask, Corpus, Evals tabs) mounted on the JSON API, and ``launch()`` for `rag ui`.

All work happens in the library (through :class:`~ui.service.IndexService`); this module only
lays out components and wires events. Element ids (``elem_id``) are stable: the browser tests
and the docs rely on them.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import gradio as gr
from fastapi import FastAPI

from rag.errors import ConfigError
from rag.index import Index
from ui.api import create_api
from ui.assets import ARTICLE_JS, CHAT_JS, CSS, SOURCES_JS
from ui.chat import ask_turns
from ui.corpus import (
    ALLOWED_SUFFIXES,
    DOC_COLUMNS,
    document_rows,
    index_uploads,
    metric_headers,
    remove_document,
    report_html,
    run_seed_eval,
    upload_problem,
)
from ui.render import render_article, render_sources_panel, render_transcript
from ui.security import UPLOAD_ROUTE, allowed_hosts, hosts_from_env, install_host_guards, is_loopback
from ui.service import IndexService, default_answerer, llm_available

DEFAULT_MAX_UPLOAD_MB = 10
MAX_FILES_PER_UPLOAD = 20  # an upload request may carry up to this many full-size files
PRIVATE = "private"  # hide the app's internal events from Gradio's own API page: /api/* is the API


def _progress_fn(progress: gr.Progress, desc: str) -> Any:
    def update(done: int, total: int) -> None:
        progress((done, max(total, 1)), desc=desc)

    return update


def accept_only_uploads(files: gr.File, max_bytes: int) -> None:
    """Make ``files`` take only files uploaded to this server, checked before Gradio copies them.

    An event names its files by path (or URL), and Gradio copies (or downloads) each into its
    cache before the handler runs. Its own check that the path is an upload only runs in apps
    started with ``launch()``: mounted with ``gr.mount_gradio_app``, ``blocks.has_launched``
    stays False and a crafted request had ``/usr/lib/python3.11/LICENSE.txt`` copied, served and
    indexed (``/dev/zero`` tied up a worker). So :func:`~ui.corpus.upload_problem` runs where the
    copy starts. The component's methods are wrapped rather than subclassed: Gradio writes a
    ``.pyi`` stub next to the source of every component subclass.
    """
    folder = Path(files.GRADIO_CACHE)
    copy, async_copy = files.move_resource_to_block_cache, files.async_move_resource_to_block_cache

    def refuse_foreign(path: str | Path | None) -> None:
        problem = upload_problem(path, folder, max_bytes) if path is not None else None
        if problem:
            raise gr.Error(problem)

    def guarded(path: str | Path | None) -> str | None:
        refuse_foreign(path)
        return copy(path)

    async def async_guarded(path: str | Path | None) -> str | None:
        refuse_foreign(path)
        return await async_copy(path)

    files.move_resource_to_block_cache = guarded  # type: ignore[method-assign]
    files.async_move_resource_to_block_cache = async_guarded  # type: ignore[method-assign]


def create_app(index: Index | IndexService, *, max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB) -> gr.Blocks:
    """Build the Gradio Blocks app over ``index`` (pass the API's :class:`IndexService` to share it)."""
    service = index if isinstance(index, IndexService) else IndexService(index)
    settings = service.settings
    max_bytes = int(max_upload_mb * 1_000_000)
    answerers = ["extractive", "llm"] if llm_available(settings) else ["extractive"]
    start_answerer = default_answerer(settings) if default_answerer(settings) in answerers else "extractive"

    # Uploads are deleted once indexed; this also clears, after a day, any that never were.
    with gr.Blocks(title="newsrag", analytics_enabled=False, delete_cache=(3600, 86400)) as demo:
        gr.HTML('<div class="app-title">newsrag <span>answers from your news articles, with cited passages'
                '</span></div>', elem_id="app-title")
        with gr.Tabs(elem_id="tabs"):
            with gr.Tab("Ask", id="ask", elem_id="tab-ask"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3):
                        chat = gr.HTML(render_transcript([]), elem_id="chat", js_on_load=CHAT_JS,
                                       autoscroll=True, max_height=640, min_height=200)
                        with gr.Row(equal_height=True):
                            question = gr.Textbox(show_label=False, placeholder="Ask a question",
                                                  max_length=1000, lines=1, scale=6, elem_id="question")
                            ask_btn = gr.Button("Ask", variant="primary", size="md", scale=1, min_width=80,
                                                elem_id="ask-btn")
                            clear_btn = gr.Button("New chat", size="md", scale=1, min_width=80,
                                                  elem_id="clear-btn")
                        with gr.Accordion("Filters and settings", open=False, elem_id="filters"):
                            with gr.Row():
                                source = gr.Dropdown(label="Source contains", choices=[""], value="",
                                                     allow_custom_value=True, elem_id="filter-source")
                                since = gr.Textbox(label="Published since", placeholder="YYYY-MM-DD",
                                                   max_length=10, elem_id="filter-since")
                                until = gr.Textbox(label="Published until", placeholder="YYYY-MM-DD",
                                                   max_length=10, elem_id="filter-until")
                            with gr.Row():
                                k = gr.Slider(1, 20, value=min(settings.top_k, 20), step=1,
                                              label="Passages to retrieve", elem_id="filter-k")
                                answerer = gr.Radio(answerers, value=start_answerer, label="Answerer",
                                                    elem_id="filter-answerer")
                    with gr.Column(scale=2):
                        sources = gr.HTML(render_sources_panel([]), elem_id="sources", js_on_load=SOURCES_JS,
                                          max_height=520)
                        article = gr.HTML("", elem_id="article-view", js_on_load=ARTICLE_JS, max_height=520)
                history = gr.State([])

            with gr.Tab("Corpus", id="corpus", elem_id="tab-corpus"):
                gr.Markdown(f"Upload articles ({', '.join(ALLOWED_SUFFIXES)}; up to {max_upload_mb:g} MB "
                            "each). A file named like an indexed article replaces it.")
                upload = gr.File(label="Article files", file_count="multiple", type="filepath",
                                 file_types=list(ALLOWED_SUFFIXES), elem_id="upload")
                accept_only_uploads(upload, max_bytes)
                index_btn = gr.Button("Add to index", variant="primary", elem_id="index-btn")
                status = gr.HTML("", elem_id="index-status")
                docs = gr.Dataframe(headers=DOC_COLUMNS, value=[], interactive=False, wrap=True,
                                    datatype=["str", "str", "str", "str", "number", "number"],
                                    column_widths=["20%", "36%", "20%", "10%", "7%", "7%"],
                                    show_search="search", elem_id="docs-table")
                with gr.Row(equal_height=True):
                    remove_choice = gr.Dropdown(label="Article to remove", choices=[], scale=4,
                                                elem_id="remove-doc")
                    remove_btn = gr.Button("Remove article", variant="stop", size="md", scale=1,
                                           elem_id="remove-btn")

            with gr.Tab("Evals", id="evals", elem_id="tab-evals"):
                gr.Markdown("Runs the seed question set (`evals/seed.jsonl`) against a fresh index of the "
                            "seed articles, like `rag eval`. Takes a minute.")
                eval_btn = gr.Button("Run seed eval", variant="primary", elem_id="eval-btn")
                eval_summary = gr.HTML("", elem_id="eval-summary")
                metrics = gr.Dataframe(value=[], headers=["metric", "all"], interactive=False, visible=False,
                                       elem_id="eval-metrics")
                chart = gr.Image(label="Metrics", type="pil", interactive=False, visible=False,
                                 elem_id="eval-chart")
                failed = gr.HTML("", elem_id="eval-failed")

        # --- events ------------------------------------------------------------------------------
        def on_ask(q: str, turns: list[dict[str, Any]], src: str, frm: str, to: str, kk: float, ans: str,
                   ) -> Any:
            if not (q or "").strip():
                yield gr.skip(), gr.skip(), gr.skip(), gr.skip()
                return
            updates = ask_turns(service, q, turns, k=int(kk), source=src, since=frm, until=to, answerer=ans)
            for updated in updates:
                yield render_transcript(updated), render_sources_panel(updated), updated, ""

        ask_inputs = [question, history, source, since, until, k, answerer]
        ask_outputs = [chat, sources, history, question]
        # The transcript shows its own "Searching…" state; a small timer tells a queued user to wait.
        for trigger in (ask_btn.click, question.submit):
            trigger(on_ask, ask_inputs, ask_outputs, show_progress="minimal", show_progress_on=chat,
                    api_visibility=PRIVATE)
        clear_btn.click(lambda: (render_transcript([]), render_sources_panel([]), [], ""), None,
                        [chat, sources, history, article], api_visibility=PRIVATE)

        def on_open(evt: gr.EventData) -> str:
            # The browser sends doc_id/start/end (see SOURCES_JS); treat them as untrusted input.
            try:
                span = [(int(getattr(evt, "start", 0)), int(getattr(evt, "end", 0)))]
            except (TypeError, ValueError):
                span = []
            return render_article(service.article(str(getattr(evt, "doc_id", ""))[:300]), span)

        sources.open_article(on_open, None, article, api_visibility=PRIVATE)

        def corpus_views(message: str | None = None) -> tuple[Any, ...]:
            rows = document_rows(service)
            ids = [r[0] for r in rows]
            names = sorted({r[2] for r in rows if r[2]})
            return (
                message if message is not None else gr.skip(),
                rows,
                gr.update(choices=ids, value=None),
                gr.update(choices=["", *names]),
            )

        corpus_outputs = [status, docs, remove_choice, source]

        def on_index(files: list[str] | None, progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:
            progress(0, desc="Reading files")
            embedding = _progress_fn(progress, "Embedding passages")
            message = index_uploads(service, files or [], max_bytes, Path(upload.GRADIO_CACHE), embedding)
            return (*corpus_views(message), None)

        index_btn.click(on_index, upload, [*corpus_outputs, upload], show_progress_on=status,
                        api_visibility=PRIVATE)
        remove_btn.click(lambda doc: corpus_views(remove_document(service, doc)), remove_choice,
                         corpus_outputs, api_visibility=PRIVATE)
        demo.load(lambda: corpus_views(), None, corpus_outputs, api_visibility=PRIVATE)

        def on_eval(progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:
            progress(0, desc="Indexing the seed articles")
            try:
                result = run_seed_eval(service, _progress_fn(progress, "Questions"))
            except Exception as exc:  # shown on the page; the eval is optional tooling
                return report_html(None, [f"the eval: {exc}"]), gr.skip(), gr.skip(), gr.skip()
            run = result["run"]
            summary = (f'<div class="status">{run["n"]} questions, k={run["k"]}, '
                       f'answer accuracy {run["metrics"].get("answer_accuracy")}</div>')
            table = gr.update(value=result["rows"], headers=metric_headers(run), visible=True)
            return summary, table, gr.update(value=result["chart"], visible=True), result["failed"]

        eval_btn.click(on_eval, None, [eval_summary, metrics, chart, failed], concurrency_limit=1,
                       show_progress_on=eval_summary, api_visibility=PRIVATE)
    return demo


def auth_from_env() -> tuple[str, str] | None:
    """``(RAG_UI_USER, RAG_UI_PASSWORD)`` when both are set; one without the other is an error."""
    user, password = os.environ.get("RAG_UI_USER", ""), os.environ.get("RAG_UI_PASSWORD", "")
    if bool(user) != bool(password):
        raise ConfigError("set both RAG_UI_USER and RAG_UI_PASSWORD to require a login, or neither")
    return (user, password) if user else None


def create_server(
    index: Index,
    *,
    auth: tuple[str, str] | None = None,
    max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB,
    concurrency: int = 2,
    queue_size: int = 32,
    host: str = "127.0.0.1",
    port: int = 7860,
    hosts: Sequence[str] = (),
) -> FastAPI:
    """The FastAPI app with the JSON API under ``/api`` and the Gradio app at ``/``.

    It answers only requests whose Host is a loopback name, ``host`` or one of ``hosts`` and
    allows no cross-origin use (see :mod:`ui.security`). ``app.state.service`` is the shared
    :class:`IndexService`, ``app.state.blocks`` the Gradio app.
    """
    service = IndexService(index, max_pending=queue_size)
    max_bytes = int(max_upload_mb * 1_000_000)
    # One upload request carries every file picked at once; Gradio checks each file's size itself.
    api = create_api(service, auth=auth, body_limits={UPLOAD_ROUTE: MAX_FILES_PER_UPLOAD * max_bytes})
    install_host_guards(api, allowed_hosts(host, hosts))
    demo = create_app(service, max_upload_mb=max_upload_mb)
    demo.queue(default_concurrency_limit=concurrency, max_size=queue_size)
    # Belt and braces: Gradio serves only its own cache, but never the index or the embedding cache.
    blocked = [str(Path(p).expanduser().resolve())
               for p in (index.settings.index_dir, index.settings.cache_dir)]
    api.state.blocks = demo
    return gr.mount_gradio_app(
        api, demo, path="/", server_name=host, server_port=port, auth=auth,
        auth_message="newsrag: log in with RAG_UI_USER / RAG_UI_PASSWORD." if auth else None,
        max_file_size=max_bytes, allowed_paths=[], blocked_paths=blocked,
        footer_links=[], run_history=False, ssr_mode=False, mcp_server=False, css=CSS,
    )


def launch(
    host: str = "127.0.0.1",
    port: int = 7860,
    *,
    index: Index | None = None,
    index_dir: str | Path | None = None,
    max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB,
) -> None:
    """Serve the app and the API with uvicorn until interrupted (what `rag ui` runs).

    Reads the login from ``RAG_UI_USER``/``RAG_UI_PASSWORD`` and extra host names from
    ``RAG_UI_HOSTS``.
    """
    import uvicorn

    from rag.settings import load_settings

    idx = index if index is not None else Index(load_settings(index_dir=index_dir))
    hosts = allowed_hosts(host, hosts_from_env())
    app = create_server(idx, auth=auth_from_env(), max_upload_mb=max_upload_mb, host=host, port=port, hosts=hosts)
    app.state.service.warm_up()
    print(f"newsrag UI on http://{host}:{port}/  (JSON API under /api, schema at /openapi.json)", flush=True)
    if not is_loopback(host):
        print(f"Answering requests for host names {', '.join(hosts)}; add others with RAG_UI_HOSTS=name,...",
              flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
