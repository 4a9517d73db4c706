"""Load test of the HTTP API on loopback: N clients ask seed questions for T seconds.

Starts the JSON API (``ui.api.create_api``) with uvicorn in a thread on 127.0.0.1, runs
``--clients`` threads that POST ``/api/ask`` with the seed-eval questions until ``--seconds``
have passed (or ``--max-requests`` were sent), and meanwhile adds a new article through the
service (what the web app's upload does) and checks that search finds it and a question about
it is answered from it. Every reply must be 200, or 503 "busy" when the queue is full.

    python benchmarks/load_test.py                          # 20 clients x 60 s, bundled model
    python benchmarks/load_test.py --clients 8 --seconds 8 --embedder hash   # quick
    python benchmarks/load_test.py --json out.json

Exit status 0 when there were no errors and the new article became answerable, else 1.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

NEW_DOC = "load_test_new_article"
NEW_TEXT = (
    "Zephyrine harbour approves floating solar farm\n\n"
    "The Zephyrine harbour authority approved a floating solar farm of 412 panels on Tuesday, to be moored in the "
    "old dock basin and connected to the quay's cold stores by the end of next year.\n\n"
    "Engineers said the panels would cover most of the electricity used by the fish market in summer, and the "
    "authority will publish the tender for the moorings next month.\n"
)
NEW_QUESTION = "How many panels will the Zephyrine floating solar farm have?"
NEW_QUERY = "Zephyrine floating solar farm panels"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def seed_questions() -> list[str]:
    path = ROOT / "evals" / "seed.jsonl"
    return [json.loads(line)["question"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def post(url: str, body: dict[str, Any], timeout: float = 120.0) -> tuple[int, dict[str, Any]]:
    data = json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as exc:
        try:
            payload = json.loads(exc.read() or b"{}")
        except ValueError:
            payload = {}
        return exc.code, payload


class Server:
    """uvicorn serving ``app`` on 127.0.0.1 in a daemon thread."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the API server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def run_load(
    index: Any,
    *,
    clients: int = 20,
    seconds: float = 60.0,
    max_requests: int = 1_000_000,
    max_pending: int = 32,
    add_after: float | None = None,
    workdir: Path | None = None,
) -> dict[str, Any]:
    """Run the load test against ``index`` (an open :class:`rag.Index`); returns the results."""
    from ui.api import create_api
    from ui.service import IndexService

    service = IndexService(index, max_pending=max_pending)
    service.warm_up()
    app = create_api(service)
    questions = seed_questions()
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    errors: list[str] = []
    sent = [0]
    stop = threading.Event()
    add_result: dict[str, Any] = {}
    workdir = workdir or Path(tempfile.mkdtemp(prefix="rag-load-"))

    with Server(app) as srv:
        ask_url = f"{srv.url}/api/ask"

        def client(n: int) -> None:
            i = n
            while not stop.is_set():
                with lock:
                    if sent[0] >= max_requests:
                        return
                    sent[0] += 1
                question = questions[i % len(questions)]
                i += clients
                t0 = time.perf_counter()
                try:
                    status, body = post(ask_url, {"question": question})
                except Exception as exc:  # connection reset, timeout: always an error
                    with lock:
                        statuses["exception"] += 1
                        errors.append(f"{type(exc).__name__}: {exc}")
                    continue
                ms = (time.perf_counter() - t0) * 1000
                with lock:
                    if status == 200 and "answer" in body:
                        statuses["200"] += 1
                        latencies.append(ms)
                    elif status == 503 and "busy" in str(body.get("detail", "")):
                        statuses["503 busy"] += 1
                    else:
                        statuses[str(status)] += 1
                        errors.append(f"HTTP {status}: {body}")

        def adder() -> None:
            time.sleep(add_after if add_after is not None else seconds / 3)
            path = workdir / f"{NEW_DOC}.txt"
            path.write_text(NEW_TEXT, encoding="utf-8")
            t0 = time.perf_counter()
            try:
                report = service.add([path])
                add_result["added"] = list(report.added)
                add_result["add_seconds"] = round(time.perf_counter() - t0, 3)
                # answerable through the same API the clients use
                deadline = time.monotonic() + 30
                while time.monotonic() < deadline:
                    status, body = post(f"{srv.url}/api/search", {"query": NEW_QUERY, "k": 3})
                    if status == 200 and any(h["doc_id"] == NEW_DOC for h in body.get("results", [])):
                        add_result["searchable_after_s"] = round(time.perf_counter() - t0, 3)
                        break
                    time.sleep(0.2)
                while True:  # the adder's own question may also get 503 busy when the queue is full
                    status, body = post(ask_url, {"question": NEW_QUESTION})
                    if status != 503 or time.monotonic() > deadline:
                        break
                    time.sleep(0.2)
                cited = [c.get("doc_id") for c in body.get("citations", [])] if status == 200 else []
                add_result["answer"] = body.get("answer") if status == 200 else f"HTTP {status}"
                add_result["answered_from_new_article"] = NEW_DOC in cited and "412" in str(body.get("answer"))
            except Exception as exc:
                add_result["error"] = f"{type(exc).__name__}: {exc}"

        threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
        add_thread = threading.Thread(target=adder, daemon=True)
        started = time.perf_counter()
        for t in threads:
            t.start()
        add_thread.start()
        while time.perf_counter() - started < seconds and any(t.is_alive() for t in threads):
            time.sleep(0.1)
        stop.set()
        for t in threads:
            t.join(timeout=180)
        add_thread.join(timeout=180)
        elapsed = time.perf_counter() - started

    ok = statuses["200"]
    return {
        "clients": clients,
        "seconds": round(elapsed, 2),
        "requests": sum(statuses.values()),
        "statuses": dict(statuses),
        "errors": errors[:20],
        "error_count": len(errors),
        "throughput_rps": round(ok / elapsed, 2) if elapsed else 0.0,
        "p50_ms": round(percentile(latencies, 0.50), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "max_ms": round(max(latencies), 1) if latencies else float("nan"),
        "mean_ms": round(statistics.fmean(latencies), 1) if latencies else float("nan"),
        "add": add_result,
        "passed": not errors and bool(add_result.get("searchable_after_s") is not None)
        and bool(add_result.get("answered_from_new_article")),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--max-requests", type=int, default=1_000_000)
    parser.add_argument("--max-pending", type=int, default=32, help="Queue size before 503 busy.")
    parser.add_argument("--embedder", default=None, help="Embedder (default: settings; 'hash' is fast).")
    parser.add_argument("--index-dir", type=Path, default=None, help="Default: a temporary seed index.")
    parser.add_argument("--json", type=Path, default=None, help="Also write the results here.")
    args = parser.parse_args(argv)

    from rag.index import Index
    from rag.ingest.seeds import seeds_dir
    from rag.settings import load_settings

    with tempfile.TemporaryDirectory(prefix="rag-load-") as tmp:
        overrides: dict[str, Any] = {"index_dir": args.index_dir or Path(tmp) / "index"}
        if args.embedder:
            overrides["embedder"] = args.embedder
        settings = load_settings(**overrides)
        settings = settings.model_copy(update={"cache_dir": Path(tmp) / "cache"})
        index = Index(settings)
        if index.is_empty:
            index.add([seeds_dir()])
        work = Path(tmp) / "new"
        work.mkdir()
        result = run_load(index, clients=args.clients, seconds=args.seconds, max_requests=args.max_requests,
                          max_pending=args.max_pending, workdir=work)
    result["embedder"] = settings.embedder
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
