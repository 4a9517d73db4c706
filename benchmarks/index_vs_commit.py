"""Indexing time of this checkout against another commit's code, on the same generated corpus, interleaved.

    python benchmarks/index_vs_commit.py --commit 5afe859 --articles 242 --pairs 2

Each run is a fresh process that indexes the corpus with the default settings into a fresh index
and a fresh embedding / claim / parse cache (``Index.add`` of a JSONL file: reading, chunking,
claims, embedding, FAISS, BM25, fsync all count). The model is loaded (and, for exported backends,
converted) by a small warm-up write into another index before the clock starts, and the timed
write starts with only the converted model in its cache folder. The other commit is checked out
with ``git worktree`` into a temporary folder and run from there on this virtualenv's packages,
so its runs use its own default backend and settings. Runs alternate (theirs, ours, theirs, ...)
so a change in machine load hits both sides; the figure to read is the ratio of the medians.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_gen import write_jsonl  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

# Run in the child, with the code under test first on sys.path. Guarded by __main__: the claim workers
# are spawned and import the main module again.
TIMED = """
import json, shutil, sys, tempfile, time
from pathlib import Path


def main():
    from rag.index import Index
    from rag.settings import load_settings

    corpus, warm = sys.argv[1], sys.argv[2]
    base = Path(tempfile.mkdtemp())
    Index(load_settings(index_dir=str(base / "warm"), cache_dir=str(base / "c1"))).add([warm])
    (base / "c2").mkdir()
    for p in (base / "c1").iterdir():
        if p.is_dir():  # the converted model only: no vectors, claims or parses
            shutil.copytree(p, base / "c2" / p.name)
    idx = Index(load_settings(index_dir=str(base / "index"), cache_dir=str(base / "c2")))
    t = time.perf_counter()
    idx.add([corpus])
    seconds = time.perf_counter() - t
    shutil.rmtree(base, ignore_errors=True)
    print(json.dumps({"seconds": seconds}))


if __name__ == "__main__":
    main()
"""


def timed_run(code_dir: Path, script: Path, corpus: Path, warm: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(code_dir), "HF_HUB_OFFLINE": "1"}
    out = subprocess.run([sys.executable, str(script), str(corpus), str(warm)], cwd=code_dir, env=env,
                         capture_output=True, text=True, check=True)
    return float(json.loads(out.stdout.strip().splitlines()[-1])["seconds"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commit", required=True, help="the other code (e.g. 5afe859: before issue #13)")
    parser.add_argument("--articles", type=int, default=242, help="generated articles (~6.2 chunks each)")
    parser.add_argument("--pairs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "index_vs_commit.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpus = write_jsonl(work / "corpus.jsonl", args.articles, seed=0)
        warm = write_jsonl(work / "warm.jsonl", 5, seed=7)
        script = work / "timed.py"
        script.write_text(TIMED, encoding="utf-8")
        theirs = work / "theirs"
        subprocess.run(["git", "worktree", "add", "--detach", str(theirs), args.commit], cwd=ROOT, check=True,
                       capture_output=True)
        times: dict[str, list[float]] = {"theirs": [], "ours": []}
        try:
            for i in range(args.pairs):
                for side, code in (("theirs", theirs), ("ours", ROOT)):
                    times[side].append(timed_run(code, script, corpus, warm))
                    print(f"pair {i + 1} {side}: {times[side][-1]:.1f} s", file=sys.stderr)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(theirs)], cwd=ROOT, check=False)
    ours, other = statistics.median(times["ours"]), statistics.median(times["theirs"])
    result = {"commit": args.commit, "articles": args.articles, "seconds": times,
              "median_ours": ours, "median_theirs": other, "throughput_ours_over_theirs": other / ours}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(json.dumps(result, indent=1))
    print(f"\nIndex.add, {args.articles} generated articles: ours {ours:.1f} s, {args.commit} {other:.1f} s: "
          f"throughput {other / ours:.2f}x of {args.commit}'s")


if __name__ == "__main__":
    main()
