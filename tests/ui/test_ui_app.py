"""The assembled server (Gradio mounted on the API), its login and limits, and the `rag ui` command."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from rag import Index
from rag.cli import main
from rag.errors import ConfigError
from ui import app as ui_app
from ui.app import auth_from_env, create_server


def elem_ids(config: dict[str, Any]) -> set[str]:
    return {c["props"].get("elem_id") for c in config["components"] if c.get("props", {}).get("elem_id")}


def test_server_serves_the_app_and_the_api(seed_index: Index) -> None:
    client = TestClient(create_server(seed_index), base_url="http://localhost")
    page = client.get("/")
    assert page.status_code == 200 and "<html" in page.text.lower()
    config = client.get("/config").json()
    assert {"chat", "question", "ask-btn", "sources", "article-view", "filter-source", "filter-since",
            "filter-until", "filter-k", "filter-answerer", "upload", "index-btn", "docs-table", "remove-doc",
            "remove-btn", "eval-btn", "eval-metrics", "eval-chart", "eval-failed"} <= elem_ids(config)
    assert client.get("/api/health").json()["articles"] == 5
    assert "/api/ask" in client.get("/openapi.json").json()["paths"]


def test_upload_limits_and_no_extra_served_paths(seed_index: Index) -> None:
    app = create_server(seed_index, max_upload_mb=2)
    blocks = app.state.blocks
    assert blocks.max_file_size == 2_000_000
    assert blocks.allowed_paths == []
    assert str(Path(seed_index.settings.index_dir).resolve()) in blocks.blocked_paths
    upload = next(c for c in blocks.config["components"] if c["props"].get("elem_id") == "upload")
    assert upload["props"]["file_types"] == [".txt", ".md", ".html", ".htm", ".jsonl"]


def test_index_files_are_not_served(seed_index: Index) -> None:
    client = TestClient(create_server(seed_index), base_url="http://localhost")
    manifest = next(Path(seed_index.settings.index_dir).rglob("*.json"))
    for url in (f"/gradio_api/file={manifest}", f"/gradio_api/file/{manifest}"):
        r = client.get(url)
        assert r.status_code in (403, 404), (url, r.status_code)
        assert manifest.read_text(encoding="utf-8")[:40] not in r.text


def test_login_guards_app_and_api(seed_index: Index) -> None:
    client = TestClient(create_server(seed_index, auth=("editor", "s3cret")), base_url="http://localhost")
    assert client.get("/config").status_code == 401
    assert client.post("/api/ask", json={"question": "Who?"}).status_code == 401
    assert client.post("/login", data={"username": "editor", "password": "nope"}).status_code >= 400
    assert client.post("/login", data={"username": "editor", "password": "s3cret"}).status_code == 200
    assert client.get("/config").status_code == 200


def test_auth_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    assert auth_from_env() is None
    monkeypatch.setenv("RAG_UI_USER", "editor")
    with pytest.raises(ConfigError, match="RAG_UI_PASSWORD"):
        auth_from_env()
    monkeypatch.setenv("RAG_UI_PASSWORD", "s3cret")
    assert auth_from_env() == ("editor", "s3cret")


def test_rag_ui_seeds_an_empty_index_and_launches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, int, Index]] = []
    monkeypatch.setattr(ui_app, "launch", lambda host, port, index: calls.append((host, port, index)))
    monkeypatch.setenv("RAG_EMBEDDER", "hash")
    monkeypatch.setenv("RAG_CACHE_DIR", str(tmp_path / "cache"))
    assert main(["ui", "--port", "7999", "--index-dir", str(tmp_path / "idx")]) == 0
    host, port, idx = calls[0]
    assert (host, port) == ("127.0.0.1", 7999)  # loopback unless --host says otherwise
    assert idx.stats()["articles"] == 5


def test_rag_ui_rejects_bad_options_before_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ui_app, "launch", lambda *a, **k: pytest.fail("must not launch"))
    assert main(["ui", "--port", "0"]) == 2
    monkeypatch.setenv("RAG_UI_USER", "editor")
    assert main(["ui"]) == 2
