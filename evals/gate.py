"""The CI gate: an eval run against the limits in ``evals/thresholds.toml``.

Per dataset the file names the split that is gated and three kinds of limits::

    [seed]
    split = "test"
    [seed.min]                      # metric >= value
    answer_accuracy = 0.80
    [seed.max]                      # metric <= value
    false_abstention = 0.10
    [seed.above]                    # metric - baseline's metric >= value
    "lexical.answer_accuracy" = 0.05
    "random.mrr@10" = 0.20

A metric that is missing (None) fails its limit: a gate must not pass because nothing was measured.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

THRESHOLDS = Path(__file__).resolve().parent / "thresholds.toml"


def load_limits(dataset: str, path: Path = THRESHOLDS) -> dict[str, Any]:
    """The limits for ``dataset`` (empty when the file has none)."""
    return dict(tomllib.loads(path.read_text(encoding="utf-8")).get(dataset, {}))


def check(run: dict[str, Any], limits: dict[str, Any]) -> list[str]:
    """Every limit ``run`` breaks, as one readable line each (empty: the gate passes)."""
    metrics = run["metrics"]
    failures: list[str] = []
    for key, floor in limits.get("min", {}).items():
        value = metrics.get(key)
        if value is None or value < floor:
            failures.append(f"{key}={value} < {floor}")
    for key, ceiling in limits.get("max", {}).items():
        value = metrics.get(key)
        if value is None or value > ceiling:
            failures.append(f"{key}={value} > {ceiling}")
    baselines = run.get("baselines", {})
    for dotted, margin in limits.get("above", {}).items():
        name, _, key = dotted.partition(".")
        value, base = metrics.get(key), baselines.get(name, {}).get(key)
        if value is None or base is None or value - base < margin:
            failures.append(f"{key}={value} is not {margin} above the {name} baseline ({base})")
    return failures
