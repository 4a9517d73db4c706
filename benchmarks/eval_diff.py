"""Compare two eval runs question by question; held-out (test) questions are only counted.

    python benchmarks/eval_report.py --sets seed newsdesk worldwire --split dev --json before.json
    # ... change the code ...
    python benchmarks/eval_report.py --sets seed newsdesk worldwire --split dev --json after.json
    python benchmarks/eval_diff.py before.json after.json     # what moved, per set and question
    python benchmarks/eval_diff.py --failures after.json      # what is still wrong, by kind

See evals/diff.py: questions of a ``test`` split are never printed, only counted.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from evals.diff import diff_runs, failures_by_kind, format_diff, format_failures, load_runs
from rag.errors import RagError


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="+", type=Path, help="BEFORE.json AFTER.json, or one file with --failures")
    parser.add_argument("--failures", action="store_true", help="list the wrong questions of one run by kind")
    args = parser.parse_args()
    try:
        if args.failures:
            if len(args.runs) != 1:
                parser.error("--failures takes one file")
            print(format_failures(failures_by_kind(load_runs(args.runs[0]))), end="")
            return 0
        if len(args.runs) != 2:
            parser.error("give two files: BEFORE.json AFTER.json")
        print(format_diff(diff_runs(load_runs(args.runs[0]), load_runs(args.runs[1]))), end="")
    except RagError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
