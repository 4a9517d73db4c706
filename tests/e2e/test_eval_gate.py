"""CI gate: the seed eval with the real model must meet evals/thresholds.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from evals.dataset import default_dataset
from evals.runner import run_eval
from rag import Index

pytestmark = pytest.mark.slow
THRESHOLDS = Path(__file__).resolve().parents[2] / "evals" / "thresholds.toml"


def test_seed_eval_meets_thresholds(seed_index: Index) -> None:
    limits = tomllib.loads(THRESHOLDS.read_text())
    run = run_eval(seed_index, default_dataset())
    metrics = run["metrics"]
    assert run["n"] >= 50
    failures = [
        f"{k}={metrics[k]} < {v}" for k, v in limits["min"].items() if metrics[k] is None or metrics[k] < v
    ] + [f"{k}={metrics[k]} > {v}" for k, v in limits["max"].items() if metrics[k] is None or metrics[k] > v]
    assert not failures, "seed eval below thresholds: " + ", ".join(failures)
