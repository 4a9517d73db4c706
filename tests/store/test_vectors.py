"""Vector stores: flat vs HNSW by size, save/load, removal (tombstones), recall, filters."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from rag.index import Index
from rag.records import Article
from rag.store import vectors as V
from rag.store.generation import VECTORS

DIM = 32


def _data(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, DIM)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return np.arange(1, n + 1, dtype=np.int64), x


def _filled(kind: str, n: int = 500) -> tuple[V.VectorStore, np.ndarray, np.ndarray]:
    keys, x = _data(n)
    store = V.VECTOR_STORES[kind](DIM)
    store.add(keys, x)
    return store, keys, x


def test_choose_kind_by_size_with_hysteresis() -> None:
    assert V.choose_kind(10) == "flat"
    assert V.choose_kind(V.HNSW_THRESHOLD - 1) == "flat"
    assert V.choose_kind(V.HNSW_THRESHOLD) == "hnsw"
    assert V.choose_kind(V.FLAT_BELOW, "hnsw") == "hnsw"
    assert V.choose_kind(V.FLAT_BELOW - 1, "hnsw") == "flat"


@pytest.mark.parametrize("kind", ["flat", "hnsw"])
def test_save_load_round_trip(kind: str, tmp_path: Path) -> None:
    store, keys, x = _filled(kind)
    store.remove(keys[:3])
    store.save(tmp_path / "v.faiss")
    loaded = V.VECTOR_LOADERS[kind](tmp_path / "v.faiss", DIM)
    assert loaded.kind == kind and loaded.ntotal == len(keys) - 3
    got, _ = loaded.search(x[10], 1)
    assert got[0] == keys[10]
    got, _ = loaded.search(x[0], 5)
    assert keys[0] not in got


@pytest.mark.parametrize("kind", ["flat", "hnsw"])
def test_removal(kind: str) -> None:
    store, keys, x = _filled(kind)
    gone = keys[::7]
    store.remove(gone)
    assert store.ntotal == len(keys) - len(gone)
    for i in range(0, len(keys), 7):
        got, _ = store.search(x[i], 10)
        assert not set(got) & set(gone.tolist())
    left, _ = store.items()
    assert sorted(left.tolist()) == sorted(set(keys.tolist()) - set(gone.tolist()))
    # filtered search respects removals too
    got, _ = store.search(x[0], 5, allowed=keys[:20])
    assert set(got) <= set(keys[:20].tolist()) - set(gone.tolist())


def test_hnsw_compacts_after_many_removals_and_readds() -> None:
    store, keys, x = _filled("hnsw", 200)
    store.remove(keys[:100])  # > COMPACT_RATIO: graph rebuilt from stored vectors
    assert store.ntotal == 100 and not store._deleted  # type: ignore[attr-defined]
    store.remove(keys[100:101])
    store.add(keys[100:101], x[100:101])  # a tombstoned key comes back
    assert store.ntotal == 100
    got, _ = store.search(x[100], 1)
    assert got[0] == keys[100]


def test_hnsw_recall_vs_exact() -> None:
    flat, keys, x = _filled("flat", 3000)
    hnsw = V.VECTOR_STORES["hnsw"](DIM)
    hnsw.add(keys, x)
    rng = np.random.default_rng(1)
    queries = rng.standard_normal((50, DIM)).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    hits = 0
    for q in queries:
        exact, _ = flat.search(q, 10)
        approx, _ = hnsw.search(q, 10)
        hits += len(set(exact.tolist()) & set(approx.tolist()))
    assert hits / (10 * len(queries)) >= 0.9


def test_hnsw_filtered_search_is_exact_over_allowed() -> None:
    flat, keys, x = _filled("flat", 1000)
    hnsw, _, _ = _filled("hnsw", 1000)
    allowed = keys[::3]
    a, sa = flat.search(x[5], 10, allowed)
    b, sb = hnsw.search(x[5], 10, allowed)
    assert a.tolist() == b.tolist()
    assert np.allclose(sa, sb, atol=1e-5)


def test_convert_keeps_pairs() -> None:
    flat, keys, x = _filled("flat", 100)
    hnsw = V.convert(flat, "hnsw")
    assert hnsw.kind == "hnsw" and hnsw.ntotal == 100
    got, _ = hnsw.search(x[42], 1)
    assert got[0] == keys[42]


def test_index_switches_kind_by_size(settings, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(V, "HNSW_THRESHOLD", 6)
    monkeypatch.setattr(V, "FLAT_BELOW", 3)
    idx = Index(settings)
    body = "The harbour terminal opened in March after a long dispute over steel prices. " * 3
    arts = [Article(doc_id=f"a{i}", text=f"Story {i}. {body}", title=f"T{i}") for i in range(3)]
    idx.add_articles(arts)
    assert idx.manifest is not None and idx.manifest.vector_index == "flat"
    more = [Article(doc_id=f"b{i}", text=f"Other {i}. {body}", title=f"U{i}") for i in range(5)]
    idx.add_articles(more)
    m = idx.manifest
    assert m is not None and m.vector_index == "hnsw"
    assert (idx.dir / m.generation_dir / VECTORS).exists()
    idx.remove(["b0"])
    assert idx.manifest is not None and idx.manifest.vector_index == "hnsw"
    hits = idx.search("harbour terminal steel", 10)
    assert hits and all(h.chunk.doc_id != "b0" for h in hits)
    reopened = Index(settings)
    assert reopened.stats()["chunks"] == idx.stats()["chunks"]
    idx.remove([f"b{i}" for i in range(1, 5)] + ["a0", "a1"])
    assert idx.manifest is not None and idx.manifest.vector_index == "flat"
    assert [h.chunk.doc_id for h in idx.search("harbour", 5)] == ["a2"] * len(idx.search("harbour", 5))


def test_interrupted_indexing_resumes_from_embedding_cache(settings, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from embeddings.hashing import HashingEmbedder
    from rag.store import generation

    monkeypatch.setattr(generation, "EMBED_BATCH", 4)
    body = " ".join(f"Sentence {i} about the harbour, wheat prices and the railway strike." for i in range(40))
    arts = [Article(doc_id=f"a{i}", text=f"Story {i}. {body}", title=f"T{i}") for i in range(3)]

    class Failing(HashingEmbedder):
        calls = 0

        def embed_documents(self, texts):  # type: ignore[no-untyped-def]
            Failing.calls += 1
            if Failing.calls == 3:
                raise KeyboardInterrupt
            return super().embed_documents(texts)

    seen: list[tuple[int, int]] = []
    with pytest.raises(KeyboardInterrupt):
        Index(settings, embedder=Failing(256)).add_articles(arts, progress=lambda d, t: seen.append((d, t)))
    assert seen and seen[-1][0] == 8  # two batches of 4 were embedded (and cached) before the stop
    idx = Index(settings, embedder=HashingEmbedder(256))
    assert idx.manifest is None  # nothing was committed
    report = idx.add_articles(arts)
    total = idx.stats()["chunks"]
    assert report.chunks_embedded == total - 8
