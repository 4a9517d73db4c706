"""Chunk offsets are exact and chunks cover the whole text, for any text and chunk size."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from langchain_text_splitters import RecursiveCharacterTextSplitter

from rag.chunking import _SEPARATORS, CHUNKER_VERSION, Chunker, ChunkerConfig

WORDS = [
    "the",
    "peace",
    "plan",
    "Ukraine",
    "NATO",
    "600,000",
    "troops",
    "a",
    "of",
    "and",
    "Zelenskyy",
    "Kyiv",
    "guarantees",
    "US-led",
    "“quoted”",
    "don’t",
]
UNICODE_WORDS = ["Україна", "Київ", "naïve", "Straße", "東京", "مرحبا", "ĳssel", "😀ok"]

token = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(UNICODE_WORDS),
    st.sampled_from([".", "!", "?", ". ", "! ", "? ", ", ", "; ", ":"]),
    st.sampled_from(["\n", "\n\n", "\n\n\n", " ", "   ", "\t", " \n ", "\r\n"]),
    st.text(
        alphabet=st.characters(min_codepoint=33, max_codepoint=0x2FFF, blacklist_categories=("Cs",)),
        min_size=1,
        max_size=12,
    ),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzXYZ", min_size=20, max_size=400),  # long word, no spaces
)
texts = st.lists(st.tuples(token, st.sampled_from([" ", "", "\n", " "])), max_size=300).map(
    lambda parts: "".join(t + sep for t, sep in parts)
)


@st.composite
def configs(draw):
    size = draw(st.integers(min_value=20, max_value=900))
    overlap = draw(st.integers(min_value=0, max_value=size - 1))
    return size, overlap


def check_chunks(text: str, size: int, overlap: int) -> None:
    chunks = Chunker(ChunkerConfig(size, overlap)).split("doc", text)
    covered = [False] * len(text)
    prev_start = -1
    for c in chunks:
        assert c.doc_id == "doc"
        assert c.text, "empty chunk"
        assert c.text.strip(), "whitespace-only chunk"
        assert 0 <= c.start < c.end <= len(text)
        assert text[c.start : c.end] == c.text
        assert c.start >= prev_start, "chunk starts go backwards"
        prev_start = c.start
        for i in range(c.start, c.end):
            covered[i] = True
    uncovered = [i for i, ch in enumerate(text) if not ch.isspace() and not covered[i]]
    assert not uncovered, (
        f"characters not in any chunk at {uncovered[:10]}: {text[uncovered[0] : uncovered[0] + 30]!r}"
    )
    ids = [c.id for c in chunks]
    assert len(ids) == len(set(ids))
    if text.strip():
        assert chunks
    # same chunk texts as langchain's splitter with the same settings (the chunker's contract)
    reference = RecursiveCharacterTextSplitter(
        chunk_size=size,
        chunk_overlap=overlap,
        separators=_SEPARATORS,
        keep_separator="end",
        strip_whitespace=True,
    )
    assert [c.text for c in chunks] == [p for p in reference.split_text(text) if p.strip()]


@hsettings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, config=configs())
@example(text="", config=(100, 0))
@example(text="   \n\n  ", config=(100, 10))
@example(text="a " * 400, config=(100, 50))
@example(text="word. " * 300, config=(50, 49))
@example(text="x" * 1000, config=(30, 10))
def test_chunk_offsets_and_coverage(text, config):
    size, overlap = config
    check_chunks(text, size, overlap)


def test_repeated_paragraphs_are_located_in_order():
    para = "The plan limits the army to 600,000 troops. Kyiv rejects it."
    text = "\n\n".join([para] * 30)
    chunks = Chunker(ChunkerConfig(100, 30)).split("d", text)
    check_chunks(text, 100, 30)
    assert chunks[-1].end == len(text)
    assert len({c.start for c in chunks}) == len(chunks)


def test_chunk_sizes_respect_config_for_normal_prose():
    sentence = "Ministers agreed to reopen the grain corridor after eleven weeks of talks. "
    text = (sentence * 8 + "\n\n") * 10
    size, overlap = 300, 60
    chunks = Chunker(ChunkerConfig(size, overlap)).split("d", text.strip())
    assert len(chunks) > 5
    assert all(len(c.text) <= size for c in chunks)
    # consecutive chunks overlap or are separated by whitespace only, and run in text order
    for a, b in zip(chunks, chunks[1:], strict=False):
        assert a.start < b.start
        assert not text.strip()[a.end : b.start].strip()
    # every chunk ends at a sentence end: the splitter prefers sentence boundaries to words
    assert all(c.text.endswith(".") for c in chunks)


def test_seed_articles_chunk_exactly(seeds):
    from rag.ingest import clean_article

    for raw in seeds.values():
        text = clean_article(raw).text
        check_chunks(text, 700, 150)
        check_chunks(text, 200, 50)


def test_chunk_ids_and_config():
    chunks = Chunker(ChunkerConfig(100, 20)).split("art-1", "Some sentence here. " * 30)
    assert [c.id for c in chunks] == [f"art-1:{i:04d}" for i in range(len(chunks))]
    assert ChunkerConfig(700, 150).to_dict() == {"kind": CHUNKER_VERSION, "size": 700, "overlap": 150}
