"""The `rag` command: a thin layer over :class:`rag.Index`.

User errors print one line on stderr (exit 2 for usage errors, 1 otherwise); ``--debug`` shows
the traceback.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

try:  # typer >= 0.20 vendors its own copy of click
    from typer._click import exceptions as click_exc
except ImportError:  # pragma: no cover
    from click import exceptions as click_exc  # type: ignore[no-redef]

from rag.cli_args import RAY_LOCAL, ray_address
from rag.terminal import describe, print_hits, print_notices, print_report, print_streamed_answer, progress_bar

if TYPE_CHECKING:
    from rag.index import Index

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Ask questions about a folder of news articles and get answers with cited passages.",
)

IndexDir = Annotated[
    Path | None,
    typer.Option("--index-dir", help="Index folder (default: $RAG_INDEX_DIR or ~/.local/share/rag/index)."),
]
K = Annotated[int | None, typer.Option("-k", "--top-k", help="Number of passages to retrieve.", min=1, max=100)]
Source = Annotated[str | None, typer.Option("--source", help="Only articles whose source contains this text.")]
Since = Annotated[str | None, typer.Option("--since", help="Only articles published on or after YYYY-MM-DD.")]
Until = Annotated[str | None, typer.Option("--until", help="Only articles published on or before YYYY-MM-DD.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
LlmOpt = Annotated[
    str | None,
    typer.Option(
        "--llm",
        metavar="PROVIDER",
        help="LLM to write the answer: openai, ollama or none (default: $RAG_LLM_PROVIDER, else none = extractive).",
    ),
]
ModelOpt = Annotated[
    str | None, typer.Option("--model", metavar="NAME", help="LLM model name (default: $RAG_LLM_MODEL).")
]
BaseUrlOpt = Annotated[
    str | None,
    typer.Option(
        "--base-url", metavar="URL", help="LLM server URL, e.g. http://127.0.0.1:8080/v1 (default: $RAG_LLM_BASE_URL)."
    ),
]


def _open(index_dir: Path | None, **overrides: Any) -> Index:
    from rag.index import Index
    from rag.settings import load_settings

    idx = Index(load_settings(index_dir=index_dir, **overrides))
    print_notices(idx)
    return idx


def ensure_seeded(idx: Index, quiet: bool = False) -> None:
    """Index the bundled seed articles the first time an empty index is queried."""
    from rag.ingest.seeds import seeds_dir

    if idx.manifest is None:
        if not quiet:
            print(f"No index at {idx.dir} yet: indexing the bundled seed articles first.", file=sys.stderr)
        idx.add([seeds_dir()], progress=None if quiet else progress_bar("Embedding seed articles"))


@app.command("index")
def index_cmd(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files and folders to index (default: seeds).")] = None,
    prune: Annotated[bool, typer.Option("--prune", help="Remove articles whose files are gone.")] = False,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Discard the index and build it again.")] = False,
    index_dir: IndexDir = None,
    as_json: AsJson = False,
    ray: Annotated[
        str | None,
        typer.Option("--ray", metavar="[ADDRESS]", help="Prepare articles on Ray: a local Ray without ADDRESS, "
                     "else the cluster at ADDRESS (ray://host:10001 or auto). Needs newsrag[scale]."),
    ] = None,
) -> None:
    """Index article files (.txt, .md, .html, .jsonl) and folders."""
    from rag.index import Index
    from rag.ingest.seeds import seeds_dir
    from rag.settings import load_settings

    settings = load_settings(index_dir=index_dir)
    idx = Index(settings, check=not rebuild)
    print_notices(idx)
    targets = list(paths) if paths else [seeds_dir()]
    progress = None if as_json else progress_bar("Embedding")
    if ray is not None:
        from rag.ingest.ray_pipeline import ray_add

        report = ray_add(idx, targets, None if ray == RAY_LOCAL else ray, prune=prune, rebuild=rebuild,
                         progress=progress)
    else:
        report = idx.add(targets, prune=prune, rebuild=rebuild, progress=progress)
    if as_json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_report(report)


@app.command("search")
def search_cmd(
    query: Annotated[str, typer.Argument(help="What to look for.")],
    k: K = None,
    source: Source = None,
    since: Since = None,
    until: Until = None,
    index_dir: IndexDir = None,
    as_json: AsJson = False,
) -> None:
    """Show the passages that best match QUERY."""
    from rag.errors import UsageError
    from rag.retrieval import make_filters

    if not query.strip():
        raise UsageError("the query is empty")
    make_filters(source, since, until)
    idx = _open(index_dir)
    ensure_seeded(idx, quiet=as_json)
    hits = idx.search(query, k, source=source, since=since, until=until)
    if as_json:
        print(json.dumps({"query": query, "results": [h.to_dict() for h in hits]}, ensure_ascii=False, indent=2))
    else:
        print_hits(hits)


def _llm_overrides(llm: str | None, model: str | None, base_url: str | None) -> dict[str, Any]:
    """Settings overrides for `ask --llm/--model/--base-url` (None values are dropped later)."""
    out: dict[str, Any] = {"llm_provider": llm, "llm_model": model, "llm_base_url": base_url}
    if llm is not None:
        # An explicit --llm beats an `answerer` fixed in the config file.
        out["answerer"] = "extractive" if llm == "none" else "llm"
    return out


@app.command("ask")
def ask_cmd(
    question: Annotated[str, typer.Argument(help="A question in plain language.")],
    k: K = None,
    source: Source = None,
    since: Since = None,
    until: Until = None,
    index_dir: IndexDir = None,
    as_json: AsJson = False,
    llm: LlmOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
) -> None:
    """Answer QUESTION from the indexed articles, citing passages."""
    from rag.errors import UsageError
    from rag.retrieval import make_filters

    if not question.strip():
        raise UsageError("the question is empty")
    make_filters(source, since, until)
    idx = _open(index_dir, **_llm_overrides(llm, model, base_url))
    idx.answerer()  # fail on an incomplete LLM configuration before indexing seeds or retrieving
    ensure_seeded(idx, quiet=as_json)
    if as_json:
        ans = idx.ask(question, k, source=source, since=since, until=until)
        print(json.dumps(ans.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_streamed_answer(idx.ask_stream(question, k, source=source, since=since, until=until))


@app.command("docs")
def docs_cmd(index_dir: IndexDir = None, as_json: AsJson = False) -> None:
    """List the indexed articles."""
    idx = _open(index_dir)
    docs = idx.documents()
    if as_json:
        rows = [
            {
                "doc_id": d.doc_id,
                "title": d.title,
                "source": d.source,
                "published_at": d.published_at,
                "url": d.url,
                "chars": len(d.text),
            }
            for d in docs
        ]
        print(json.dumps({"stats": idx.stats(), "documents": rows}, ensure_ascii=False, indent=2))
        return
    print(f"{len(docs)} articles in {idx.dir}")
    for d in docs:
        print(f"  {describe(d.title, d.source, d.published_at, d.doc_id)}")


@app.command("eval")
def eval_cmd(
    dataset: Annotated[
        str | None,
        typer.Option("--dataset", help="seed (default), newsdesk, worldwire, multihop, rgb, off_topic, "
                     "or a questions JSONL."),
    ] = None,
    split: Annotated[
        str | None, typer.Option("--split", help="Only the dev or the test questions (default: all).")
    ] = None,
    corpus: Annotated[list[Path] | None, typer.Option("--corpus", help="Index these files first (repeatable).")] = None,
    index_dir: IndexDir = None,
    k: K = None,
    as_json: AsJson = False,
    out: Annotated[Path | None, typer.Option("--out", help="Write eval.json, eval.md and eval.png here.")] = None,
    compare_to: Annotated[Path | None, typer.Option("--compare", help="An earlier eval.json to compare with.")] = None,
    gate: Annotated[
        bool, typer.Option("--gate", help="Exit 1 when the run breaks the dataset's limits in evals/thresholds.toml.")
    ] = False,
    llm: LlmOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    limit: Annotated[
        int | None,
        typer.Option("--limit", min=1, help="This many questions, spread over the set (a sample: no --gate)."),
    ] = None,
) -> None:
    """Measure retrieval, answers, abstention, citations and conflicts on a question set, with baselines."""
    import tempfile

    from evals.dataset import resolve_dataset
    from evals.gate import check, load_limits
    from evals.report import compare, markdown, write_reports
    from evals.runner import run_eval
    from rag.errors import RagError, UsageError
    from rag.index import Index
    from rag.settings import load_settings

    settings = load_settings(index_dir=index_dir, **_llm_overrides(llm, model, base_url))
    ds = resolve_dataset(dataset, settings.benchmarks_dir)
    # A gate is checked before any work: it judges one whole split, never a sample or another split.
    limits = load_limits(ds.name) if gate else {}
    if gate and not limits:
        raise UsageError(f"evals/thresholds.toml has no limits for dataset {ds.name!r}")
    if gate and (limits.get("split") or "all") != (split or "all"):
        raise UsageError(f"the gate for {ds.name!r} is set on --split {limits.get('split') or 'all'}")
    if gate and limit is not None:
        raise UsageError("--gate judges the whole split: drop --limit")
    baseline = None
    if compare_to is not None:
        try:
            baseline = json.loads(compare_to.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise UsageError(f"cannot read --compare file {compare_to}: {exc}") from None
    if corpus is None and index_dir is None:
        if not ds.corpus:
            raise UsageError(f"dataset {ds.questions} has no known corpus: pass --corpus PATH or --index-dir")
        corpus = list(ds.corpus)
    with tempfile.TemporaryDirectory(prefix="rag-eval-") as tmp:
        if index_dir is None:
            settings = settings.model_copy(update={"index_dir": Path(tmp) / "index"})
        idx = Index(settings)
        print_notices(idx)
        idx.answerer()  # fail on an incomplete LLM configuration before indexing
        if corpus:
            report = idx.add(corpus, progress=None if as_json else progress_bar("Indexing corpus"))
            if not as_json:
                print_report(report)
        run = run_eval(idx, ds, k, progress=None if as_json else progress_bar("Questions"), split=split,
                       limit=limit)
    comparison = compare(run, baseline, str(compare_to)) if baseline is not None else None
    failures = check(run, limits) if gate else []
    if gate:
        run["gate"] = {"passed": not failures, "failures": failures}
    if out is not None:
        for path in write_reports(run, out, comparison):
            if not as_json:
                print(f"wrote {path}")
    if as_json:
        print(json.dumps(dict(run, comparison=comparison) if comparison else run, ensure_ascii=False, indent=2))
    else:
        print(markdown(run, comparison).split("## Wrong answers")[0].rstrip())
    if failures:
        raise RagError(f"gate failed for {ds.name}: " + "; ".join(failures))


@app.command("ui")
def ui_cmd(
    host: Annotated[str, typer.Option("--host", help="Address to listen on (all: 0.0.0.0).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.", min=1, max=65535)] = 7860,
    index_dir: IndexDir = None,
    insecure: Annotated[
        bool, typer.Option("--insecure", help="Serve beyond this machine without a login (not recommended).")
    ] = False,
) -> None:
    """Serve the web app and the JSON API (login: set RAG_UI_USER and RAG_UI_PASSWORD)."""
    from ui.app import auth_from_env, launch
    from ui.security import check_exposure

    # a half-configured login, or none on a network address, fails before the model loads
    check_exposure(host, auth_from_env(), insecure)
    idx = _open(index_dir)
    ensure_seeded(idx)
    launch(host, port, index=idx)


def _error(message: object) -> None:
    """One line on stderr; messages may quote ids and paths from files, so controls are escaped."""
    from rag.sanitize import escape_controls

    print(f"error: {escape_controls(str(message))}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `rag` console script."""
    from rag.sanitize import EscapingWriter
    from rag.settings import ignored_local_config

    args = ray_address(list(sys.argv[1:] if argv is None else argv))
    if args and args[0] not in ("-h", "--help") and ignored_local_config() is not None:
        print("note: ./rag.toml is ignored (a folder's own config could redirect the index or the LLM); "
              "to use it, set RAG_CONFIG=rag.toml", file=sys.stderr)
    # Article text, titles, sources and ids come from files anyone may have written: every print
    # goes through one filter that escapes terminal control characters.
    stdout = sys.stdout
    sys.stdout = EscapingWriter(stdout)  # type: ignore[assignment]
    try:
        return _main(args)
    finally:
        sys.stdout = stdout


def _main(args: list[str]) -> int:
    from rag.errors import RagError

    debug = "--debug" in args
    args = [a for a in args if a != "--debug"]
    command = typer.main.get_command(app)
    try:
        command.main(args=args, prog_name="rag", standalone_mode=False)
    except typer.Exit as exc:
        return int(exc.exit_code or 0)
    except click_exc.NoArgsIsHelpError as exc:
        print(exc.format_message(), file=sys.stderr)
        return 2
    except click_exc.UsageError as exc:
        if debug:
            raise
        _error(exc.format_message())
        return 2
    except click_exc.ClickException as exc:
        _error(exc.format_message())
        return 1
    except typer.Abort:
        print("aborted", file=sys.stderr)
        return 130
    except RagError as exc:
        if debug:
            raise
        _error(exc)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except sqlite3.Error as exc:
        if debug:
            raise
        _error(f"the index database failed ({exc}); nothing was changed")
        return 1
    except OSError as exc:
        # disk full, read-only or unwritable index folder: the write was abandoned before the
        # manifest changed, so the previous index is intact
        if debug:
            raise
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        _error(f"{exc.strerror or exc}{where}; nothing was changed")
        return 1
    return 0


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
