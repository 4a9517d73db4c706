"""The index: incremental adds, pruning, rebuilds, mismatch and damage detection, filters."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from rag.chunking import CHUNKER_VERSION
from rag.errors import IndexCorruptError, IndexMismatchError, UsageError
from rag.index import Index
from rag.retrieval import MAX_OVERLAP
from rag.settings import Settings
from rag.store.manifest import MANIFEST

ARTICLES = {
    "alpha": (
        "Harbour terminal delayed",
        "The harbour authority confirmed on Wednesday that the new container terminal will open in March, "
        "two years later than planned. A dispute with the construction consortium over steel prices was "
        "settled in court last month.\n\nDock workers welcomed the decision but said the delay had cost "
        "hundreds of seasonal jobs along the coast.",
    ),
    "beta": (
        "Drought hits wheat harvest",
        "Farmers in the southern plains expect the smallest wheat harvest in twenty years after a spring "
        "without rain. The agriculture ministry said it would release grain from the strategic reserve.\n\n"
        "Bread prices have already risen by a fifth since January, according to the statistics office.",
    ),
    "gamma": (
        "Railway strike called off",
        "The railway union called off next week's national strike after the operator agreed to a pay rise "
        "of six percent over two years. Commuter services will run normally from Monday.\n\nThe union "
        "said members would vote on the deal before the end of the month.",
    ),
}


@pytest.fixture
def corpus(tmp_path, write_article):
    folder = tmp_path / "corpus"
    for name, (title, body) in ARTICLES.items():
        write_article(folder, f"{name}.txt", body, title=title)
    return folder


def doc_ids(idx: Index) -> list[str]:
    return sorted(d.doc_id for d in idx.documents())


def gen_dir(idx: Index) -> Path:
    assert idx.manifest is not None
    return idx.dir / idx.manifest.generation_dir


# --- incremental behaviour -------------------------------------------------------------------


def test_first_add_then_unchanged(settings, corpus):
    idx = Index(settings)
    assert idx.is_empty and idx.manifest is None
    r1 = idx.add([corpus])
    assert sorted(r1.added) == ["alpha", "beta", "gamma"]
    assert r1.updated == r1.unchanged == r1.removed == [] and r1.skipped == []
    assert r1.chunks_embedded == idx.stats()["chunks"] > 0
    assert idx.stats()["articles"] == 3
    generation = idx.manifest.generation

    r2 = idx.add([corpus])
    assert sorted(r2.unchanged) == ["alpha", "beta", "gamma"]
    assert r2.added == r2.updated == r2.removed == []
    assert r2.chunks_embedded == 0
    assert idx.manifest.generation == generation  # nothing written

    # a fresh process sees the same index
    again = Index(settings)
    assert doc_ids(again) == ["alpha", "beta", "gamma"]
    assert again.document("beta").title == "Drought hits wheat harvest"


def test_modified_file_is_updated_and_old_chunks_gone(settings, corpus, write_article):
    idx = Index(settings)
    idx.add([corpus])
    old_chunks = idx.chunks("alpha")
    assert any("container terminal" in c.text for c in old_chunks)

    new_body = (
        "The harbour authority said on Friday that a fleet of electric tugboats will replace the diesel "
        "tugs by autumn. The purchase is funded by a green port grant from the regional government."
    )
    write_article(corpus, "alpha.txt", new_body, title="Harbour buys electric tugboats")
    report = idx.add([corpus])
    assert report.updated == ["alpha"]
    assert sorted(report.unchanged) == ["beta", "gamma"]
    assert report.added == [] and report.removed == []
    assert 0 < report.chunks_embedded <= len(idx.chunks("alpha"))

    chunks = idx.chunks("alpha")
    assert chunks and all("container terminal" not in c.text for c in chunks)
    assert any("electric tugboats" in c.text for c in chunks)
    doc = idx.document("alpha")
    assert doc.title == "Harbour buys electric tugboats"
    for c in chunks:
        assert doc.text[c.start : c.end] == c.text
    assert idx.stats()["chunks"] == sum(len(idx.chunks(d)) for d in doc_ids(idx))

    hits = idx.search("container terminal consortium steel prices", k=10)
    assert all("container terminal" not in h.chunk.text for h in hits)
    assert all(h.chunk.id in {c.id for c in idx.chunks(h.chunk.doc_id)} for h in hits)
    top = idx.search("electric tugboats green port grant", k=1)
    assert top[0].chunk.doc_id == "alpha"


def test_deleted_file_kept_without_prune_and_removed_with_prune(settings, corpus):
    idx = Index(settings)
    idx.add([corpus])
    (corpus / "gamma.txt").unlink()

    kept = idx.add([corpus])
    assert kept.removed == []
    assert "gamma" in doc_ids(idx)

    pruned = idx.add([corpus], prune=True)
    assert pruned.removed == ["gamma"]
    assert sorted(pruned.unchanged) == ["alpha", "beta"]
    assert doc_ids(idx) == ["alpha", "beta"]
    assert idx.chunks("gamma") == []
    assert all(h.chunk.doc_id != "gamma" for h in idx.search("railway union strike", k=10))


def test_prune_only_touches_articles_from_the_given_folders(settings, tmp_path, corpus, write_article):
    other = tmp_path / "other"
    write_article(other, "delta.txt", "A completely different story about mountain tunnels and road tolls.")
    idx = Index(settings)
    idx.add([corpus, other])
    (corpus / "beta.txt").unlink()
    report = idx.add([corpus], prune=True)
    assert report.removed == ["beta"]
    assert doc_ids(idx) == ["alpha", "delta", "gamma"]


def test_rebuild_starts_over(settings, tmp_path, corpus, write_article):
    idx = Index(settings)
    idx.add([corpus])
    other = tmp_path / "other"
    write_article(
        other,
        "delta.txt",
        "Mountain villages voted to build a new tunnel under the pass, ending winter closures.",
    )
    report = idx.add([other], rebuild=True)
    assert report.added == ["delta"]
    assert doc_ids(idx) == ["delta"]
    assert Index(settings).stats()["articles"] == 1
    gens = sorted(p.name for p in idx.dir.iterdir() if p.name.startswith("gen-"))
    assert gens == [idx.manifest.generation_dir]


def test_embedding_cache_survives_rebuild(settings, corpus):
    idx = Index(settings)
    first = idx.add([corpus])
    assert first.chunks_embedded > 0
    second = idx.add([corpus], rebuild=True)
    assert sorted(second.added) == ["alpha", "beta", "gamma"]
    assert second.chunks_embedded == 0
    assert (Path(settings.cache_dir) / "embeddings.sqlite").is_file()


def test_duplicate_doc_id_across_folders_is_skipped(settings, tmp_path, corpus, write_article):
    other = tmp_path / "other"
    dup = write_article(
        other, "alpha.txt", "A different article that happens to share the file name alpha.txt."
    )
    report = Index(settings).add([corpus, other])
    assert sorted(report.added) == ["alpha", "beta", "gamma"]
    (skip,) = report.skipped
    assert skip.path == str(dup)
    assert "duplicate doc_id 'alpha'" in skip.reason
    assert str(corpus / "alpha.txt") in skip.reason


def test_remove_by_doc_id(settings, corpus):
    idx = Index(settings)
    idx.add([corpus])
    report = idx.remove(["beta", "nope"])
    assert report.removed == ["beta"]
    assert [(s.path, s.reason) for s in report.skipped] == [("nope", "not in the index")]
    assert doc_ids(idx) == ["alpha", "gamma"]


# --- mismatch --------------------------------------------------------------------------------


def test_chunk_size_mismatch(make_settings, corpus):
    Index(make_settings(chunk_size=700)).add([corpus])
    with pytest.raises(IndexMismatchError) as exc:
        Index(make_settings(chunk_size=500))
    assert "rag index --rebuild" in str(exc.value)
    # without the check (what `rag index --rebuild` does) the index can be rebuilt
    idx = Index(make_settings(chunk_size=500), check=False)
    idx.add([corpus], rebuild=True)
    assert Index(make_settings(chunk_size=500)).manifest.chunker["size"] == 500


def test_chunk_overlap_mismatch(make_settings, corpus):
    Index(make_settings(chunk_overlap=150)).add([corpus])
    with pytest.raises(IndexMismatchError):
        Index(make_settings(chunk_overlap=100))


def test_embedder_model_mismatch(make_settings, corpus):
    Index(make_settings(model="256")).add([corpus])
    with pytest.raises(IndexMismatchError) as exc:
        Index(make_settings(model="128"))
    assert "rag index --rebuild" in str(exc.value)


def test_embedder_fingerprint_mismatch_on_write(make_settings, corpus, tmp_path, write_article):
    idx = Index(make_settings())
    idx.add([corpus])
    manifest = json.loads((idx.dir / MANIFEST).read_text())
    manifest["embedder"]["fingerprint"] = "something-else"
    (idx.dir / MANIFEST).write_text(json.dumps(manifest))
    write_article(corpus, "delta.txt", "Mountain villages voted to build a new tunnel under the pass.")
    with pytest.raises(IndexMismatchError):
        Index(make_settings()).add([corpus])


# --- damage ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_text(p.read_text()[:40]),
        lambda p: p.write_bytes(b"\x00\xff garbage \x80\x81"),
        lambda p: p.write_text(""),
        lambda p: p.write_text("[1, 2, 3]"),
        lambda p: p.write_text('{"schema_version": 1}'),
        lambda p: p.write_text(json.dumps({**json.loads(p.read_text()), "generation": "three"})),
        lambda p: p.write_text(json.dumps({**json.loads(p.read_text()), "counts": [1, 2]})),
        lambda p: p.write_text(json.dumps({**json.loads(p.read_text()), "embedder": {"name": "hash"}})),
        lambda p: p.write_text(json.dumps({**json.loads(p.read_text()), "vector_index": "annoy"})),
    ],
    ids=[
        "truncated",
        "garbage",
        "empty",
        "list",
        "missing-fields",
        "bad-generation",
        "bad-counts",
        "no-dim",
        "unknown-vector-index",
    ],
)
def test_damaged_manifest(settings, corpus, damage):
    Index(settings).add([corpus])
    damage(Path(settings.index_dir) / MANIFEST)
    with pytest.raises((IndexCorruptError, IndexMismatchError)) as exc:
        Index(settings)
    assert "rag index --rebuild" in str(exc.value)
    assert "\n" not in str(exc.value)


def test_damaged_manifest_is_corrupt_error(settings, corpus):
    Index(settings).add([corpus])
    (Path(settings.index_dir) / MANIFEST).write_text('{"embedder": ')
    with pytest.raises(IndexCorruptError):
        Index(settings)


def test_future_schema_version_is_a_mismatch(settings, corpus):
    Index(settings).add([corpus])
    p = Path(settings.index_dir) / MANIFEST
    p.write_text(json.dumps({**json.loads(p.read_text()), "schema_version": 99}))
    with pytest.raises(IndexMismatchError):
        Index(settings)


@pytest.mark.parametrize("name", ["vectors.faiss", "meta.sqlite", "bm25"])
def test_missing_generation_file(settings, corpus, name):
    idx = Index(settings)
    idx.add([corpus])
    target = gen_dir(idx) / name
    idx.close()
    if target.is_dir():
        shutil.rmtree(target)
    else:
        target.unlink()
    with pytest.raises(IndexCorruptError) as exc:
        Index(settings)
    assert "rag index --rebuild" in str(exc.value)


@pytest.mark.parametrize("name", ["vectors.faiss", "meta.sqlite", "bm25/keys.npy"])
def test_garbage_generation_file(settings, corpus, name):
    idx = Index(settings)
    idx.add([corpus])
    target = gen_dir(idx) / name
    idx.close()
    target.write_bytes(b"this is not the file you are looking for" * 10)
    with pytest.raises(IndexCorruptError) as exc:
        Index(settings)
    assert "rag index --rebuild" in str(exc.value)


def test_missing_generation_folder(settings, corpus):
    idx = Index(settings)
    idx.add([corpus])
    shutil.rmtree(gen_dir(idx))
    with pytest.raises(IndexCorruptError):
        Index(settings)


def test_rebuild_recovers_a_damaged_index(settings, corpus):
    idx = Index(settings)
    idx.add([corpus])
    (gen_dir(idx) / "vectors.faiss").unlink()
    (idx.dir / MANIFEST).write_text("{not json")
    fixed = Index(settings, check=False)  # what `rag index --rebuild` opens
    report = fixed.add([corpus], rebuild=True)
    assert sorted(report.added) == ["alpha", "beta", "gamma"]
    reopened = Index(settings)
    assert doc_ids(reopened) == ["alpha", "beta", "gamma"]
    assert reopened.search("wheat harvest drought")[0].chunk.doc_id == "beta"


def test_inconsistent_counts_detected(settings, corpus):
    Index(settings).add([corpus])
    p = Path(settings.index_dir) / MANIFEST
    data = json.loads(p.read_text())
    data["counts"]["chunks"] += 1
    p.write_text(json.dumps(data))
    with pytest.raises(IndexCorruptError):
        Index(settings)


# --- search and filters ----------------------------------------------------------------------

ROWS = [
    {
        "id": "bbc-1",
        "source": "BBC News",
        "published_at": "2025-11-20T09:00:00Z",
        "title": "Peace plan leaked",
        "text": "A leaked peace plan proposes limiting the army to 600,000 troops.",
    },
    {
        "id": "bbc-2",
        "source": "BBC",
        "published_at": "2025-11-23",
        "title": "Leaders meet on peace plan",
        "text": "European leaders met to discuss the peace plan and the army limit.",
    },
    {
        "id": "ft-1",
        "source": "Financial Times",
        "published_at": "2025-11-21",
        "title": "Guarantees depend on deal",
        "text": "US security guarantees depend on a peace plan that cedes territory.",
    },
    {
        "id": "mna-1",
        "source": "MNA",
        "published_at": "2025-11-25",
        "title": "Plan favours Russia",
        "text": "The peace plan presented by Trump is more in Russia's favour, analysts say.",
    },
    {
        "id": "undated",
        "source": "Blog",
        "title": "Peace plan thoughts",
        "text": "Some thoughts on the peace plan and what it means for the region.",
    },
]


@pytest.fixture
def filtered_index(settings, tmp_path, write_jsonl):
    write_jsonl(tmp_path / "feeds" / "rows.jsonl", ROWS)
    idx = Index(settings)
    report = idx.add([tmp_path / "feeds"])
    assert sorted(report.added) == sorted(r["id"] for r in ROWS)
    return idx


def hit_ids(hits) -> set[str]:
    return {h.chunk.doc_id for h in hits}


def test_unfiltered_search_sees_everything(filtered_index):
    assert hit_ids(filtered_index.search("peace plan", k=10)) == {r["id"] for r in ROWS}


def test_source_filter_case_insensitive_substring(filtered_index):
    hits = filtered_index.search("peace plan", k=10, source="bbc")
    assert hit_ids(hits) == {"bbc-1", "bbc-2"}
    assert all("bbc" in h.source.lower() for h in hits)
    assert hit_ids(filtered_index.search("peace plan", k=10, source="FINANCIAL")) == {"ft-1"}
    assert filtered_index.search("peace plan", k=10, source="reuters") == []


def test_date_filters_are_inclusive(filtered_index):
    idx = filtered_index
    assert hit_ids(idx.search("peace plan", k=10, since="2025-11-21")) == {"bbc-2", "ft-1", "mna-1"}
    assert hit_ids(idx.search("peace plan", k=10, until="2025-11-21")) == {"bbc-1", "ft-1"}
    assert hit_ids(idx.search("peace plan", k=10, since="2025-11-21", until="2025-11-23")) == {
        "ft-1",
        "bbc-2",
    }
    assert hit_ids(idx.search("peace plan", k=10, since="2025-11-23", until="2025-11-23")) == {"bbc-2"}
    assert hit_ids(idx.search("peace plan", k=10, source="bbc", since="2025-11-21")) == {"bbc-2"}
    assert idx.search("peace plan", k=10, since="2026-01-01") == []


def test_filtered_search_still_fills_k(filtered_index):
    # the filter applies inside retrieval, so the allowed articles are found even if unpopular
    hits = filtered_index.search("army troops limit", k=1, source="MNA")
    assert [h.chunk.doc_id for h in hits] == ["mna-1"]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"since": "2025-11-25", "until": "2025-11-20"},
        {"since": "yesterday"},
        {"until": "2025-13-01"},
    ],
)
def test_bad_filters_are_usage_errors(filtered_index, kwargs):
    with pytest.raises(UsageError):
        filtered_index.search("peace plan", **kwargs)


@pytest.mark.parametrize("query", ["", "   "])
def test_empty_query_is_usage_error(filtered_index, query):
    with pytest.raises(UsageError):
        filtered_index.search(query)


def test_search_on_empty_index_returns_nothing(settings):
    assert Index(settings).search("anything") == []


def test_results_never_repeat_a_passage(settings, tmp_path, write_article):
    sentences = [
        f"Sentence {i} says the peace plan limits the army to 600,000 troops and cedes Donbas territory."
        for i in range(60)
    ]
    write_article(tmp_path / "long", "long.txt", " ".join(sentences))
    write_article(tmp_path / "long", "short.txt", "A short note: the peace plan was leaked on Friday.")
    idx = Index(settings.model_copy(update={"chunk_size": 300, "chunk_overlap": 200}))
    idx.add([tmp_path / "long"])
    assert len(idx.chunks("long")) > 10
    hits = idx.search("peace plan army troops Donbas", k=20)
    assert len(hits) > 3
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    assert all(a.score >= b.score for a, b in zip(hits, hits[1:], strict=False))
    doc = idx.document("long")
    for i, a in enumerate(hits):
        if a.chunk.doc_id == "long":
            assert doc.text[a.chunk.start : a.chunk.end] == a.chunk.text
        for b in hits[i + 1 :]:
            if a.chunk.doc_id != b.chunk.doc_id:
                continue
            inter = min(a.chunk.end, b.chunk.end) - max(a.chunk.start, b.chunk.start)
            shorter = min(a.chunk.end - a.chunk.start, b.chunk.end - b.chunk.start)
            assert inter / shorter <= MAX_OVERLAP


# --- on-disk format --------------------------------------------------------------------------


def test_index_files_are_not_pickles(settings, corpus):
    idx = Index(settings)
    idx.add([corpus])
    files = [p for p in idx.dir.rglob("*") if p.is_file()]
    allowed = {".json", ".npy", ".faiss", ".sqlite"}
    for p in files:
        if p.name == ".lock":
            continue
        assert p.suffix in allowed, f"unexpected file {p.relative_to(idx.dir)}"
        assert not p.read_bytes().startswith(b"\x80"), f"{p} looks like a pickle"
    for npy in idx.dir.rglob("*.npy"):
        np.load(npy, allow_pickle=False)
    for js in idx.dir.rglob("*.json"):
        json.loads(js.read_text())
    assert any(p.suffix == ".faiss" for p in files)
    assert any(p.suffix == ".sqlite" for p in files)


def test_stats_and_manifest(settings, corpus):
    idx = Index(settings)
    idx.add([corpus])
    s = idx.stats()
    assert s["articles"] == 3
    assert s["chunks"] == sum(len(idx.chunks(d)) for d in ARTICLES)
    assert s["embedder"]["name"] == "hash" and s["embedder"]["dim"] == 256
    assert s["chunker"] == {
        "kind": CHUNKER_VERSION,
        "size": settings.chunk_size,
        "overlap": settings.chunk_overlap,
    }
    assert s["generation"] >= 1


def test_prune_works_from_another_working_directory(settings, tmp_path, corpus, monkeypatch):
    monkeypatch.chdir(tmp_path)
    idx = Index(settings)
    idx.add([Path("corpus")])  # a relative path, as typed on the command line
    assert all(Path(d.path).is_absolute() for d in idx.documents())
    (corpus / "gamma.txt").unlink()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    report = Index(settings).add([corpus], prune=True)
    assert report.removed == ["gamma"]


def test_duplicate_ids_inside_one_jsonl(settings, tmp_path, write_jsonl):
    p = write_jsonl(
        tmp_path / "feeds" / "dup.jsonl",
        [
            {"id": "x", "text": "The first version of the story about the harbour strike."},
            {"id": "x", "text": "A second row that reuses the id of the first one by mistake."},
        ],
    )
    report = Index(settings).add([p])
    assert report.added == ["x"]
    (skip,) = report.skipped
    assert "duplicate doc_id 'x'" in skip.reason


def test_folder_of_only_bad_files_gives_an_empty_searchable_index(settings, tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.txt").write_text("")
    report = Index(settings).add([folder])
    assert report.added == [] and len(report.skipped) == 1
    idx = Index(settings)
    assert idx.is_empty
    assert idx.search("anything at all") == []


# --- what is retrieved for a question before any answerer reads it -------------------------------
STORIES = [
    ("h1", "Harbour Herald", "Dock workers at Port Alder walked out on Monday over pay, the union said."),
    ("h2", "Harbour Herald", "Ships queued off Port Alder on Tuesday as the dock strike entered its second day."),
    ("h3", "Harbour Herald", "Port Alder's dock strike cost shipping lines about 2 million dollars a day."),
    ("h4", "Harbour Herald", "Union leaders at Port Alder said the dock strike would go on until pay talks resume."),
    ("c1", "Coast Courier", "The Port Alder dockers' strike ended on Friday after a 6 percent pay rise."),
]


def test_a_question_naming_two_publications_gets_passages_from_each(
    settings: Settings, tmp_path: Path, write_jsonl: Callable[..., Path]
) -> None:
    corpus = write_jsonl(tmp_path / "corpus.jsonl", [
        {"id": i, "title": f"Story {i}", "source": s, "published_at": "2025-03-07", "text": t} for i, s, t in STORIES])
    idx = Index(settings)
    idx.add([corpus])
    question = "Does the Harbour Herald report the Port Alder dock strike began on Monday, while the Coast Courier " \
               "reports it ended on Friday?"
    # one passage would hold one publication's words; the question weighs each one's
    answer = idx.ask(question, k=1)
    cited = {c.hit.source for c in answer.citations}
    assert cited == {"Harbour Herald", "Coast Courier"}
    # a plain search returns what was asked for
    assert len(idx.search(question, k=1)) == 1
