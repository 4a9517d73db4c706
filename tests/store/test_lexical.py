"""BM25 segments: a small write rebuilds only a delta that scores like a full rebuild would."""

from __future__ import annotations

import os
import random
from pathlib import Path

import numpy as np
import pytest

from rag.index import Index
from rag.store import lexical
from rag.store.lexical import BM25Store

WORDS = (
    "harbour terminal strike wheat harvest grain union pay council budget metro fares court ruling drought "
    "reserve minister tariff export bank inflation wages solar grid nurse hospital vaccine airline pilot"
).split()


def texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30))) for _ in range(n)]


@pytest.fixture(autouse=True)
def small_segments(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lexical, "DELTA_MIN_BASE_ROWS", 50)


def scores_of(store: BM25Store, query: str) -> dict[int, float]:
    keys, scores = store.search(query, 1000)
    return dict(zip(keys.tolist(), scores.tolist(), strict=True))


def test_delta_scores_equal_a_full_rebuild_for_the_new_chunks() -> None:
    old, new = texts(200, 1), texts(12, 2)
    base = BM25Store.build(list(range(200)), old)
    updated = base.updated([], list(range(200, 212)), new, lambda ks: [])
    assert updated is not None and len(updated.delta.keys) == 12
    full = BM25Store.build(list(range(212)), old + new)
    for query in ("harbour strike", "nurse hospital vaccine", "grain reserve drought"):
        got, want = scores_of(updated, query), scores_of(full, query)
        new_keys = [k for k in want if k >= 200]
        assert new_keys
        assert np.allclose([got[k] for k in new_keys], [want[k] for k in new_keys], rtol=1e-5)


def test_removed_chunks_are_never_returned_and_replaced_ones_come_from_the_delta() -> None:
    old = texts(100, 3)
    old[7] = "zeppelin harbour"
    old[8] = "zeppelin airline"
    store = BM25Store.build(list(range(100)), old)
    updated = store.updated([7, 8], [100], ["zeppelin grid"], lambda ks: [])
    assert updated is not None
    keys, _ = updated.search("zeppelin", 10)
    assert keys.tolist() == [100]
    assert 7 not in updated.keys and 100 in updated.keys and len(updated.keys) == 99
    # later small writes keep the delta's surviving chunks (texts come back from the caller) and the tombstones
    asked: list[list[int]] = []
    again = updated.updated([], [101], ["zeppelin solar"], lambda ks: asked.append(ks) or ["zeppelin grid"] * len(ks))
    assert again is not None and asked == [[100]]
    assert sorted(again.search("zeppelin", 10)[0].tolist()) == [100, 101]
    third = again.updated([100], [], [], lambda ks: ["zeppelin solar"] * len(ks))
    assert third is not None
    assert third.search("zeppelin", 10)[0].tolist() == [101]
    assert sorted(third.deleted.tolist()) == [7, 8]


def test_large_changes_and_small_indexes_ask_for_a_full_build(monkeypatch: pytest.MonkeyPatch) -> None:
    store = BM25Store.build(list(range(100)), texts(100, 4))
    assert store.updated(list(range(6)), list(range(100, 105)), texts(5, 5), lambda ks: []) is None  # 11% > 10%
    assert store.updated([1], [100], ["one more"], lambda ks: []) is not None
    monkeypatch.setattr(lexical, "DELTA_MIN_BASE_ROWS", 1000)
    assert store.updated([1], [100], ["one more"], lambda ks: []) is None


def test_saved_delta_links_the_base_files_and_loads_back(tmp_path: Path) -> None:
    BM25Store.build(list(range(100)), texts(100, 6)).save(tmp_path / "g1")
    first = BM25Store.load(tmp_path / "g1", mmap=True)
    updated = first.updated([3], [100, 101], ["zeppelin harbour", "zeppelin wheat"], lambda ks: [])
    assert updated is not None
    updated.save(tmp_path / "g2")
    assert os.stat(tmp_path / "g2" / "keys.npy").st_ino == os.stat(tmp_path / "g1" / "keys.npy").st_ino
    loaded = BM25Store.load(tmp_path / "g2")
    assert loaded.keys.tolist() == updated.keys.tolist()
    assert scores_of(loaded, "zeppelin harbour") == scores_of(updated, "zeppelin harbour")
    assert loaded.search("zeppelin", 5, allowed=np.asarray([101, 5]))[0].tolist() == [101]


def test_store_written_before_segments_is_rebuilt_not_extended(tmp_path: Path) -> None:
    BM25Store.build(list(range(100)), texts(100, 7)).save(tmp_path / "old")
    info = tmp_path / "old" / "info.json"
    info.write_text('{"rows": 100}')  # the layout of earlier versions
    (tmp_path / "old" / "deleted.npy").unlink()
    old = BM25Store.load(tmp_path / "old")
    assert len(old.keys) == 100
    assert old.updated([], [100], ["more"], lambda ks: []) is None


def test_index_writes_a_delta_for_a_small_update(make_settings, write_jsonl, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [{"id": f"a{i}", "title": f"Story {i}", "text": t} for i, t in enumerate(texts(120, 8))]
    idx = Index(make_settings())
    idx.add([write_jsonl(tmp_path / "in" / "one.jsonl", rows)])
    gen = idx.dir / idx.manifest.generation_dir  # type: ignore[union-attr]
    assert not (gen / "bm25" / "delta").exists()
    extra = [{"id": "z1", "title": "Zeppelin", "text": "A zeppelin landed at the harbour on Tuesday."}]
    idx.add([write_jsonl(tmp_path / "in" / "two.jsonl", extra)])
    gen = idx.dir / idx.manifest.generation_dir  # type: ignore[union-attr]
    assert (gen / "bm25" / "delta").is_dir()
    hits = idx.search("zeppelin", 3)
    assert hits[0].chunk.doc_id == "z1" and hits[0].bm25_score
    idx.remove(["a3", "z1"])
    assert all(h.chunk.doc_id not in ("a3", "z1") for h in idx.search("zeppelin harbour", 10))
    reopened = Index(make_settings())
    assert reopened.stats()["chunks"] == idx.stats()["chunks"]


def test_top_rows_keep_the_best_positive_scores_with_ties_in_row_order() -> None:
    scores = np.asarray([0, 2, 1, 2, 2, 0, 3], dtype=np.float32)
    assert lexical._top_rows(scores, 3).tolist() == [6, 1, 3]
    assert lexical._top_rows(scores, 10).tolist() == [6, 1, 3, 4, 2]
    assert lexical._top_rows(np.zeros(5, dtype=np.float32), 3).tolist() == []
    many = np.zeros(100_000, dtype=np.float32)
    many[::7] = 1.0
    many[50_000] = 2.0
    assert lexical._top_rows(many, 3).tolist() == [50_000, 0, 7]
