"""Claims parsed by worker processes beside the embedding are exactly those of rag.claims.extract_claims."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from embeddings import EmbeddingCache, create_embedder
from rag import claim_workers
from rag.chunking import Chunker
from rag.claim_workers import ClaimExtraction, Parsed, ToParse, encode_statements
from rag.claims import extract_claims
from rag.embedder import EncoderRecipe, encoder_recipe
from rag.errors import ModelNotFoundError
from rag.index import Index
from rag.ingest import load_files
from rag.ingest.seeds import seeds_dir
from rag.nlp import DEFAULT_MODEL, load_pipeline
from rag.parses import decode, passage_parses
from rag.records import Article
from rag.settings import Settings

NEWSDESK = Path(__file__).resolve().parents[2] / "evals" / "newsdesk" / "corpus.jsonl"
SOME = 12  # newsdesk articles used: enough for several batches of 4,000 characters, cheap enough for CI


@pytest.fixture(scope="module")
def articles() -> list[ToParse]:
    """The seed articles and some of the newsdesk corpus (text the project ships), with their chunks' spans."""
    seeds = [a for a in load_files(sorted(seeds_dir().glob("*.txt")), 1 << 30) if isinstance(a, Article)]
    rows = [json.loads(line) for line in NEWSDESK.read_text(encoding="utf-8").splitlines() if line.strip()][:SOME]
    texts = [(a.doc_id, a.text) for a in seeds] + [(r["id"], r["text"]) for r in rows]
    return [ToParse(d, t, tuple(Chunker().spans(t))) for d, t in texts]


@pytest.fixture(scope="module")
def reference(articles: list[ToParse]) -> list[tuple[object, ...]]:
    """What extract_claims and passage_parses give for each article parsed on its own in this process."""
    nlp = load_pipeline(DEFAULT_MODEL)
    out = []
    for it in articles:
        doc = nlp(it.text)
        cut = passage_parses(doc, it.spans)
        said = tuple(dict.fromkeys(text for p in cut for text in p.statements))
        out.append(_comparable(Parsed(it.doc_id, extract_claims(doc, it.doc_id), [p.data for p in cut], said)))
    return out


def _comparable(done: Parsed) -> tuple[object, ...]:
    """A result with its passage parses decoded (DocBin bytes list strings in a per-process order)."""
    vocab = load_pipeline(DEFAULT_MODEL).vocab
    docs = [decode(b, vocab) for b in done.passages]
    return (done.doc_id, done.claims, [(d.text, [(t.dep_, t.head.i, t.lemma_, t.ent_type_) for t in d]) for d in docs],
            done.statements)


def _flatten(batches: list[list[Parsed]]) -> list[tuple[object, ...]]:
    return [_comparable(item) for batch in batches for item in batch]


def test_workers_give_the_same_claims_in_the_same_order(articles, reference) -> None:  # type: ignore[no-untyped-def]
    with ClaimExtraction(articles, DEFAULT_MODEL, workers=2, min_chars=0, batch_chars=4_000) as extraction:
        assert extraction.workers == 2
        got = extraction.ready() + list(extraction.finish())
    assert len(got) > 4 and sum(len(r[1]) for r in reference) > 200  # type: ignore[arg-type]
    assert sum(len(r[2]) for r in reference) > 30  # type: ignore[arg-type]
    assert _flatten(got) == reference


def _kill_workers() -> int:
    """Kill this process's pool workers (spawned children); how many were killed."""
    children = multiprocessing.active_children()
    for child in children:
        os.kill(child.pid, signal.SIGKILL)  # type: ignore[arg-type]
    return len(children)


def test_a_worker_that_dies_at_once_costs_no_claims(articles, reference) -> None:  # type: ignore[no-untyped-def]
    with ClaimExtraction(articles, DEFAULT_MODEL, workers=1, min_chars=0, batch_chars=4_000) as extraction:
        assert _kill_workers() == 1  # the pool breaks: every batch is parsed by this process instead
        got = extraction.ready() + list(extraction.finish())
    assert _flatten(got) == reference


def test_a_worker_that_dies_mid_run_costs_no_claims(articles, reference) -> None:  # type: ignore[no-untyped-def]
    with ClaimExtraction(articles, DEFAULT_MODEL, workers=1, min_chars=0, batch_chars=4_000) as extraction:
        got: list[list[tuple[str, list[object]]]] = []
        deadline = time.monotonic() + 120
        while not got and time.monotonic() < deadline:  # the worker has delivered a batch
            got += extraction.ready()
            time.sleep(0.05)
        assert got, "the worker delivered nothing"
        assert _kill_workers() == 1  # what it held and what was queued is parsed here
        got += list(extraction.finish())
    assert _flatten(got) == reference


def test_a_pipeline_that_does_not_load_is_reported_not_a_broken_pool(articles) -> None:  # type: ignore[no-untyped-def]
    # the workers' initializer fails, the pool breaks, this process tries itself and says why
    with ClaimExtraction(articles, "no_such_spacy_pipeline", workers=1, min_chars=0, batch_chars=4_000) as extraction:
        with pytest.raises(ModelNotFoundError, match="no_such_spacy_pipeline"):
            list(extraction.finish())


def test_this_process_helps_from_the_end_of_the_queue(articles, reference, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    here: list[str] = []
    parse = claim_workers.parse_here

    def counted(items, model):  # type: ignore[no-untyped-def]
        here.extend(it.doc_id for it in items)
        return parse(items, model)

    monkeypatch.setattr(claim_workers, "parse_here", counted)  # this process only: workers are spawned
    with ClaimExtraction(articles, DEFAULT_MODEL, workers=1, min_chars=0, batch_chars=4_000) as extraction:
        got = list(extraction.finish())  # at once: the pipeline is loaded here, so helping pays
    assert _flatten(got) == reference
    ids = [it.doc_id for it in articles]
    assert ids[-1] in here  # the last batches are this process's
    assert ids[0] not in here  # the first ones went to the worker straight away


def test_small_writes_are_parsed_in_process(articles, reference) -> None:  # type: ignore[no-untyped-def]
    with ClaimExtraction(articles[:5], DEFAULT_MODEL, workers=4) as extraction:
        assert extraction.workers == 0
        got = list(extraction.finish())
    assert _flatten(got) == reference[:5]


def test_work_that_needs_no_claims_fills_the_wait_once(articles, reference) -> None:  # type: ignore[no-untyped-def]
    for workers in (0, 1):
        calls: list[int] = []
        with ClaimExtraction(articles, DEFAULT_MODEL, workers=workers, min_chars=0, batch_chars=4_000) as extraction:
            got = list(extraction.finish(while_waiting=lambda: calls.append(1)))  # noqa: B023
        assert calls == [1]
        assert _flatten(got) == reference


def _hash_recipe(cache_dir: Path, fingerprint: str | None = None) -> EncoderRecipe:
    own = create_embedder("hash").fingerprint
    return EncoderRecipe("hash", "bundled", 64, str(cache_dir), "auto", 1, fingerprint or own)


def _from_workers_only(extraction: ClaimExtraction, n: int) -> list[Parsed]:
    """Every result, taken as the workers deliver them: this process parses nothing."""
    got: list[Parsed] = []
    deadline = time.monotonic() + 120
    while len(got) < n and time.monotonic() < deadline:
        got += [done for batch in extraction.ready() for done in batch]
        time.sleep(0.05)
    assert len(got) == n
    return got


def test_workers_encode_the_statements_they_parse(articles, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    some = articles[:6]
    hashing = create_embedder("hash")
    with ClaimExtraction(some, DEFAULT_MODEL, workers=1, min_chars=0, batch_chars=8_000,
                         encoder=_hash_recipe(tmp_path)) as extraction:
        got = _from_workers_only(extraction, len(some))
    assert sum(len(done.statements) for done in got) > 50
    for done in got:
        assert done.vectors is not None and done.vectors.dtype == np.float32
        assert np.array_equal(done.vectors, hashing.embed_documents(list(done.statements)))


@pytest.mark.parametrize("recipe", ["none", "another model"])
def test_workers_leave_the_statements_to_this_process_otherwise(articles, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                 recipe: str) -> None:
    encoder = None if recipe == "none" else _hash_recipe(tmp_path, fingerprint="not-this-model")
    with ClaimExtraction(articles[:3], DEFAULT_MODEL, workers=1, min_chars=0, encoder=encoder) as extraction:
        got = _from_workers_only(extraction, 3)
    assert all(done.statements and done.vectors is None for done in got)


@pytest.mark.parametrize(("backend", "rebuilt"), [("hash", True), ("openvino", True), ("sentence-transformers", False)])
def test_a_worker_rebuilds_only_a_light_encoder(tmp_path: Path, backend: str, rebuilt: bool) -> None:
    """A torch model in every worker would cost ~1 GB each; an exported one loads beside spaCy's pipeline."""
    hashing = create_embedder("hash")
    recipe = encoder_recipe(Settings(cache_dir=tmp_path, embed_threads=1), backend, hashing)
    assert (recipe is not None) == rebuilt
    if recipe is not None:
        assert (recipe.backend, recipe.threads, recipe.fingerprint) == (backend, 1, hashing.fingerprint)
        assert recipe.cache_dir == str(tmp_path)


def test_statement_vectors_a_cache_holds_are_read_not_encoded(tmp_path: Path) -> None:
    hashing = create_embedder("hash")
    cache = EmbeddingCache(tmp_path / "embeddings.sqlite")
    marked = np.zeros((1, hashing.dim), dtype=np.float32)
    marked[0, 0] = 1.0  # no vector the hashing embedder gives "cached sentence"
    cache.store(hashing, ["cached sentence"], marked)
    cache.close()
    parsed = [Parsed("a", [], [], ("cached sentence", "new sentence")), Parsed("b", [], [], ())]
    got = encode_statements(parsed, hashing, tmp_path / "embeddings.sqlite")
    assert got[0].vectors is not None and np.array_equal(got[0].vectors[0], marked[0])
    assert np.array_equal(got[0].vectors[1], hashing.embed_documents(["new sentence"])[0])
    assert got[1].vectors is None  # nothing to encode


def test_an_index_keeps_the_statement_vectors_workers_encoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(claim_workers, "MIN_CHARS_FOR_WORKERS", 0)
    monkeypatch.setattr(claim_workers, "BATCH_CHARS", 4_000)
    kept: list[Parsed] = []
    keep = claim_workers.Caches.keep
    monkeypatch.setattr(claim_workers.Caches, "keep", lambda self, done, *a: (kept.append(done), keep(self, done, *a)))
    corpus = tmp_path / "some.jsonl"
    corpus.write_text("".join(NEWSDESK.read_text(encoding="utf-8").splitlines(keepends=True)[:SOME]), encoding="utf-8")
    idx = Index(Settings(index_dir=tmp_path / "idx", cache_dir=tmp_path / "cache", embedder="hash", claim_workers=1))
    idx.add([corpus])
    assert any(done.vectors is not None for done in kept)  # some articles came encoded from the worker
    hashing = create_embedder("hash")
    texts = list(dict.fromkeys(text for done in kept for text in done.statements))
    cache = EmbeddingCache(tmp_path / "cache" / "embeddings.sqlite")
    assert len(texts) > 50
    assert np.array_equal(cache.embed(hashing, texts, counted=True), hashing.embed_documents(texts))
    assert cache.misses == 0  # every statement was stored while indexing
    cache.close()


def test_index_rows_do_not_depend_on_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(claim_workers, "MIN_CHARS_FOR_WORKERS", 0)
    monkeypatch.setattr(claim_workers, "BATCH_CHARS", 4_000)
    corpus = tmp_path / "some.jsonl"
    corpus.write_text("".join(NEWSDESK.read_text(encoding="utf-8").splitlines(keepends=True)[:SOME]), encoding="utf-8")
    rows = {}
    for workers in (0, 1):
        root = tmp_path / str(workers)
        idx = Index(Settings(index_dir=root / "idx", cache_dir=root / "cache", embedder="hash",
                             claim_workers=workers))
        idx.add([corpus, seeds_dir()])
        assert idx.manifest is not None
        db = sqlite3.connect(idx.dir / idx.manifest.generation_dir / "meta.sqlite")
        rows[workers] = db.execute("SELECT * FROM claims ORDER BY id").fetchall()
        db.close()
    assert len(rows[0]) > 200 and rows[0] == rows[1]


KILLED_PARENT = """
import json, multiprocessing, sys, time
from rag.claim_workers import ClaimExtraction, ToParse
articles = [ToParse(str(i), "The council approved 12 new buses on Monday. " * 200) for i in range(40)]
extraction = ClaimExtraction(articles, sys.argv[1], workers=1, min_chars=0, batch_chars=4_000)
print(json.dumps([p.pid for p in multiprocessing.active_children()]), flush=True)
time.sleep(600)
"""


def test_workers_end_when_the_indexing_process_is_killed() -> None:
    proc = subprocess.Popen([sys.executable, "-c", KILLED_PARENT, DEFAULT_MODEL], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        pids = json.loads(proc.stdout.readline())
        assert pids
        time.sleep(3)  # the worker is loading the pipeline or parsing
    finally:
        proc.kill()
        proc.wait()
    deadline = time.monotonic() + 60
    alive = pids
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = [p for p in pids if _running(p)]
    for p in alive:  # do not leave them behind even if the test fails
        os.kill(p, signal.SIGKILL)
    assert not alive, "a claim worker outlived the indexing process"


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[-1][0] != "Z"
    except FileNotFoundError:
        return False
