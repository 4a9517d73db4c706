"""An index built with another backend keeps working when the user did not choose one (one-line note)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.errors import IndexMismatchError
from rag.index import Index
from rag.settings import Settings


@pytest.fixture
def built_with_hash(tmp_path: Path, write_article) -> Settings:  # type: ignore[no-untyped-def]
    """An index whose manifest names the 'hash' backend (standing in for an old torch index)."""
    folder = tmp_path / "articles"
    write_article(folder, "a.txt", "The port of Rotterdam handled 14 million containers in 2023.", title="Port")
    settings = Settings(index_dir=tmp_path / "idx", cache_dir=tmp_path / "cache", embedder="hash")
    Index(settings).add([folder])
    return settings


def test_default_settings_use_the_backend_the_index_was_built_with(built_with_hash: Settings) -> None:
    defaults = Settings(index_dir=built_with_hash.index_dir, cache_dir=built_with_hash.cache_dir)
    assert defaults.embedder != "hash" and "embedder" not in defaults.model_fields_set
    idx = Index(defaults)
    assert idx.backend == "hash" and idx.embedder.name == "hash"
    assert len(idx.notices) == 1 and "\n" not in idx.notices[0]
    assert "built with the hash embedder" in idx.notices[0] and "rag index --rebuild" in idx.notices[0]
    assert idx.search("containers Rotterdam", 1)[0].chunk.doc_id == "a"
    # writing keeps the index's backend
    report = idx.add_articles([])
    assert idx.manifest is not None and idx.manifest.embedder["name"] == "hash" and not report.added


def test_an_explicit_choice_is_never_overridden(built_with_hash: Settings) -> None:
    explicit = Settings(index_dir=built_with_hash.index_dir, cache_dir=built_with_hash.cache_dir, embedder="onnx")
    with pytest.raises(IndexMismatchError, match=r"rag index --rebuild.*RAG_EMBEDDER=hash"):
        Index(explicit)


def test_cli_prints_the_note_once_on_stderr(built_with_hash: Settings, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from rag.cli import main

    monkeypatch.setenv("RAG_INDEX_DIR", str(built_with_hash.index_dir))
    monkeypatch.setenv("RAG_CACHE_DIR", str(built_with_hash.cache_dir))
    assert main(["search", "containers", "--json"]) == 0
    out = capsys.readouterr()
    assert '"doc_id": "a"' in out.out
    notes = [line for line in out.err.splitlines() if line.strip()]
    assert len(notes) == 1 and notes[0].startswith("note: ") and "hash" in notes[0]
