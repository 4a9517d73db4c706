"""Fixtures that use the real bundled embedding model (all-MiniLM-L6-v2, offline)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from rag import Index, seeds_dir
from rag.settings import Settings


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory: pytest.TempPathFactory, shared_exports: Callable[[Path], Path]) -> Path:
    """One cache folder for the session (the model exported once per run, ``shared_exports``)."""
    return shared_exports(tmp_path_factory.mktemp("model-cache"))


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory, model_cache: Path) -> Index:
    root = tmp_path_factory.mktemp("seed-index")
    settings = Settings(index_dir=root / "index", cache_dir=model_cache)
    idx = Index(settings)
    report = idx.add([seeds_dir()])
    assert len(report.added) == 5 and not report.skipped
    return idx
