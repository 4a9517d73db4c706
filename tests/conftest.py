"""Shared fixtures: isolated environment, hash-embedder settings and article-file helpers."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from embeddings.exported import EXPORTS_DIR
from rag.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No RAG_* variables, no rag.toml in the working directory, no user config file."""
    for name in list(os.environ):
        if name.startswith("RAG_"):
            monkeypatch.delenv(name, raising=False)
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """The environment of a fresh install for a child process: no RAG_* settings, hash embedder, own folders."""
    home = tmp_path / "home"
    out = {k: v for k, v in os.environ.items() if not k.startswith("RAG_") and "proxy" not in k.lower()}
    out.update(PYTHONPATH=str(ROOT), HOME=str(home), XDG_CONFIG_HOME=str(home / "config"),
               XDG_DATA_HOME=str(home / "data"), XDG_CACHE_HOME=str(home / "cache"), RAG_EMBEDDER="hash",
               NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost")
    return out


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(index_dir=tmp_path / "idx", cache_dir=tmp_path / "cache", embedder="hash")


@pytest.fixture
def make_settings(tmp_path: Path) -> Callable[..., Settings]:
    """Settings for the same index/cache folders with some fields overridden."""

    def build(**overrides: Any) -> Settings:
        base: dict[str, Any] = {
            "index_dir": tmp_path / "idx",
            "cache_dir": tmp_path / "cache",
            "embedder": "hash",
        }
        base.update(overrides)
        return Settings(**base)

    return build


def write_article(
    folder: Path,
    name: str,
    body: str,
    *,
    title: str | None = None,
    source: str | None = None,
) -> Path:
    """Write a plain-text article file (title line first, ``SOURCE:`` line last if given)."""
    folder.mkdir(parents=True, exist_ok=True)
    parts = []
    if title:
        parts.append(title)
    parts.append(body)
    if source:
        parts.append(f"SOURCE: {source}")
    path = folder / name
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return path


def write_jsonl(path: Path, rows: Iterable[dict[str, Any] | str]) -> Path:
    """Write JSONL rows; a ``str`` row is written verbatim (for malformed lines)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# Helpers are handed out as fixtures: other test folders have their own conftest.py, so
# `from conftest import ...` would be ambiguous.


@pytest.fixture(scope="session", name="write_article")
def write_article_fixture() -> Callable[..., Path]:
    """``write_article(folder, name, body, title=..., source=...)`` -> path of a .txt article."""
    return write_article


@pytest.fixture(scope="session", name="write_jsonl")
def write_jsonl_fixture() -> Callable[..., Path]:
    """``write_jsonl(path, rows)``; a ``str`` row is written verbatim (for malformed lines)."""
    return write_jsonl


@pytest.fixture(scope="session")
def shared_exports(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], Path]:
    """``shared_exports(folder)`` -> ``folder``, a cache folder whose exported models (``models/``) are the
    run's: the bundled model is exported for the default backend (about 30 s on two cores) once per run, not
    once per cache folder. Its embedding and claim caches stay its own. The export itself is tested with
    folders of its own (tests/embeddings/test_openvino.py)."""
    base = tmp_path_factory.getbasetemp()
    # under pytest-xdist each worker has its own base folder inside the run's
    shared = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "exported-models"
    shared.mkdir(exist_ok=True)

    def make(folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / EXPORTS_DIR).symlink_to(shared, target_is_directory=True)
        return folder

    return make


@pytest.fixture(scope="session")
def seeds_path() -> Path:
    """The repository's seed article folder."""
    return SEEDS


@pytest.fixture
def seeds() -> dict[str, str]:
    """Raw text of every seed article keyed by its number ("000" ... "004")."""
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
