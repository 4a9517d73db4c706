"""Run every named eval set (the gated split) and print Markdown tables for docs/benchmarks.md.

    python benchmarks/eval_report.py                      # seed, newsdesk and worldwire test, multihop, rgb, off_topic
    python benchmarks/eval_report.py --sets seed --split dev --json out.json

Each set gets: system vs lexical baseline vs random ranking on every metric, then the system per
question type with the lexical baseline's answer accuracy beside it.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from evals.dataset import load_dataset, resolve_dataset
from evals.gate import load_limits
from evals.metrics import METRIC_KEYS
from evals.report import format_metric
from evals.runner import run_eval
from rag.errors import UsageError
from rag.index import Index
from rag.settings import load_settings

TYPE_KEYS = ("answer_accuracy", "short_answer_f1", "null_abstention", "false_abstention", "conflict_detection",
             "false_conflicts", "hit@1")


def run_set(name: str, split: str | None, cache: Path) -> dict[str, Any]:
    """One set indexed into a temporary folder and evaluated; a split the set lacks raises UsageError first,
    before any indexing (the public halves and off_topic have no dev/test split)."""
    ds = resolve_dataset(name)
    load_dataset(ds.questions, split)
    with tempfile.TemporaryDirectory(prefix="rag-bench-") as tmp:
        idx = Index(load_settings(index_dir=Path(tmp) / "index", cache_dir=cache))
        started = time.perf_counter()
        idx.add(list(ds.corpus))
        indexed = time.perf_counter() - started
        started = time.perf_counter()
        run = run_eval(idx, ds, split=split)
        run["seconds"] = {"index": round(indexed, 1), "questions": round(time.perf_counter() - started, 1)}
        idx.close()
    return run


def markdown(run: dict[str, Any]) -> str:
    base = run["baselines"]
    lines = [
        f"### {run['dataset']} ({run['split']}, {run['n']} questions)",
        "",
        f"Indexing {run['seconds']['index']} s, questions {run['seconds']['questions']} s.",
        "",
        "| metric | system | lexical baseline | random ranking |",
        "|---|---|---|---|",
    ]
    for k in METRIC_KEYS:
        lines.append(f"| {k} | {format_metric(run['metrics'].get(k))} | "
                     f"{format_metric(base['lexical'].get(k))} | {format_metric(base['random'].get(k))} |")
    types = list(run["by_type"])
    lines += ["", "| per type | " + " | ".join(f"{t} (n={run['by_type'][t]['n']})" for t in types) + " |",
              "|---|" + "---|" * len(types)]
    for k in TYPE_KEYS:
        if any(run["by_type"][t].get(k) is not None for t in types):
            lines.append(f"| {k} | " + " | ".join(format_metric(run["by_type"][t].get(k)) for t in types) + " |")
    lex = base["lexical"]["by_type"]
    lines.append("| answer_accuracy, lexical | " + " | ".join(
        format_metric(lex.get(t, {}).get("answer_accuracy")) for t in types) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=["seed", "newsdesk", "worldwire", "multihop", "rgb", "off_topic"])
    parser.add_argument("--split", default=None, help="override the gated split (dev, test, all)")
    parser.add_argument("--json", type=Path, default=None, help="also write every run here")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "rag-bench-cache")
    args = parser.parse_args()
    runs = []
    for name in args.sets:
        split = load_limits(name).get("split") if args.split is None else (None if args.split == "all" else args.split)
        try:
            run = run_set(name, split, args.cache)
        except UsageError as exc:
            print(f"skipped {name}: {exc}", file=sys.stderr)
            continue
        runs.append(run)
        print(markdown(run), flush=True)
    if args.json:
        args.json.write_text(json.dumps(runs, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
