"""`rag index --ray`: a local Ray (2 CPUs) gives the same index as the plain path, on both backends."""

from __future__ import annotations

import numpy as np
import pytest

from rag.cli_args import ray_address
from rag.index import Index
from rag.settings import Settings

pytestmark = pytest.mark.ray

ARTICLES = [
    {"id": "a1", "title": "Harbour terminal delayed", "source": "BBC", "published_at": "2025-03-01",
     "text": "The harbour authority confirmed that the new container terminal will open in March, two years late. "
             * 4},
    {"id": "a2", "title": "Drought hits wheat", "source": "Reuters",
     "text": "Farmers expect the smallest wheat harvest in twenty years after a spring without rain.\n\n" * 3},
    {"id": "a3", "title": "Railway strike off", "text": "The railway union called off the national strike on Monday."},
]


def test_ray_address_argument():
    assert ray_address(["index", "corpus", "--ray"])[-1] == "local"
    assert ray_address(["index", "--ray", "corpus"]) == ["index", "--ray", "local", "corpus"]
    assert ray_address(["index", "--ray", "ray://head:10001", "c"])[2] == "ray://head:10001"
    assert ray_address(["index", "--ray", "auto"])[2] == "auto"


@pytest.fixture(scope="module")
def ray_local():
    ray = pytest.importorskip("ray")
    pytest.importorskip("ray.data")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


@pytest.mark.parametrize("backend", ["local", pytest.param("milvus", marks=pytest.mark.milvus)])
def test_ray_ingestion_matches_the_plain_path(ray_local, tmp_path, write_jsonl, write_article, backend,
                                              monkeypatch):
    if backend == "milvus":
        pytest.importorskip("milvus_lite")
    from rag import claim_workers
    from rag.ingest import prepare
    from rag.ingest.ray_pipeline import ray_add
    from rag.parses import PARSES_FILE, ParseStore, PassageKey

    corpus = tmp_path / "corpus"
    write_jsonl(corpus / "one.jsonl", ARTICLES[:2])
    write_jsonl(corpus / "two.jsonl", [ARTICLES[2], {**ARTICLES[0], "text": "a duplicate id, skipped"}, "{bad"])
    write_article(corpus, "empty.txt", "")

    def index(name: str) -> Index:
        # separate caches: the Ray run must not find the plain run's vectors
        return Index(Settings(index_dir=tmp_path / name, cache_dir=tmp_path / f"cache-{name}", embedder="hash",
                              backend=backend))

    plain, viaray = index("plain"), index("ray")
    expected = plain.add([corpus])
    parsed_here: list[str] = []
    original = claim_workers.parse_here

    def watched(items, model):  # what the driver parses itself (the actors are other processes)
        parsed_here.extend(it.doc_id for it in items)
        return original(items, model)

    monkeypatch.setattr(claim_workers, "parse_here", watched)
    monkeypatch.setattr(prepare, "parse_here", watched)
    got = ray_add(viaray, [corpus])
    monkeypatch.undo()
    # the actors parsed every article, claims and passages: the driver parses none of them again
    assert parsed_here == []
    stored = ParseStore(tmp_path / "cache-ray" / PARSES_FILE, viaray.settings.nlp_model)
    assert stored.has_all(PassageKey.of(c) for doc in plain.documents() for c in plain.chunks(doc.doc_id))
    stored.close()
    assert (got.added, got.updated, got.unchanged) == (expected.added, expected.updated, expected.unchanged)
    assert sorted((s.path, s.reason) for s in got.skipped) == sorted((s.path, s.reason) for s in expected.skipped)
    assert got.chunks_embedded == expected.chunks_embedded > 0
    assert viaray.manifest.counts == plain.manifest.counts
    for doc in plain.documents():
        assert viaray.document(doc.doc_id) == doc
        assert viaray.chunks(doc.doc_id) == plain.chunks(doc.doc_id)
    hits = plain.search("harbour terminal wheat strike", k=10)
    mine, theirs = plain.lookup.topic_vectors(hits), viaray.lookup.topic_vectors(hits)
    assert set(mine) == set(theirs) and all(np.allclose(mine[c], theirs[c], atol=1e-5) for c in mine)
    assert [c.value for c, _ in viaray.lookup.claims_of(hits)] == [c.value for c, _ in plain.lookup.claims_of(hits)]
    again = ray_add(viaray, [corpus])
    assert sorted(again.unchanged) == ["a1", "a2", "a3"] and again.chunks_embedded == 0
