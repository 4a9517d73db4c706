"""An index built with torch before the default changed keeps answering, with a one-line note, until rebuilt."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag import Index, seeds_dir
from rag.settings import Settings

pytestmark = pytest.mark.slow


def test_old_torch_index_keeps_working_then_rebuild_switches(tmp_path: Path, model_cache: Path,
                                                             capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    old = Settings(index_dir=tmp_path / "index", cache_dir=model_cache, embedder="sentence-transformers")
    Index(old).add([seeds_dir()])

    idx = Index(Settings(index_dir=old.index_dir, cache_dir=model_cache))  # today's defaults
    assert idx.backend == "sentence-transformers" and idx.manifest is not None
    assert len(idx.notices) == 1 and "sentence-transformers" in idx.notices[0]
    answer = idx.ask("How large would Ukraine's army be under the peace plan?")
    assert "600,000" in answer.answer

    from rag.cli import main

    monkeypatch.setenv("RAG_INDEX_DIR", str(old.index_dir))
    monkeypatch.setenv("RAG_CACHE_DIR", str(model_cache))
    assert main(["search", "Ukraine army size", "-k", "1"]) == 0
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(err) == 1 and err[0].startswith("note: ") and "rag index --rebuild" in err[0]

    assert main(["index", "--rebuild"]) == 0
    capsys.readouterr()
    rebuilt = Index(Settings(index_dir=old.index_dir, cache_dir=model_cache))
    assert rebuilt.manifest is not None and rebuilt.manifest.embedder["name"] == "openvino"
    assert rebuilt.backend == "openvino" and not rebuilt.notices
