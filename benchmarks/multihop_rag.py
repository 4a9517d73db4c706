"""Reproduce the MultiHop-RAG results in docs/benchmarks.md.

    python benchmarks/multihop_rag.py [--data ../shared/benchmarks/multihop_rag] [--out benchmarks/out/multihop]

Indexes the benchmark corpus into a temporary index with the default settings, runs `rag eval`'s
runner over the questions, writes eval.json / eval.md / eval.png and prints the metrics.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from evals.report import write_reports
from evals.runner import run_eval
from rag import Index
from rag.settings import load_settings

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks" / "multihop_rag"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out/multihop"))
    parser.add_argument("-k", type=int, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        idx = Index(load_settings(index_dir=Path(tmp) / "index"))
        t0 = time.perf_counter()
        report = idx.add([args.data / "corpus.jsonl"])
        index_s = time.perf_counter() - t0
        t1 = time.perf_counter()
        run = run_eval(idx, args.data / "questions.jsonl", args.k)
        eval_s = time.perf_counter() - t1
    write_reports(run, args.out)
    print(f"indexed {len(report.added)} articles ({len(report.skipped)} skipped) in {index_s:.1f}s; "
          f"{run['n']} questions in {eval_s:.1f}s")
    print(json.dumps({"metrics": run["metrics"], "by_type": run["by_type"]}, indent=2))


if __name__ == "__main__":
    main()
