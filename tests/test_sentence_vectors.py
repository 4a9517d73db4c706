"""Statement vectors encoded while indexing (rag.sentence_vectors): a question encodes only itself."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from embeddings.cache import read_vectors, text_key
from embeddings.hashing import HashingEmbedder
from rag.index import Index
from rag.ingest import load_files
from rag.ingest.seeds import seeds_dir
from rag.nlp import TextAnalyser, analyser
from rag.parses import read_stored
from rag.records import Article, SearchHit
from rag.sentence_vectors import EMBEDDINGS_FILE, read_stored_vectors
from rag.settings import Settings
from rag.statements import statements

# Not the seed topic: two reports of a port strike, one passage starting mid-sentence.
PORT = Article(
    doc_id="port", title="Dockworkers strike at Valmora",
    text=("Dockworkers at the port of Valmora walked out on Monday after talks on a new contract collapsed, the "
          "Harbour Workers' Union said.\n\nThe strike halted loading at all six container berths. Union leader "
          "Teodora Brisk said members would stay out until the port authority restored the night-shift bonus, "
          "which it cut in March to save about €4 million a year.\n\nShipping lines diverted eleven vessels to "
          "Castel Rocca, 80 km to the south, according to the port authority."),
)
QUESTION = "Why did dockworkers at Valmora walk out?"


class Watching(HashingEmbedder):
    """The test embedder, recording every document text it is asked to encode."""

    def __init__(self) -> None:
        super().__init__()
        self.documents: list[str] = []

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        self.documents.extend(texts)
        return super().embed_documents(texts)


def _articles() -> list[Article]:
    seeds = [a for a in load_files(sorted(seeds_dir().glob("*.txt")), 1 << 30) if isinstance(a, Article)]
    return [*seeds, PORT]


def _statements(idx: Index, question: str) -> list[str]:
    """The statement texts of the passages the question retrieves, read from a fresh parse."""
    hits = idx.search(question)
    nlp = TextAnalyser(idx.settings.nlp_model)
    return [st.text for doc in nlp.parse_many([h.chunk.text for h in hits]) for st in statements(doc)]


def test_indexing_stores_a_vector_for_every_statement_of_every_chunk(tmp_path: Path) -> None:
    embedder = HashingEmbedder()
    settings = Settings(index_dir=tmp_path / "idx", cache_dir=tmp_path / "cache", embedder="hash")
    idx = Index(settings, embedder=embedder)
    report = idx.add_articles(_articles())
    nlp = TextAnalyser(settings.nlp_model)
    chunks = [c for a in idx.documents() for c in idx.chunks(a.doc_id)]
    assert report.chunks_embedded == len(chunks)  # statements are not counted as chunks
    # the statements as a question reads them: from the stored parses, not from what the workers said
    hits = [SearchHit(rank=i, chunk=c, title=None, source=None, published_at=None, url=None, score=1.0)
            for i, c in enumerate(chunks, 1)]
    assert read_stored(settings.cache_dir, hits, nlp) == len({c.text for c in chunks})
    texts = [st.text for doc in nlp.parse_many([c.text for c in chunks]) for st in statements(doc)]
    assert len(texts) > 2 * len(chunks)
    found = read_vectors(tmp_path / "cache" / EMBEDDINGS_FILE, embedder.fingerprint, embedder.dim, texts)
    assert set(found) == set(texts)
    assert np.allclose(np.stack([found[t] for t in texts]), embedder.embed_documents(texts))


def test_a_question_reads_its_statements_vectors_instead_of_encoding_them(tmp_path: Path) -> None:
    settings = Settings(index_dir=tmp_path / "idx", cache_dir=tmp_path / "cache", embedder="hash")
    watching = Watching()
    idx = Index(settings, embedder=watching)
    idx.add_articles(_articles())
    said = set(_statements(idx, QUESTION))
    assert said

    watching.documents.clear()
    stored = idx.ask(QUESTION)
    assert not said & set(watching.documents)  # none of its passages' statements was encoded

    # the deliberately worse system: the same index without the stored vectors encodes them, same answer
    (tmp_path / "cache" / EMBEDDINGS_FILE).unlink()
    again = Index(settings, embedder=watching)
    analyser(settings.nlp_model)._cache.clear()
    watching.documents.clear()
    answer = again.ask(QUESTION)
    assert said <= set(watching.documents)
    assert (answer.answer, answer.short_answer) == (stored.answer, stored.short_answer)


def test_a_damaged_or_foreign_vector_is_encoded_again(tmp_path: Path) -> None:
    settings = Settings(index_dir=tmp_path / "idx", cache_dir=tmp_path / "cache", embedder="hash")
    idx = Index(settings, embedder=HashingEmbedder())
    idx.add_articles([PORT])
    texts = _statements(idx, QUESTION)
    path = tmp_path / "cache" / EMBEDDINGS_FILE
    db = sqlite3.connect(path)
    with db:  # one vector cut short, one stored for another model only
        db.execute("UPDATE vectors SET vec = substr(vec, 1, 8) WHERE key = ?", (text_key(texts[0]),))
        db.execute("UPDATE vectors SET fingerprint = 'another' WHERE key = ?", (text_key(texts[1]),))
    db.close()
    embedder = HashingEmbedder()
    found = read_vectors(path, embedder.fingerprint, embedder.dim, texts)
    assert set(found) == set(texts[2:])

    watching = Watching()
    fresh = Index(settings, embedder=watching)
    analyser(settings.nlp_model)._cache.clear()
    answer = fresh.ask(QUESTION)
    assert {texts[0], texts[1]} <= set(watching.documents) and not set(texts[2:]) & set(watching.documents)
    assert answer.citations


@pytest.mark.parametrize("folder", ["cache #1", "cache?v=2"])
def test_vectors_are_read_from_a_cache_folder_whose_name_means_something_in_a_uri(tmp_path: Path, folder: str) -> None:
    settings = Settings(index_dir=tmp_path / "idx", cache_dir=tmp_path / folder, embedder="hash")
    idx = Index(settings, embedder=HashingEmbedder())
    idx.add_articles([PORT])
    hits = idx.search(QUESTION)
    nlp = TextAnalyser(settings.nlp_model)
    read_stored(settings.cache_dir, hits, nlp)
    memo = idx.query_embedder
    memo._docs.clear()
    assert read_stored_vectors(settings.cache_dir, hits, nlp, memo) == len(set(_statements(idx, QUESTION)))


def test_the_setting_turns_them_off(tmp_path: Path) -> None:
    embedder = HashingEmbedder()
    settings = Settings(index_dir=tmp_path / "idx", cache_dir=tmp_path / "cache", embedder="hash",
                        sentence_vectors=False)
    idx = Index(settings, embedder=embedder)
    idx.add_articles([PORT])
    texts = _statements(idx, QUESTION)
    assert texts and not read_vectors(tmp_path / "cache" / EMBEDDINGS_FILE, embedder.fingerprint, embedder.dim, texts)
