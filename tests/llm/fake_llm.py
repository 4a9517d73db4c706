"""A scripted fake LLM server on 127.0.0.1 speaking the OpenAI chat completions API and Ollama's /api/chat.

Replies come from a queue (``server.script("...", Reply(status=500), ...)``) and, once it is
empty, from ``server.responder(prompt_text) -> str | Reply`` if one is set. Every request is
recorded (path, JSON body, time) so tests can check what the application sent.
"""

from __future__ import annotations

import json
import re
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """One scripted reply: text, or an HTTP error status; optionally slow."""

    text: str = ""
    status: int = 200
    delay: float = 0.0  # seconds before anything is sent
    chunk_delay: float = 0.0  # seconds between streamed chunks


@dataclass
class Seen:
    path: str
    body: dict[str, Any]
    at: float
    sent_chunks: list[float] = field(default_factory=list)  # time each streamed content chunk was flushed

    @property
    def prompt(self) -> str:
        """All message contents joined, in order (system first)."""
        return "\n".join(str(m.get("content", "")) for m in self.body.get("messages", []))


def pieces(text: str) -> list[str]:
    """Split a reply into token-like pieces (words with their trailing spaces)."""
    return re.findall(r"\S+\s*|\s+", text) or [""]


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionResetError, BrokenPipeError)):
            return  # a client that timed out and hung up: expected in the timeout tests
        super().handle_error(request, client_address)


class FakeLLMServer:
    """Start with :meth:`start`; ``url`` is the OpenAI base URL, ``host_url`` the Ollama one."""

    def __init__(self) -> None:
        self.requests: list[Seen] = []
        self.queue: deque[str | Reply] = deque()
        self.responder: Callable[[str], str | Reply] | None = None
        self.stopping = threading.Event()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    # --- scripting ---------------------------------------------------------------------------
    def script(self, *replies: str | Reply) -> None:
        self.queue.extend(replies)

    def next_reply(self, prompt: str) -> Reply:
        if self.queue:
            item: str | Reply = self.queue.popleft()
        elif self.responder is not None:
            item = self.responder(prompt)
        else:
            item = Reply(status=500, text="no scripted reply")
        return Reply(text=item) if isinstance(item, str) else item

    # --- lifecycle ---------------------------------------------------------------------------
    def start(self) -> FakeLLMServer:
        server = self
        handler = type("Handler", (_Handler,), {"fake": server})
        self._httpd = _Server(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-llm", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()  # wakes handlers sleeping in a slow reply
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    @property
    def port(self) -> int:
        assert self._httpd is not None
        return int(self._httpd.server_address[1])

    @property
    def host_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.host_url}/v1"


class _Handler(BaseHTTPRequestHandler):
    fake: FakeLLMServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - keep test output quiet
        pass

    def do_POST(self) -> None:  # noqa: N802 - http.server naming
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        seen = Seen(self.path, body, time.monotonic())
        self.fake.requests.append(seen)
        if self.path.rstrip("/") not in ("/v1/chat/completions", "/api/chat"):
            self._json(404, {"error": {"message": f"no route {self.path}"}})
            return
        reply = self.fake.next_reply(seen.prompt)
        if reply.delay and self.fake.stopping.wait(reply.delay):
            return
        try:
            if reply.status != 200:
                error = {"message": reply.text or "scripted failure", "type": "server_error"}
                self._json(reply.status, {"error": error})
            elif self.path.startswith("/api/"):
                self._ollama(body, reply, seen)
            elif body.get("stream"):
                self._sse(body, reply, seen)
            else:
                self._json(200, _completion(body, reply.text))
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout tests)

    def _json(self, status: int, obj: dict[str, Any]) -> None:
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _chunked(self, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def _write_chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _sse(self, body: dict[str, Any], reply: Reply, seen: Seen) -> None:
        self._chunked("text/event-stream")
        model = body.get("model", "test")
        first = {"role": "assistant", "content": ""}
        self._write_chunk(_sse_event(_chunk(model, first, None)))
        for piece in pieces(reply.text):
            if reply.chunk_delay and self.fake.stopping.wait(reply.chunk_delay):
                return
            self._write_chunk(_sse_event(_chunk(model, {"content": piece}, None)))
            seen.sent_chunks.append(time.monotonic())
        self._write_chunk(_sse_event(_chunk(model, {}, "stop")))
        self._write_chunk(b"data: [DONE]\n\n")
        self._write_chunk(b"")

    def _ollama(self, body: dict[str, Any], reply: Reply, seen: Seen) -> None:
        model = body.get("model", "test")
        if not body.get("stream", True):
            self._json(200, _ollama_msg(model, reply.text, done=True))
            return
        self._chunked("application/x-ndjson")
        for piece in pieces(reply.text):
            if reply.chunk_delay and self.fake.stopping.wait(reply.chunk_delay):
                return
            self._write_chunk((json.dumps(_ollama_msg(model, piece, done=False)) + "\n").encode())
            seen.sent_chunks.append(time.monotonic())
        self._write_chunk((json.dumps(_ollama_msg(model, "", done=True)) + "\n").encode())
        self._write_chunk(b"")


def _completion(body: dict[str, Any], text: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "test"),
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
    }


def _chunk(model: str, delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


def _sse_event(obj: dict[str, Any]) -> bytes:
    return f"data: {json.dumps(obj)}\n\n".encode()


def _ollama_msg(model: str, content: str, *, done: bool) -> dict[str, Any]:
    msg: dict[str, Any] = {
        "model": model,
        "created_at": "2025-01-01T00:00:00Z",
        "message": {"role": "assistant", "content": content},
        "done": done,
    }
    if done:
        msg.update(done_reason="stop", total_duration=1, prompt_eval_count=10, eval_count=10)
    return msg
