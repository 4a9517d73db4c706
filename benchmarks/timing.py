"""Timing helpers shared by the benchmarks: per-call latencies and their percentiles."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np


def timed(fn: Callable[[Any], Any], inputs: Iterable[Any]) -> tuple[list[Any], list[float]]:
    """``fn`` applied to each input: the results and each call's wall time in milliseconds."""
    results, ms = [], []
    for item in inputs:
        t = time.perf_counter()
        results.append(fn(item))
        ms.append((time.perf_counter() - t) * 1000)
    return results, ms


def pct(ms: list[float]) -> dict[str, float]:
    return {"p50_ms": round(float(np.percentile(ms, 50)), 2), "p95_ms": round(float(np.percentile(ms, 95)), 2)}
