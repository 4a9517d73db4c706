"""Fixtures for the web layers: indexes of the seed articles and a real uvicorn server in a thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from localnet import free_port

from rag import Index, seeds_dir
from rag.settings import Settings


def hash_seed_index(root: Path) -> Index:
    """The five seed articles with the hash embedder (fast; for API and logic tests)."""
    idx = Index(Settings(index_dir=root / "index", cache_dir=root / "cache", embedder="hash"))
    report = idx.add([seeds_dir()])
    assert len(report.added) == 5
    return idx


@pytest.fixture
def seed_index(tmp_path: Path) -> Index:
    """A fresh hash-embedder seed index per test (tests may add or remove articles)."""
    return hash_seed_index(tmp_path / "seed")


class Served:
    """A uvicorn server running ``app`` on 127.0.0.1 in a background thread."""

    def __init__(self, app: object, port: int | None = None) -> None:
        self.port = port = port or free_port()
        self.url = f"http://127.0.0.1:{port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")  # type: ignore[arg-type]
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name=f"uvicorn-{port}", daemon=True)

    def __enter__(self) -> Served:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)


@pytest.fixture(scope="session")
def serve() -> Iterator[type[Served]]:
    """``with serve(app) as s: httpx.get(s.url + ...)`` (a free port unless one is given)."""
    yield Served
