"""Passage parses stored while indexing (rag.parses): slices of the article's parse, read back at question time."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from rag import index as index_module
from rag.chunking import Chunker
from rag.index import Index
from rag.ingest import load_files
from rag.ingest.seeds import seeds_dir
from rag.nlp import DEFAULT_MODEL, TextAnalyser, analyser, load_pipeline
from rag.parses import PARSES_FILE, ParseStore, PassageKey, decode, passage_parses, read_stored
from rag.records import Article, Chunk, SearchHit
from rag.settings import Settings

# Not the seed topic; the second passage below starts mid-sentence, its article read around it.
ARTICLE = (
    "Harbour Freight Lines said on Tuesday that its new terminal in Rotterdam would open in March.\n\n"
    "The company, which employs 4,200 people across Europe, expects the terminal to handle 1.2 million "
    "containers a year. Chief executive Maria Lindqvist told analysts the cost had risen to €310 million."
)


def _tokens(doc: object) -> list[tuple[str, str, str, str, bool]]:
    return [(t.text, t.lemma_, t.dep_, t.ent_type_, bool(t.is_sent_start)) for t in doc]  # type: ignore[attr-defined]


def test_a_passage_parse_is_its_slice_of_the_article_parse() -> None:
    nlp = load_pipeline(DEFAULT_MODEL)
    doc = nlp(ARTICLE)
    mid = ARTICLE.index("expects")  # a passage that starts mid-sentence
    spans = [(0, ARTICLE.index("\n")), (mid, len(ARTICLE))]
    for (start, end), cut in zip(spans, passage_parses(doc, spans), strict=True):
        got = decode(cut.data, nlp.vocab)
        assert got.text == ARTICLE[start:end]
        whole = doc.char_span(start, end)
        assert whole is not None
        # the article's reading of these words, not a parse of the passage alone
        assert [t[:4] for t in _tokens(got)][1:] == [t[:4] for t in _tokens(whole)][1:]
        assert [(e.text, e.label_) for e in got.ents] == [(e.text, e.label_) for e in whole.ents if e.end <= whole.end]
    tail = decode(passage_parses(doc, spans[1:])[0].data, nlp.vocab)
    assert ("Maria Lindqvist", "PERSON") in [(e.text, e.label_) for e in tail.ents]


def test_a_span_cut_inside_a_word_gets_no_parse() -> None:
    doc = load_pipeline(DEFAULT_MODEL)(ARTICLE)
    inside = ARTICLE.index("Rotterdam") + 3
    assert passage_parses(doc, [(inside, len(ARTICLE)), (0, 20)])[0] == (b"", ())
    assert passage_parses(doc, [(0, ARTICLE.index(" said"))])[0].data != b""


def test_the_store_names_a_parse_by_article_offsets_text_and_pipeline(tmp_path: Path) -> None:
    key = PassageKey("a1", 0, 12, "Harbour Frei")
    store = ParseStore(tmp_path / PARSES_FILE, DEFAULT_MODEL)
    assert not store.has_all([key])
    store.put([(key, b"x")])
    store.commit()
    assert store.has_all([key]) and store.has_all([])
    assert not store.has_all([key, key._replace(text="Harbour Frey")])
    assert not store.has_all([key._replace(start=1)])
    store.close()
    assert not ParseStore(tmp_path / PARSES_FILE, "another_pipeline").has_all([key])


def _seeds() -> list[Article]:
    return [a for a in load_files(sorted(seeds_dir().glob("*.txt")), 1 << 30) if isinstance(a, Article)]


def _ask_counting_parses(
    idx: Index, question: str, monkeypatch: pytest.MonkeyPatch
) -> tuple[str, list[str], list[str]]:
    """Answer ``question`` with an emptied parse cache; (answer text, retrieved passages, texts the pipeline parsed)."""
    shared = analyser(idx.settings.nlp_model)
    shared._cache.clear()
    parsed: list[str] = []
    original = TextAnalyser.parse_many

    def counting(texts: Sequence[str], batch_size: int = 64) -> list[object]:
        parsed.extend(t for t in texts if not shared.has(t))
        return original(shared, texts, batch_size)  # type: ignore[return-value]

    retrieved: list[str] = []

    def reading(cache_dir: Path, hits: Sequence[SearchHit], nlp: TextAnalyser) -> int:
        retrieved.extend(h.chunk.text for h in hits)
        return read_stored(cache_dir, hits, nlp)

    monkeypatch.setattr(shared, "parse_many", counting)
    monkeypatch.setattr(index_module, "read_stored", reading)
    answer = idx.ask(question)
    monkeypatch.undo()
    return answer.answer, retrieved, parsed


def test_a_question_reads_its_passages_parses_instead_of_parsing_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(index_dir=tmp_path / "idx", cache_dir=tmp_path / "cache", embedder="hash")
    idx = Index(settings)
    idx.add_articles(_seeds())
    chunks = [c for a in _seeds() for c in Chunker(idx.chunker.config).split(a.doc_id, a.text)]
    assert ParseStore(tmp_path / "cache" / PARSES_FILE, settings.nlp_model).has_all(PassageKey.of(c) for c in chunks)

    question = "How many troops did Russia mass near the border?"
    stored, passages, parsed = _ask_counting_parses(idx, question, monkeypatch)
    assert passages and not set(passages) & set(parsed)

    (tmp_path / "cache" / PARSES_FILE).unlink()  # the same index without stored parses: parsed as before
    again, passages_again, parsed_again = _ask_counting_parses(idx, question, monkeypatch)
    assert set(passages_again) <= set(parsed_again)
    assert (again, passages_again) == (stored, passages)


def test_a_rebuild_parses_again_only_articles_whose_parses_are_missing(tmp_path: Path) -> None:
    settings = Settings(index_dir=tmp_path / "idx", cache_dir=tmp_path / "cache", embedder="hash")
    Index(settings).add_articles(_seeds())
    (tmp_path / "cache" / PARSES_FILE).unlink()  # claims cached, parses lost
    Index(settings).add_articles(_seeds(), rebuild=True)
    store = ParseStore(tmp_path / "cache" / PARSES_FILE, settings.nlp_model)
    chunks = [c for a in _seeds() for c in Chunker().split(a.doc_id, a.text)]
    assert store.has_all(PassageKey.of(c) for c in chunks)


def test_a_damaged_stored_parse_costs_a_parse_not_the_question(tmp_path: Path) -> None:
    settings = Settings(index_dir=tmp_path / "idx", cache_dir=tmp_path / "cache", embedder="hash")
    idx = Index(settings)
    idx.add_articles(_seeds())
    hits = idx.search("How many troops did Russia mass near the border?", k=3)
    store = ParseStore(tmp_path / "cache" / PARSES_FILE, settings.nlp_model)
    other = passage_parses(load_pipeline(DEFAULT_MODEL)(ARTICLE), [(0, 20)])[0].data
    store.put([(PassageKey.of(hits[0].chunk), b"\x00 not a DocBin"), (PassageKey.of(hits[1].chunk), other)])
    store.close()  # the first is damaged, the second holds another text
    fresh = TextAnalyser(settings.nlp_model)
    assert read_stored(settings.cache_dir, hits, fresh) == 1
    assert [fresh.has(h.chunk.text) for h in hits] == [False, False, True]
    answer = idx.ask("How many troops did Russia mass near the border?")  # the damaged one is parsed instead
    assert answer.abstained or answer.citations


@pytest.mark.parametrize("folder", ["cache #1", "cache?v=2"])
def test_parses_are_read_from_a_cache_folder_whose_name_means_something_in_a_uri(tmp_path: Path, folder: str) -> None:
    cache_dir = tmp_path / folder
    nlp = load_pipeline(DEFAULT_MODEL)
    end = ARTICLE.index("\n")
    chunk = Chunk("a1:0", "a1", 0, end, ARTICLE[:end])
    store = ParseStore(cache_dir / PARSES_FILE, DEFAULT_MODEL)
    store.put([(PassageKey.of(chunk), passage_parses(nlp(ARTICLE), [(0, end)])[0].data)])
    store.close()
    hit = SearchHit(rank=1, chunk=chunk, title=None, source=None, published_at=None, url=None, score=1.0)
    fresh = TextAnalyser(DEFAULT_MODEL)
    assert read_stored(cache_dir, [hit], fresh) == 1 and fresh.has(chunk.text)
