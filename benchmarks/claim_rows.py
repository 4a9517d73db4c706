"""The claim rows an index stores for a fixed corpus, and their SHA-256: to check a change keeps claims identical.

    python benchmarks/claim_rows.py [--articles 484] [--corpus MORE.jsonl ...] [--claim-workers -1] [--out rows.json]

Indexes the seed articles, evals/newsdesk and a generated corpus (benchmarks/corpus_gen.py, deterministic)
plus any ``--corpus`` paths into a fresh index (embedder ``hash``: claims do not depend on it) and
prints the number of articles and claim rows and the SHA-256 of every row of the ``claims`` table
in id order. Run it with ``PYTHONPATH`` pointing at each version of the code (e.g. a ``git archive``
of main unpacked somewhere) and compare the hashes; ``--out`` keeps the rows for a diff.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def main() -> None:
    from corpus_gen import write_jsonl

    import rag
    from rag.index import Index
    from rag.ingest.seeds import seeds_dir
    from rag.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=484,
                        help="generated articles (484: index_throughput's 3,000 chunks)")
    parser.add_argument("--corpus", type=Path, nargs="*", default=[], help="more files or folders to index")
    parser.add_argument("--claim-workers", type=int, default=-1)
    parser.add_argument("--out", type=Path, default=None, help="write the rows here (JSON)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rag-rows-") as tmp_s:
        tmp = Path(tmp_s)
        sources = [seeds_dir(), HERE.parent / "evals" / "newsdesk" / "corpus.jsonl", *args.corpus]
        if args.articles:
            sources.append(write_jsonl(tmp / "generated" / "news.jsonl", args.articles))
        idx = Index(Settings(index_dir=tmp / "index", cache_dir=tmp / "cache", embedder="hash",
                             claim_workers=args.claim_workers))
        started = time.perf_counter()
        report = idx.add(sources)
        seconds = time.perf_counter() - started
        assert idx.manifest is not None
        db = sqlite3.connect(idx.dir / idx.manifest.generation_dir / "meta.sqlite")
        rows = db.execute("SELECT * FROM claims ORDER BY id").fetchall()
        db.close()
        idx.close()
    digest = hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode("utf-8")).hexdigest()
    if args.out is not None:
        args.out.write_text(json.dumps(rows, ensure_ascii=False))
    print(json.dumps({"code": str(Path(rag.__file__).parent), "articles": len(report.added), "claims": len(rows),
                      "sha256": digest, "seconds": round(seconds, 1)}))


if __name__ == "__main__":
    main()
