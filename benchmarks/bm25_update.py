"""BM25 after a small write: delta segment vs full rebuild, same process, same texts.

    python benchmarks/bm25_update.py [--sizes 100000 1000000] [--changed 0.001]

For each size: generated news-like chunk texts; a full ``BM25Store.build`` of all of them (the
baseline: what every write cost before segments); then a write that replaces ``--changed`` of the
chunks, applied with ``BM25Store.updated`` on the saved base (loaded memory-mapped, as a writer
does) and saved into a new folder (base hard-linked). Also: search latency with and without the
delta, and the top-10 agreement of base + delta with a full rebuild over the same live chunks.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_gen import chunk_texts  # noqa: E402
from timing import pct, timed  # noqa: E402


def bench(n: int, changed: float, tmp: Path) -> dict[str, object]:
    from rag.store.lexical import BM25Store

    texts = chunk_texts(n)
    keys = list(range(n))
    t = time.perf_counter()
    full = BM25Store.build(keys, texts)
    full.save(tmp / f"base-{n}")
    full_s = time.perf_counter() - t
    m = max(1, int(n * changed))
    rng = np.random.default_rng(3)
    removed = sorted(rng.choice(n, m, replace=False).tolist())
    new_texts = chunk_texts(m, seed=99)
    new_keys = list(range(n, n + m))
    t = time.perf_counter()
    base = BM25Store.load(tmp / f"base-{n}", mmap=True)
    updated = base.updated(removed, new_keys, new_texts, lambda ks: [])
    if updated is None:
        raise SystemExit("the change is too large for a delta at this size")
    updated.save(tmp / f"delta-{n}")
    delta_s = time.perf_counter() - t
    live_texts = dict(zip(keys, texts, strict=True))
    for k in removed:
        del live_texts[k]
    live_texts.update(zip(new_keys, new_texts, strict=True))
    rebuilt = BM25Store.build(list(live_texts), list(live_texts.values()))
    served = BM25Store.load(tmp / f"delta-{n}")
    queries = [" ".join(texts[i].split()[3:9]) for i in rng.integers(0, n, 100)]
    queries += [" ".join(t.split()[3:9]) for t in new_texts[:20]]
    want, lat_full = timed(lambda text: set(rebuilt.search(text, 10)[0].tolist()), queries)
    got, lat_delta = timed(lambda text: set(served.search(text, 10)[0].tolist()), queries)
    agree = [len(a & b) / max(len(a), 1) for a, b in zip(want, got, strict=True)]
    return {
        "chunks": n, "changed_chunks": m,
        "full_rebuild_s": round(full_s, 2), "delta_write_s": round(delta_s, 2),
        "delta_over_full": round(delta_s / full_s, 4),
        "search_p50_ms_rebuilt": pct(lat_full)["p50_ms"], "search_p50_ms_base_plus_delta": pct(lat_delta)["p50_ms"],
        "top10_agreement_with_rebuild": round(float(np.mean(agree)), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--changed", type=float, default=0.001, help="share of chunks replaced by the write")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out/bm25_update.json"))
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="rag-bm25bench-") as tmp:
        for n in args.sizes:
            results.append(bench(n, args.changed, Path(tmp)))
            print(json.dumps(results[-1]), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    print("\n| chunks | changed | full rebuild s | delta write s | ratio "
          "| search p50 ms rebuilt / delta | top-10 agree |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['chunks']} | {r['changed_chunks']} | {r['full_rebuild_s']} | {r['delta_write_s']} | "
              f"{r['delta_over_full']} | {r['search_p50_ms_rebuilt']} / {r['search_p50_ms_base_plus_delta']} | "
              f"{r['top10_agreement_with_rebuild']} |")


if __name__ == "__main__":
    main()
