"""Reduced load test: 8 clients x 8 s on loopback with the hash embedder (full size: see docs/reliability.md).

    python benchmarks/load_test.py --clients 20 --seconds 60          # the full run, bundled model
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from rag.index import Index
from rag.ingest.seeds import seeds_dir
from rag.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def load_module():
    spec = importlib.util.spec_from_file_location("load_test", ROOT / "benchmarks" / "load_test.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_load_no_errors_and_new_article_answerable(tmp_path):
    load_test = load_module()
    idx = Index(Settings(index_dir=tmp_path / "idx", cache_dir=tmp_path / "cache", embedder="hash"))
    idx.add([seeds_dir()])
    work = tmp_path / "new"
    work.mkdir()
    result = load_test.run_load(idx, clients=8, seconds=8, workdir=work)
    assert result["error_count"] == 0, result["errors"]
    assert set(result["statuses"]) <= {"200", "503 busy"}, result["statuses"]
    assert result["statuses"].get("200", 0) >= 8
    assert result["add"].get("added") == [load_test.NEW_DOC], result["add"]
    assert result["add"].get("searchable_after_s") is not None, result["add"]
    assert result["add"].get("answered_from_new_article"), result["add"]
    assert result["p50_ms"] <= result["p95_ms"]
    assert result["passed"]


def test_full_queue_replies_busy_not_error(tmp_path):
    """With a queue of 2 and 8 clients, the extra requests get an explicit 503 busy, nothing else."""
    load_test = load_module()
    idx = Index(Settings(index_dir=tmp_path / "idx", cache_dir=tmp_path / "cache", embedder="hash"))
    idx.add([seeds_dir()])
    work = tmp_path / "new"
    work.mkdir()
    result = load_test.run_load(idx, clients=8, seconds=3, max_pending=2, workdir=work)
    assert result["error_count"] == 0, result["errors"]
    assert set(result["statuses"]) <= {"200", "503 busy"}, result["statuses"]
    assert result["statuses"].get("200", 0) > 0
