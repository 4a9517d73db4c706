"""Attacks on the served app through the real HTTP stack and Gradio's own client (issue #15).

Each test starts ``create_server`` under uvicorn on 127.0.0.1 and attacks it as a web page or a
script on the network would: crafted Gradio event payloads, forged Host and Origin headers,
oversized bodies, SQL wildcards and oversized filters.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from gradio_client import Client, handle_file

from rag import Index, seeds_dir
from rag.settings import Settings
from ui.app import create_server

SERVER_FILE = Path("/usr/lib/python3.11/LICENSE.txt")  # any readable file outside the upload folder
LICENSE_WORDS = "PYTHON SOFTWARE FOUNDATION LICENSE"
VARGA = ("Mayor Ilse Varga opens library in Kelburn\n\nIlse Varga, the mayor of the town of Kelburn, "
         "opened a new public library on Tuesday. The library cost 4.2 million euros, Varga said.\n")


class App:
    """A served app, a Gradio client on it and the upload folder it uses."""

    def __init__(self, url: str, upload_dir: Path) -> None:
        self.url = url
        self.upload_dir = upload_dir
        self.client = Client(url, verbose=False, download_files=False)
        config = httpx.get(url + "/config").json()
        self._ids = {c["id"]: c["props"].get("elem_id") for c in config["components"]}
        self._deps = config["dependencies"]

    def event(self, inputs: list[str | None], output: str) -> int:
        """The id of the event with these input elements that updates ``output``."""
        for i, dep in enumerate(self._deps):
            names = [self._ids.get(x) for x in dep["inputs"]], [self._ids.get(x) for x in dep["outputs"]]
            if names[0] == inputs and output in names[1]:
                return int(dep.get("id", i))
        raise LookupError(f"no event {inputs} -> {output}")

    def call(self, fn: int, *data: Any, upload_files: bool = True) -> Any:
        """Run an app event through the Gradio client, as the browser's client does.

        The app's events are hidden from Gradio's client libraries (``api_visibility="private"``),
        which only hides them: the server runs them for anyone who sends the request. The client
        is told so; with ``upload_files=False`` it also sends file paths as they are given
        instead of uploading local files first, i.e. the crafted request of an attacker.
        """
        endpoint = self.client.endpoints[fn]
        endpoint.is_valid = True
        if upload_files:
            return self.client.predict(*data, fn_index=fn)
        endpoint._upload_file = lambda f, data_index: f  # type: ignore[method-assign]
        try:
            return self.client.predict(*data, fn_index=fn)
        finally:
            del endpoint._upload_file  # back to the class's method: upload local files

    def cached_copies(self, needle: str) -> list[Path]:
        """Files under Gradio's upload/cache folder whose text contains ``needle``."""
        return [p for p in self.upload_dir.rglob("*") if p.is_file() and needle in p.read_text(errors="replace")]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, serve: Any) -> Iterator[App]:
    """One server for the module: no test here changes what the others look at."""
    root = tmp_path_factory.mktemp("ui-security")
    with pytest.MonkeyPatch.context() as mp:
        for name in [n for n in os.environ if n.startswith("RAG_")]:
            mp.delenv(name)
        mp.setenv("GRADIO_TEMP_DIR", str(root / "gradio"))  # read when the app is built
        index = Index(Settings(index_dir=root / "index", cache_dir=root / "cache", embedder="hash"))
        assert len(index.add([seeds_dir()]).added) == 5
        with serve(create_server(index)) as served:
            app = App(served.url, root / "gradio")
            yield app
            app.client.close()
            served.server.force_exit = True  # the client's heartbeat stream would hold up a graceful stop


def _documents(url: str) -> list[str]:
    return [d["doc_id"] for d in httpx.get(url + "/api/documents").json()["documents"]]


# --- 1. uploads: only files uploaded to this server --------------------------------------------
@pytest.mark.parametrize("path", [str(SERVER_FILE), "/dev/zero", "../../../../../../usr/lib/python3.11/LICENSE.txt"])
def test_crafted_upload_paths_are_neither_indexed_nor_cached(app: App, path: str) -> None:
    index = app.event(["upload"], "index-status")
    try:
        status = app.call(index, [{"path": path, "meta": {"_type": "gradio.FileData"}}], upload_files=False)[0]
    except Exception as exc:  # refused before the handler ran: the client sees the app's error
        status = str(exc)
    assert "Added" not in status
    assert not {"LICENSE", "zero"} & set(_documents(app.url))
    assert httpx.get(app.url + "/api/documents/LICENSE").status_code == 404
    assert not app.cached_copies(LICENSE_WORDS)


def test_a_symlink_in_the_upload_folder_to_a_server_file_is_refused(app: App) -> None:
    link = app.upload_dir / "0123abcd" / "notes.txt"
    link.parent.mkdir(parents=True)
    link.symlink_to(SERVER_FILE)
    index = app.event(["upload"], "index-status")
    try:
        status = app.call(index, [{"path": str(link), "meta": {"_type": "gradio.FileData"}}], upload_files=False)[0]
    except Exception as exc:
        status = str(exc)
    assert "Added" not in status
    assert "notes" not in _documents(app.url)
    assert SERVER_FILE.exists()  # the link's target is never touched


def test_uploaded_files_are_indexed_then_removed_from_the_upload_folder(app: App, tmp_path: Path) -> None:
    article = tmp_path / "ilse_varga.txt"
    article.write_text(VARGA, encoding="utf-8")
    status = app.call(app.event(["upload"], "index-status"), [handle_file(article)])[0]
    assert "Added: ilse_varga" in status
    assert "ilse_varga" in _documents(app.url)
    assert not app.cached_copies("Ilse Varga"), "the uploaded copy stays in Gradio's folder"


# --- 2. DNS rebinding and cross-origin use -----------------------------------------------------
def _port(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


@pytest.mark.parametrize("path", ["/api/documents", "/api/health", "/", "/config"])
def test_a_rebound_host_name_is_refused(app: App, path: str) -> None:
    r = httpx.get(app.url + path, headers={"Host": f"rebind.evil.example:{_port(app.url)}"})
    assert r.status_code == 400
    assert "Ilse" not in r.text and "doc_id" not in r.text


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "[::1]"])
def test_loopback_host_names_are_served(app: App, host: str) -> None:
    assert httpx.get(app.url + "/api/health", headers={"Host": f"{host}:{_port(app.url)}"}).status_code == 200


def test_host_names_given_to_the_server_are_served(seed_index: Index, serve: Any) -> None:
    with serve(create_server(seed_index, hosts=["news.example.org"])) as served:
        ok = httpx.get(served.url + "/api/health", headers={"Host": "news.example.org"})
        refused = httpx.get(served.url + "/api/health", headers={"Host": "other.example.org"})
    assert (ok.status_code, refused.status_code) == (200, 400)


@pytest.mark.parametrize(("method", "path"), [("DELETE", "/api/documents/004_3dab22978efde2ee"), ("POST", "/api/ask"),
                                              ("POST", "/gradio_api/queue/join")])
def test_no_cross_origin_preflight_is_granted(app: App, method: str, path: str) -> None:
    r = httpx.options(app.url + path, headers={"Origin": "http://evil.example", "Access-Control-Request-Method": method,
                                               "Access-Control-Request-Headers": "content-type"})
    granted = {k: v for k, v in r.headers.items() if k in ("access-control-allow-origin",
                                                          "access-control-allow-credentials")}
    assert r.status_code != 200 and not granted, granted
    assert "004_3dab22978efde2ee" in _documents(app.url)


@pytest.mark.parametrize("path", ["/api/documents", "/config"])
def test_responses_carry_no_cross_origin_permission(app: App, path: str) -> None:
    r = httpx.get(app.url + path, headers={"Origin": "http://evil.example"})
    assert not [k for k in r.headers if k.startswith("access-control-allow")], dict(r.headers)


# --- 5. request bodies and the login -------------------------------------------------------------
def _raw_request(url: str, head: str, body: bytes = b"", wait: float = 20.0) -> str:
    """Send a raw HTTP/1.1 request and return the status line (or "" if none came in ``wait`` seconds).

    ``wait`` only stops a hang: a server that waits for a body that never comes answers nothing.
    """
    import socket

    with socket.create_connection(("127.0.0.1", _port(url)), timeout=wait) as sock:
        sock.sendall(head.replace("\n", "\r\n").encode() + b"\r\n" + body)
        try:
            return sock.recv(4096).decode(errors="replace").split("\r\n", 1)[0]
        except TimeoutError:
            return ""


def test_an_oversized_declared_body_is_refused_before_it_is_sent(app: App) -> None:
    head = (f"POST /api/ask HTTP/1.1\nHost: 127.0.0.1:{_port(app.url)}\nContent-Type: application/json\n"
            "Content-Length: 60000000\n")
    assert _raw_request(app.url, head).startswith("HTTP/1.1 413")


@pytest.mark.parametrize("path", ["/api/ask", "/gradio_api/queue/join"])
def test_an_oversized_body_without_a_length_is_cut_off(app: App, path: str) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"question": "'
        for _ in range(40):
            yield b"x" * 50_000  # 2 MB in all, sent chunked
        yield b'"}'

    r = httpx.post(app.url + path, content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_a_body_under_the_limit_is_read(app: App) -> None:
    r = httpx.post(app.url + "/api/search", json={"query": "peace plan " + " " * 500_000, "k": 1})
    assert r.status_code == 422 and "at most 1000 characters" in r.json()["detail"]  # read, then validated


@pytest.fixture
def guarded(seed_index: Index, serve: Any) -> Iterator[str]:
    with serve(create_server(seed_index, auth=("editor", "s3cret"))) as served:
        yield served.url


def test_an_anonymous_request_is_refused_before_its_body_is_read(guarded: str) -> None:
    # The body is announced but never sent: a server that reads it first never answers.
    head = (f"POST /api/ask HTTP/1.1\nHost: 127.0.0.1:{_port(guarded)}\nContent-Type: application/json\n"
            "Content-Length: 900000\n")
    assert _raw_request(guarded, head).startswith("HTTP/1.1 401")
    assert httpx.post(guarded + "/api/ask", json={"question": "Who presented the plan?"},
                      auth=("editor", "wrong")).status_code == 401
    assert httpx.post(guarded + "/api/ask", json={"question": "Who presented the plan?"},
                      auth=("editor", "s3cret")).status_code == 200
    assert httpx.get(guarded + "/api/health").status_code == 200  # open for monitoring


# --- 7. /api/health is open: it must not show local paths ------------------------------------------
def test_health_shows_no_local_paths(tmp_path: Path, serve: Any) -> None:
    model = tmp_path / "home" / "alice" / "private-models" / "minilm"
    idx = Index(Settings(index_dir=tmp_path / "index", cache_dir=tmp_path / "cache", embedder="hash", model=str(model)))
    idx.add([seeds_dir()])
    with serve(create_server(idx, auth=("editor", "s3cret"))) as served:
        r = httpx.get(served.url + "/api/health")
    assert r.status_code == 200 and r.json()["articles"] == 5
    assert r.json()["embedder"]["model"] == "minilm"
    assert str(tmp_path) not in r.text and "alice" not in r.text


# --- 9. the source filter ------------------------------------------------------------------------
def test_a_huge_source_filter_gets_a_clear_answer(app: App) -> None:
    inputs = ["question", None, "filter-source", "filter-since", "filter-until", "filter-k", "filter-answerer"]
    ask = app.event(inputs, "chat")  # None: the chat history, kept on the server
    try:
        shown = str(app.call(ask, "Who presented the plan?", "B" * 60_000, "", "", 5, "extractive"))
    except Exception as exc:  # an error the app did not handle reaches the client as such
        shown = str(exc)
    assert "too complex" not in shown and "OperationalError" not in shown
    assert "the limit is 200" in shown


@pytest.mark.parametrize("source", ["%", "_", "B_C", "%BBC"])
def test_sql_wildcards_in_the_source_filter_are_plain_characters(app: App, source: str) -> None:
    r = httpx.post(app.url + "/api/search", json={"query": "peace plan Ukraine", "source": source})
    assert r.status_code == 200 and r.json()["results"] == []
    assert httpx.post(app.url + "/api/search", json={"query": "peace plan", "source": "bbc"}).json()["results"]
