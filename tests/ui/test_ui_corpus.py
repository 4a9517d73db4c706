"""Corpus and Evals tab logic: upload checks, indexing while answering, removal, the seed eval."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from rag import Index
from ui.corpus import check_uploads, document_rows, index_uploads, remove_document, run_seed_eval
from ui.service import IndexService

VARGA = ("Mayor Ilse Varga opens library in Kelburn\n\nIlse Varga, the mayor of the town of Kelburn, "
         "opened a new public library on Tuesday. The library cost 4.2 million euros, Varga said.\n\n"
         "SOURCE: Kelburn Courier\n")


def test_upload_checks_enforce_the_allow_list_and_size(tmp_path: Path) -> None:
    files = {name: tmp_path / name for name in ("a.txt", "b.MD", "c.pdf", "d.exe", "big.jsonl", "e.html")}
    for name, path in files.items():
        path.write_text("x" * (5000 if name.startswith("big") else 50), encoding="utf-8")
    ok, rejected = check_uploads([*files.values(), tmp_path / "gone.txt"], max_bytes=1000, upload_dir=tmp_path)
    assert sorted(p.name for p in ok) == ["a.txt", "b.MD", "e.html"]
    assert any(r.startswith("c.pdf: only .txt") for r in rejected)
    assert any(r.startswith("d.exe") for r in rejected)
    assert any(r.startswith("big.jsonl: larger than") for r in rejected)
    assert any(r.startswith("gone.txt") for r in rejected)


def test_upload_checks_accept_only_regular_files_inside_the_upload_folder(tmp_path: Path) -> None:
    uploads = tmp_path / "uploads"
    (uploads / "abc").mkdir(parents=True)
    outside = tmp_path / "secret.txt"
    outside.write_text("server file", encoding="utf-8")
    (uploads / "abc" / "link.txt").symlink_to(outside)
    os.mkfifo(uploads / "abc" / "pipe.txt")
    (uploads / "abc" / "ok.txt").write_text("an upload", encoding="utf-8")
    paths = [outside, uploads / "abc" / "link.txt", uploads / "abc" / "pipe.txt", uploads / "abc" / "ok.txt",
             uploads / ".." / "secret.txt", "http://example.com/a.txt"]
    ok, rejected = check_uploads(paths, max_bytes=1000, upload_dir=uploads)
    assert ok == [uploads / "abc" / "ok.txt"]
    foreign = "not a file uploaded to this server"
    assert rejected == [f"secret.txt: {foreign}", f"link.txt: {foreign}", "pipe.txt: not a regular file",
                        f"secret.txt: {foreign}", f"a.txt: {foreign}"]


def test_indexed_uploads_are_deleted_but_nothing_outside_the_upload_folder(seed_index: Index, tmp_path: Path) -> None:
    uploads = tmp_path / "uploads"
    (uploads / "abc").mkdir(parents=True)
    path = uploads / "abc" / "ilse_varga.txt"
    path.write_text(VARGA, encoding="utf-8")
    outside = tmp_path / "other.txt"
    outside.write_text(VARGA, encoding="utf-8")
    status = index_uploads(IndexService(seed_index), [path, outside], 10_000_000, uploads)
    assert "Added: ilse_varga" in status and "other.txt: not a file uploaded" in status
    assert not (uploads / "abc").exists() and uploads.is_dir()
    assert outside.exists()


def test_uploaded_article_is_indexed_listed_and_searchable(seed_index: Index, tmp_path: Path) -> None:
    service = IndexService(seed_index)
    path = tmp_path / "up" / "ilse_varga.txt"
    path.parent.mkdir()
    path.write_text(VARGA, encoding="utf-8")
    seen: list[tuple[int, int]] = []
    status = index_uploads(service, [str(path), str(tmp_path / "notes.pdf")], 10_000_000, tmp_path,
                           lambda d, t: seen.append((d, t)))
    assert "Added: ilse_varga" in status and "Rejected notes.pdf" in status
    assert seen and seen[-1][0] == seen[-1][1]  # progress reached the end
    row = next(r for r in document_rows(service) if r[0] == "ilse_varga")
    assert row[1] == "Mayor Ilse Varga opens library in Kelburn"
    assert row[2] == "Kelburn Courier" and row[5] >= 1
    hits = service.search("Ilse Varga mayor Kelburn library", 3)
    assert hits[0].chunk.doc_id == "ilse_varga"
    assert service.index is not seed_index  # the live index was swapped for the new generation


def test_questions_are_answered_while_articles_are_indexed(seed_index: Index, tmp_path: Path) -> None:
    service = IndexService(seed_index)
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(40):
        (folder / f"town_{i}.txt").write_text(VARGA.replace("Kelburn", f"Town{i}"), encoding="utf-8")
    errors: list[BaseException] = []

    def write() -> None:
        try:
            service.add([folder])
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    writer = threading.Thread(target=write)
    writer.start()
    answered = 0
    while writer.is_alive() or answered == 0:
        assert service.ask("Who presented the plan to Zelensky?").citations
        answered += 1
    writer.join()
    assert not errors and answered >= 1
    assert len(service.documents()) == 45


def test_remove_document_updates_the_listing(seed_index: Index) -> None:
    service = IndexService(seed_index)
    status = remove_document(service, "004_3dab22978efde2ee")
    assert "Removed: 004_3dab22978efde2ee" in status
    assert "004_3dab22978efde2ee" not in [r[0] for r in document_rows(service)]
    assert "not in the index" in remove_document(service, "004_3dab22978efde2ee")
    assert "pick an article" in remove_document(service, None)


def test_index_uploads_without_files_says_so(seed_index: Index) -> None:
    assert "choose one or more article files" in index_uploads(IndexService(seed_index), [], 1000, Path("/nowhere"))


def test_seed_eval_gives_metrics_chart_and_failures(seed_index: Index) -> None:
    progress: list[int] = []
    result = run_seed_eval(IndexService(seed_index), lambda d, t: progress.append(d))
    run = result["run"]
    assert run["n"] == len(progress) > 50
    names = [row[0] for row in result["rows"]]
    assert "answer_accuracy" in names and "hit@5" in names
    assert all(len(row) == 2 + len(run["by_type"]) for row in result["rows"])
    assert result["chart"].size[0] > 100
    wrong = [q for q in run["questions"] if not q["correct"]]
    assert f"{len(wrong)} of {run['n']} questions failed" in result["failed"] or not wrong
    assert "<script" not in result["failed"]


def test_a_write_by_another_process_is_picked_up(seed_index: Index, tmp_path: Path) -> None:
    service = IndexService(seed_index)
    assert len(service.documents()) == 5
    other = Index(seed_index.settings)  # e.g. `rag index` run in a terminal while the UI is up
    path = tmp_path / "ilse_varga.txt"
    path.write_text(VARGA, encoding="utf-8")
    other.add([path])
    assert "ilse_varga" in [d.doc_id for d in service.documents()]
    assert service.search("Ilse Varga Kelburn", 1)[0].chunk.doc_id == "ilse_varga"
