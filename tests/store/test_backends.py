"""The store protocol's behaviour, run against every backend (local FAISS+BM25+SQLite, Milvus Lite).

Everything is driven through :class:`rag.Index`, as users and the layers above see it; the
Milvus cases are skipped when the ``[scale]`` extra is not installed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from rag.errors import IndexMismatchError
from rag.index import Index
from rag.nlp import TextAnalyser
from rag.parses import PARSES_FILE, ParseStore, PassageKey, read_stored
from rag.query import make_filters
from rag.sentence_vectors import read_stored_vectors
from rag.settings import Settings
from rag.statements import statements

BACKENDS = ["local", pytest.param("milvus", marks=pytest.mark.milvus)]

ARTICLES = {
    "alpha": ("Harbour terminal delayed", "BBC", "2025-03-01",
              "The harbour authority confirmed on Wednesday that the new container terminal will open in March, "
              "two years later than planned. A dispute with the construction consortium over steel prices was "
              "settled in court last month.\n\nDock workers said the delay had cost 400 seasonal jobs."),
    "beta": ("Drought hits wheat harvest", "Reuters", "2025-04-10",
             "Farmers in the southern plains expect the smallest wheat harvest in twenty years after a spring "
             "without rain. The agriculture ministry said it would release grain from the strategic reserve.\n\n"
             "Bread prices have already risen by a fifth since January, according to the statistics office."),
    "gamma": ("Railway strike called off", "bbc.com", None,
              "The railway union called off next week's national strike after the operator agreed to a pay rise "
              "of six percent over two years. Commuter services will run normally from Monday.\n\nThe union "
              "said members would vote on the deal before the end of the month."),
    "delta": ("Harbour jobs", 'Bad" or source_lc like "%', "2025-05-20",
              "Dock workers at the harbour said the terminal delay had cost 900 seasonal jobs, "
              "according to the union count published on Friday."),
}


def write_corpus(folder: Path, write_jsonl, names=None) -> Path:
    rows = []
    for name, (title, source, date, text) in ARTICLES.items():
        if names is None or name in names:
            row = {"id": name, "title": title, "source": source, "text": text}
            if date:
                row["published_at"] = date
            rows.append(row)
    return write_jsonl(folder / "news.jsonl", rows)


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    if request.param == "milvus":
        pytest.importorskip("pymilvus")
        pytest.importorskip("milvus_lite")
    return str(request.param)


@pytest.fixture
def make(tmp_path, backend):
    def build(**overrides) -> Settings:
        base = {"index_dir": tmp_path / "idx", "cache_dir": tmp_path / "cache", "embedder": "hash",
                "backend": backend}
        return Settings(**{**base, **overrides})

    return build


@pytest.fixture
def corpus(tmp_path, write_jsonl) -> Path:
    return write_corpus(tmp_path / "corpus", write_jsonl)


def ids(hits) -> list[str]:
    return [h.chunk.doc_id for h in hits]


def test_add_then_unchanged_and_reopen(make, corpus, backend):
    idx = Index(make())
    r1 = idx.add([corpus])
    assert sorted(r1.added) == sorted(ARTICLES) and r1.chunks_embedded > 0
    stats = idx.stats()
    assert stats["backend"] == backend and stats["articles"] == 4 and stats["chunks"] == r1.chunks_embedded
    r2 = idx.add([corpus])
    assert sorted(r2.unchanged) == sorted(ARTICLES) and r2.added == r2.updated == []
    again = Index(make())
    assert sorted(d.doc_id for d in again.documents()) == sorted(ARTICLES)
    beta = again.document("beta")
    assert beta is not None and beta.text == ARTICLES["beta"][3] and beta.source == "Reuters"
    assert all(beta.text[c.start : c.end] == c.text for c in again.chunks("beta"))


def test_update_replaces_chunks_and_claims(make, corpus, tmp_path, write_jsonl):
    idx = Index(make())
    idx.add([corpus])
    old_claims = idx.lookup.claims_of(idx.search("seasonal jobs dock workers harbour", k=5))
    assert any(c.value.startswith("400") for c, _ in old_claims)
    changed = dict(ARTICLES)
    changed["alpha"] = ("Harbour terminal opens", "BBC", "2025-03-01",
                        "The container terminal opened on Monday with 250 cranes and a new rail link.")
    rows = [{"id": k, "title": t, "source": s, "text": x, **({"published_at": d} if d else {})}
            for k, (t, s, d, x) in changed.items()]
    write_jsonl(corpus, rows)
    report = idx.add([corpus])
    assert report.updated == ["alpha"] and sorted(report.unchanged) == ["beta", "delta", "gamma"]
    assert [c.text for c in idx.chunks("alpha")] == [changed["alpha"][3]]
    hits = idx.search("steel prices construction consortium court", k=10)
    assert not any("steel" in h.chunk.text for h in hits)  # the old version's text is gone
    near = idx.search("cranes rail link terminal", k=5)
    claims = [c for c, h in idx.lookup.claims_of(near) if h.chunk.doc_id == "alpha"]
    assert any(c.value.startswith("250") for c in claims)
    assert not any(c.value.startswith("400") and c.doc_id == "alpha" for c, _ in idx.lookup.claims_of(hits))
    assert Index(make()).stats()["chunks"] == idx.stats()["chunks"]


def test_prune_and_remove(make, tmp_path, write_jsonl):
    folder = tmp_path / "corpus"
    write_corpus(folder, write_jsonl)
    idx = Index(make())
    idx.add([folder])
    write_corpus(folder, write_jsonl, names={"alpha", "beta", "delta"})
    assert idx.add([folder]).removed == []  # without --prune a vanished article stays
    assert "gamma" in [d.doc_id for d in idx.documents()]
    assert idx.add([folder], prune=True).removed == ["gamma"]
    assert idx.chunks("gamma") == [] and "gamma" not in ids(idx.search("railway strike union", k=10))
    report = idx.remove(["delta", "nope"])
    assert report.removed == ["delta"] and [s.path for s in report.skipped] == ["nope"]
    assert sorted(d.doc_id for d in Index(make()).documents()) == ["alpha", "beta"]


def test_filters_inside_the_engine(make, corpus):
    idx = Index(make())
    idx.add([corpus])
    assert set(ids(idx.search("harbour strike wheat", k=10, source="bbc"))) == {"alpha", "gamma"}
    assert set(ids(idx.search("harbour strike wheat", k=10, source="REUTERS"))) == {"beta"}
    # inclusive dates; the undated article is outside any date range
    assert set(ids(idx.search("harbour strike wheat", k=10, since="2025-04-10"))) == {"beta", "delta"}
    assert set(ids(idx.search("harbour strike wheat", k=10, until="2025-04-10"))) == {"alpha", "beta"}
    assert ids(idx.search("harbour", k=10, since="2026-01-01")) == []


def test_source_filter_cannot_inject_an_expression(make, corpus):
    idx = Index(make())
    idx.add([corpus])
    # the source name is matched as text: quotes and wildcards in it neither widen nor break the filter
    assert ids(idx.search("harbour jobs", k=10, source='Bad" or source_lc like "%')) == ["delta"]
    assert ids(idx.search("harbour jobs", k=10, source='x" or doc_id != "')) == []
    assert ids(idx.search("harbour jobs", k=10, source="%")) == ["delta"]  # a literal %, found in delta's source
    assert ids(idx.search("harbour jobs", k=10, source="b_c")) == []
    idx.remove(['alpha" or doc_id != "'])
    assert len(idx.documents()) == 4


def test_hybrid_ranking(make, corpus):
    idx = Index(make())
    idx.add([corpus])
    hits = idx.search("agriculture ministry strategic reserve grain", k=3)
    assert hits[0].chunk.doc_id == "beta" and [h.rank for h in hits] == list(range(1, len(hits) + 1))
    assert all(a.score >= b.score for a, b in zip(hits, hits[1:], strict=False))
    # a question naming a publication brings its articles in without excluding the others
    named = ids(idx.search("What did Reuters say about harbour jobs?", k=4))
    assert "beta" in named and ("alpha" in named or "delta" in named)


def test_conflict_lookup_reads_claims_and_vectors(make, corpus):
    idx = Index(make())
    idx.add([corpus])
    hits = idx.search("seasonal jobs cost by the terminal delay", k=4)
    located = idx.lookup.claims_of(hits)
    values = {(c.doc_id, c.value) for c, _ in located}
    assert any(d == "alpha" and v.startswith("400") for d, v in values)
    assert ("delta", "Friday") in values
    vectors = idx.lookup.topic_vectors(hits)
    assert set(vectors) == {h.chunk.id for h in hits}
    assert all(v.shape == (idx.embedder.dim,) for v in vectors.values())
    assert idx.lookup.claims_near("dock workers seasonal jobs", 5)


def test_model_and_chunker_mismatch(make, corpus):
    Index(make()).add([corpus])
    with pytest.raises(IndexMismatchError, match="rebuild"):
        Index(make(model="other-model"))
    with pytest.raises(IndexMismatchError, match="chunker"):
        Index(make(chunk_size=300))
    idx = Index(make(chunk_size=300), check=False)
    assert sorted(idx.add([corpus], rebuild=True).added) == sorted(ARTICLES)
    assert Index(make(chunk_size=300)).stats()["chunker"]["size"] == 300


def test_rebuild_keeps_readers_of_the_previous_index_working(make, corpus, tmp_path, write_jsonl):
    reader = Index(make())
    writer = Index(make())
    writer.add([corpus])
    reader = Index(make())
    before = ids(reader.search("wheat harvest", k=2))
    fresh = write_corpus(tmp_path / "fresh", write_jsonl, names={"beta"})
    writer.add([fresh], rebuild=True)
    assert ids(reader.search("wheat harvest", k=2)) == before  # the generation it opened still answers
    assert sorted(d.doc_id for d in Index(make()).documents()) == ["beta"]


def test_backends_rank_alike(tmp_path, corpus):
    """Same corpus, same embedder: both backends return the same passages in the same order."""
    pytest.importorskip("pymilvus")
    pytest.importorskip("milvus_lite")
    results = {}
    for name in ("local", "milvus"):
        idx = Index(Settings(index_dir=tmp_path / name, cache_dir=tmp_path / "cache", embedder="hash", backend=name))
        idx.add([corpus])
        results[name] = [[h.chunk.id for h in idx.search(q, k=4, **f)] for q, f in (
            ("harbour terminal delay jobs", {}), ("wheat bread prices", {}), ("union strike", {"source": "bbc"}),
            ("What did Reuters report?", {}), ("jobs", {"since": "2025-03-01"}),
            ("the union's 6 percent U.S.-style pay rise", {}))]
    assert results["local"] == results["milvus"]


def test_knows_terms(make, corpus):
    """The answerer's corpus check: every word of a name occurs in some chunk (not a stop word, any case)."""
    idx = Index(make())
    idx.add([corpus])
    assert idx.lookup.knows("Harbour terminal") and idx.lookup.knows("the railway UNION")
    assert not idx.lookup.knows("Sergei Lavrov") and not idx.lookup.knows("harbour Lavrov")
    # the words are BM25's on every backend: possessives, one-letter parts and stop words do not count
    assert idx.lookup.knows("the union's U.S. pay") and not idx.lookup.knows("the union's U.S. wage")


def test_passages_naming(make, corpus):
    """The answerer's lookup of a name across the whole index: only passages that mention it, best first."""
    idx = Index(make())
    assert idx.lookup.passages_naming("harbour", 5) == []  # nothing indexed yet
    idx.add([corpus])
    found = idx.lookup.passages_naming("harbour", 5)
    assert {h.chunk.doc_id for h in found} == {"alpha", "delta"}
    assert all("harbour" in h.chunk.text.lower() for h in found)
    assert idx.lookup.passages_naming("Lavrov", 5) == [] and len(idx.lookup.passages_naming("harbour", 1)) == 1


def test_lookup_search_is_the_index_search(make, corpus):
    """The answerer's second retrieval (a two-hop question asked again): what the index's search returns,
    within the question's filters."""
    idx = Index(make())
    assert idx.lookup.search("union strike", 3) == []  # nothing indexed yet
    idx.add([corpus])
    ids = [h.chunk.id for h in idx.lookup.search("union strike", 3)]
    assert ids and ids == [h.chunk.id for h in idx.search("union strike", k=3)]
    only = idx.lookup.search("union strike", 3, make_filters(source="bbc"))
    assert only and all(h.source is not None and "bbc" in h.source.lower() for h in only)
    assert [h.chunk.id for h in only] == [h.chunk.id for h in idx.search("union strike", k=3, source="bbc")]


def test_same_article_gives_every_passage_of_the_hits_article(make, corpus):
    """The answerer's read of a whole article ("Who runs X?": the head's title is given once, anywhere in it)."""
    idx = Index(make(chunk_size=120, chunk_overlap=0))
    idx.add([corpus])
    hit = next(h for h in idx.search("dock workers seasonal jobs", k=5) if h.chunk.doc_id == "alpha")
    article = idx.lookup.same_article(hit)
    assert len(article) > 1 and {h.chunk.doc_id for h in article} == {"alpha"}
    assert [h.chunk.start for h in article] == sorted(h.chunk.start for h in article)
    assert hit.chunk.id in {h.chunk.id for h in article}
    assert all(h.chunk.text in ARTICLES["alpha"][3] for h in article)
    assert all((h.title, h.source, h.published_at) == (hit.title, hit.source, hit.published_at) for h in article)


@pytest.mark.milvus
def test_a_later_process_reads_what_another_wrote(tmp_path, corpus):
    """`rag index` then `rag ask`: Milvus Lite opens a file with its collections released."""
    pytest.importorskip("pymilvus")
    pytest.importorskip("milvus_lite")
    env = {**os.environ, "RAG_INDEX_DIR": str(tmp_path / "idx"), "RAG_CACHE_DIR": str(tmp_path / "cache"),
           "RAG_EMBEDDER": "hash", "RAG_BACKEND": "milvus"}
    write = f"from rag.index import Index; from rag.settings import Settings; Index(Settings()).add([{str(corpus)!r}])"
    subprocess.run([sys.executable, "-c", write], env=env, check=True, capture_output=True)
    idx = Index(Settings(index_dir=tmp_path / "idx", cache_dir=tmp_path / "cache", embedder="hash",
                         backend="milvus"))
    assert idx.stats()["chunks"] > 0
    assert "beta" in {h.chunk.doc_id for h in idx.search("wheat harvest", k=2)}


def _fail(*_args, **_kwargs):
    raise OSError("simulated crash")


def test_crash_mid_update_then_rerun(make, corpus, write_jsonl, backend, monkeypatch, tmp_path):
    """Local: the previous index stays whole. Milvus: the write is left pending and a rerun of the same
    command finishes it, ending in the same state as a clean build."""
    idx = Index(make())
    idx.add([corpus])
    old_hash = idx.store.hashes()["alpha"]
    changed = {**ARTICLES, "alpha": ("Harbour terminal opens", "BBC", "2025-03-01",
                                     "The container terminal opened on Monday with 250 cranes.")}
    rows = [{"id": k, "title": t, "source": s, "text": x, **({"published_at": d} if d else {})}
            for k, (t, s, d, x) in changed.items()]
    write_jsonl(corpus, rows)
    if backend == "local":
        monkeypatch.setattr("rag.store.generation.write_manifest", _fail)
    else:
        from rag.store.milvus import MilvusStore

        # new chunks are in, the old version's rows and the article row are not yet replaced
        monkeypatch.setattr(MilvusStore, "_delete_docs", _fail)
    with pytest.raises(OSError, match="simulated"):
        idx.add([corpus])
    seen = Index(make())
    old_text = " ".join(c.text for c in seen.chunks("alpha"))
    assert "steel prices" in old_text  # the old version is still there on both backends
    assert seen.store.hashes()["alpha"] == old_hash  # so a rerun plans alpha as changed again
    if backend == "local":
        assert "250 cranes" not in old_text  # nothing of the failed write is visible
    else:
        assert seen.store.health()["pending"] is True
        assert "250 cranes" in old_text  # the new chunks went in before the crash
    monkeypatch.undo()
    report = Index(make()).add([corpus])
    assert report.updated == ["alpha"]
    after = Index(make())
    assert after.store.health().get("pending", False) is False
    clean = Index(make(index_dir=tmp_path / "clean"))
    clean.add([corpus])
    assert after.stats()["chunks"] == clean.stats()["chunks"]
    assert [c.text for c in after.chunks("alpha")] == [changed["alpha"][3]]
    assert ids(after.search("container terminal cranes", k=10)) == ids(clean.search("container terminal cranes", k=10))


def test_both_backends_store_the_parses_questions_read(make, corpus):
    """Every written chunk gets its parse stored (rag.parses), and a question's passages are read from it."""
    settings = make()
    idx = Index(settings)
    idx.add([corpus])
    hits = idx.search("harbour terminal jobs", k=3)
    fresh = TextAnalyser(settings.nlp_model)  # nothing cached
    assert len(hits) == 3 and read_stored(settings.cache_dir, hits, fresh) == 3
    assert all(fresh.has(h.chunk.text) for h in hits)
    store = ParseStore(settings.cache_dir / PARSES_FILE, settings.nlp_model)
    assert store.has_all(PassageKey.of(c) for a in idx.documents() for c in idx.chunker.split(a.doc_id, a.text))
    # ... and the vectors of their statements (rag.sentence_vectors): the question encodes none of them
    memo = idx.query_embedder
    assert read_stored_vectors(settings.cache_dir, hits, fresh, memo) == len(
        {st.text for h in hits for st in statements(fresh.parse(h.chunk.text))})
