"""`rag ui` as a real process: no network bind without a login (issue #15, item 7)."""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from localnet import free_port


class Server:
    """`rag ui` in a subprocess; ``lines`` are its merged stdout and stderr as they come."""

    def __init__(self, env: dict[str, str], cwd: Path, *args: str) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "rag.cli", "ui", *args], env=env, cwd=cwd, text=True,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def until(self, *needles: str) -> list[str]:
        """Lines up to the first that contains a needle, or all of them if the process ends first."""
        seen: list[str] = []
        while (line := self.lines.get(timeout=180)) is not None:  # the timeout only stops a hang
            seen.append(line)
            if any(n in line for n in needles):
                break
        return seen

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


@pytest.fixture
def servers() -> Iterator[list[Server]]:
    started: list[Server] = []
    yield started
    for s in started:
        if s.proc.poll() is None:
            s.stop()


STARTED = "newsrag UI on http://"


def get(url: str, tries: int = 50) -> httpx.Response:
    """GET once the server accepts connections: its start line can precede the listening socket."""
    for _ in range(tries - 1):
        try:
            return httpx.get(url)
        except httpx.ConnectError:
            time.sleep(0.2)
    return httpx.get(url)


def test_a_network_bind_without_a_login_is_refused(env: dict[str, str], tmp_path: Path,
                                                    servers: list[Server]) -> None:
    servers.append(Server(env, tmp_path, "--host", "0.0.0.0", "--port", str(free_port())))
    lines = [ln for ln in servers[-1].until(STARTED) if ln.strip()]
    assert not any(STARTED in ln for ln in lines), "the app was served to the network without a login"
    assert servers[-1].proc.wait(timeout=30) == 2
    assert len(lines) == 1 and lines[0].startswith("error: --host 0.0.0.0 serves the app to other machines"), lines
    assert not (tmp_path / "home" / "data" / "rag").exists()  # refused before indexing anything


def test_insecure_serves_with_a_loud_warning(env: dict[str, str], tmp_path: Path, servers: list[Server]) -> None:
    port = free_port()
    servers.append(Server(env, tmp_path, "--host", "0.0.0.0", "--port", str(port), "--insecure"))
    lines = servers[-1].until(STARTED)
    assert any(ln.startswith("WARNING: --host 0.0.0.0 --insecure: no login") for ln in lines), lines
    assert any(STARTED in ln for ln in lines), lines
    assert get(f"http://127.0.0.1:{port}/api/health").json()["articles"] == 5


def test_a_login_allows_a_network_bind(env: dict[str, str], tmp_path: Path, servers: list[Server]) -> None:
    env = {**env, "RAG_UI_USER": "editor", "RAG_UI_PASSWORD": "a long passphrase"}
    port = free_port()
    servers.append(Server(env, tmp_path, "--host", "0.0.0.0", "--port", str(port)))
    assert any(STARTED in ln for ln in servers[-1].until(STARTED))
    assert get(f"http://127.0.0.1:{port}/api/documents").status_code == 401
