"""The Corpus and Evals tabs' logic, free of Gradio: upload checks, listings and the seed eval."""

from __future__ import annotations

import stat
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from evals.report import format_metric
from rag.errors import RagError
from rag.records import IndexReport
from ui.render import esc
from ui.service import BusyError, IndexService

ALLOWED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")
DOC_COLUMNS = ["doc_id", "title", "source", "published", "chars", "chunks"]
ProgressFn = Callable[[int, int], None]


def upload_problem(path: str | Path, upload_dir: Path, max_bytes: int) -> str | None:
    """Why ``path`` is not an acceptable upload (one line), or None; reads no file content.

    An event names its files by path, and a crafted request can name any path on the server
    (``/usr/lib/python3.11/LICENSE.txt``, ``/dev/zero``) or a symlink to one. So a path must
    resolve, symlinks followed, inside ``upload_dir`` (Gradio's upload folder) to a regular
    file of at most ``max_bytes``, checked by ``stat`` before anything opens it.
    """
    name = Path(str(path)).name or str(path)
    if "://" in str(path):  # Gradio would download it
        return f"{name}: not a file uploaded to this server"
    if Path(name).suffix.lower() not in ALLOWED_SUFFIXES:
        return f"{name}: only {', '.join(ALLOWED_SUFFIXES)} files can be indexed"
    try:
        real = Path(path).resolve(strict=True)
        info = real.stat()
    except (OSError, RuntimeError):  # missing, a broken or looping link, or a URL
        return f"{name}: the upload is missing, try again"
    if not real.is_relative_to(upload_dir.resolve()):
        return f"{name}: not a file uploaded to this server"
    if not stat.S_ISREG(info.st_mode):
        return f"{name}: not a regular file"
    if info.st_size > max_bytes:
        return f"{name}: larger than the {max_bytes / 1e6:g} MB limit"
    return None


def check_uploads(
    paths: Sequence[str | Path], max_bytes: int, upload_dir: Path
) -> tuple[list[Path], list[str]]:
    """Split uploaded files into acceptable ones and one-line reasons for the rest.

    Gradio's ``file_types`` only filters the browser's file picker, and an event may name any
    path, so :func:`upload_problem` is enforced again here, on the server.
    """
    ok: list[Path] = []
    rejected: list[str] = []
    for raw in paths:
        problem = upload_problem(raw, upload_dir, max_bytes)
        if problem:
            rejected.append(problem)
        else:
            ok.append(Path(raw))
    return ok, rejected


def remove_uploads(paths: Sequence[str | Path], upload_dir: Path) -> None:
    """Delete uploaded files (and the per-upload folders Gradio made for them) once indexed.

    Only entries inside ``upload_dir`` are touched; a symlink is removed, never its target.
    """
    root = upload_dir.resolve()
    for raw in paths:
        try:
            folder = Path(raw).parent.resolve(strict=True)
        except (OSError, RuntimeError):
            continue
        if not folder.is_relative_to(root):
            continue
        (folder / Path(raw).name).unlink(missing_ok=True)
        if folder != root and not any(folder.iterdir()):
            folder.rmdir()


def report_html(report: IndexReport | None, rejected: Sequence[str] = ()) -> str:
    """A short, escaped summary of an indexing run."""
    lines = []
    if report is not None:
        lines.append(
            f"Added {len(report.added)}, updated {len(report.updated)}, unchanged {len(report.unchanged)}, "
            f"removed {len(report.removed)} ({report.chunks_embedded} passages embedded, "
            f"{report.seconds:.1f} s)."
        )
        lines += [f"Added: {doc}" for doc in report.added]
        lines += [f"Updated: {doc}" for doc in report.updated]
        lines += [f"Removed: {doc}" for doc in report.removed]
        lines += [f"Skipped {Path(s.path).name}: {s.reason}" for s in report.skipped]
    lines += [f"Rejected {r}" for r in rejected]
    return '<div class="status">' + "".join(f"<div>{esc(line)}</div>" for line in lines) + "</div>"


def index_uploads(
    service: IndexService,
    paths: Sequence[str | Path],
    max_bytes: int,
    upload_dir: Path,
    progress: ProgressFn | None = None,
) -> str:
    """Index uploaded files, then delete them; returns the status HTML (errors included, never raised)."""
    try:
        ok, rejected = check_uploads(paths or [], max_bytes, upload_dir)
        if not ok:
            return report_html(None, rejected or ["nothing: choose one or more article files first"])
        try:
            report = service.add(ok, progress=progress)
        except RagError as exc:
            return report_html(None, [*rejected, f"the upload: {exc}"])
        return report_html(report, rejected)
    finally:
        # The index keeps the text; the uploaded copies would otherwise pile up in the temp folder.
        remove_uploads(paths or [], upload_dir)


def document_rows(service: IndexService) -> list[list[Any]]:
    """Rows for the articles table, newest first, undated last."""
    docs = sorted(service.documents(), key=lambda d: (d.published_at or "", d.doc_id), reverse=True)
    return [[d.doc_id, d.title or "", d.source or "", d.published_at or "", d.chars, d.chunks] for d in docs]


def remove_document(service: IndexService, doc_id: str | None) -> str:
    if not doc_id:
        return report_html(None, ["nothing: pick an article to remove"])
    try:
        report = service.remove([doc_id])
    except (RagError, BusyError) as exc:
        return report_html(None, [f"{doc_id}: {exc}"])
    return report_html(report)


# --- evals ------------------------------------------------------------------------------------------
def run_seed_eval(service: IndexService, progress: ProgressFn | None = None) -> dict[str, Any]:
    """Run the seed question set against a fresh index of the seed articles.

    A separate index (sharing the embedding cache, so it is quick) keeps the numbers
    comparable with ``rag eval`` whatever has been uploaded to the live index. Returns
    ``{"run", "rows", "chart" (PIL image), "failed" (HTML)}``.
    """
    from PIL import Image

    from evals.dataset import default_dataset
    from evals.report import write_reports
    from evals.runner import run_eval
    from rag.index import Index
    from rag.ingest.seeds import seeds_dir

    with tempfile.TemporaryDirectory(prefix="rag-ui-eval-") as tmp:
        idx = Index(service.settings.model_copy(update={"index_dir": Path(tmp) / "index"}))
        try:
            idx.add([seeds_dir()])
            run = run_eval(idx, default_dataset(), progress=progress)
        finally:
            idx.close()
        paths = write_reports(run, Path(tmp) / "report")
        with Image.open(paths[2]) as img:
            chart = img.copy()  # detached from the file, which goes away with the temp folder
    return {"run": run, "rows": metric_rows(run), "chart": chart, "failed": failed_html(run)}


def metric_rows(run: dict[str, Any]) -> list[list[Any]]:
    """``[metric, all, <type>...]`` rows; see :func:`metric_headers`."""
    types = list(run.get("by_type", {}))
    rows = []
    for key, value in run["metrics"].items():
        row = [key, format_metric(value)] + [format_metric(run["by_type"][t].get(key)) for t in types]
        rows.append(row)
    return rows


def metric_headers(run: dict[str, Any]) -> list[str]:
    by_type = run.get("by_type", {})
    return ["metric", f"all (n={run['n']})"] + [f"{t} (n={v['n']})" for t, v in by_type.items()]


def failed_html(run: dict[str, Any]) -> str:
    wrong = [q for q in run["questions"] if not q.get("correct")]
    if not wrong:
        return '<div class="status">Every question was answered correctly.</div>'
    items = []
    for q in wrong:
        expected = ", ".join(q.get("expected", [])) or "(abstain)"
        got = ("abstained: " if q.get("abstained") else "") + str(q.get("answer", ""))
        items.append(
            f'<li class="failed-q"><b>{esc(q["id"])}</b> ({esc(q.get("type", ""))}) '
            f'{esc(q.get("question", ""))}'
            f'<div>expected: {esc(expected)}</div><div>answer: {esc(got)}</div></li>'
        )
    head = f'<div>{len(wrong)} of {run["n"]} questions failed</div>'
    return f'<div class="failed">{head}<ol>{"".join(items)}</ol></div>'
