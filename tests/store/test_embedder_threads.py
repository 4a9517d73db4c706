"""Indexing and questions encode with their own embedders when their thread settings differ."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import rag.index
from rag.index import Index
from rag.settings import Settings


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[tuple[bool, Any]]:
    """Every embedder the index builds, with whether it was built for indexing."""
    calls: list[tuple[bool, Any]] = []
    real = rag.index.build_embedder

    def spy(settings: Settings, name: str | None = None, *, indexing: bool = False) -> Any:
        embedder = real(settings, name, indexing=indexing)
        calls.append((indexing, embedder))
        return embedder

    monkeypatch.setattr(rag.index, "build_embedder", spy)
    return calls


@pytest.fixture
def folder(tmp_path: Path, write_article: Any) -> Path:
    folder = tmp_path / "articles"
    write_article(folder, "a.txt", "The port of Rotterdam handled 14 million containers in 2023.", title="Port")
    return folder


def _settings(tmp_path: Path, **threads: int) -> Settings:
    return Settings(index_dir=tmp_path / "idx", cache_dir=tmp_path / "cache", embedder="hash", **threads)


def test_a_write_encodes_with_the_indexing_embedder_and_a_question_with_its_own(
    tmp_path: Path, folder: Path, built: list[tuple[bool, Any]]
) -> None:
    idx = Index(_settings(tmp_path, embed_threads=1, query_threads=0))
    idx.add([folder])
    assert [indexing for indexing, _ in built] == [True]
    assert idx.search("containers Rotterdam", 1)[0].chunk.doc_id == "a"
    assert [indexing for indexing, _ in built] == [True, False]
    assert idx.embedder is built[1][1] and idx.index_embedder is built[0][1]
    idx.add([folder])  # a second write reuses the first's embedder
    assert len(built) == 2


def test_equal_thread_counts_share_one_embedder(
    tmp_path: Path, folder: Path, built: list[tuple[bool, Any]]
) -> None:
    idx = Index(_settings(tmp_path, embed_threads=2, query_threads=2))
    idx.add([folder])
    idx.search("containers", 1)
    assert len(built) == 1 and idx.embedder is idx.index_embedder
