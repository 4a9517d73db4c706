"""rag.nlp.load_pipeline reads a pipeline's saved tokenizer only where it differs; the parses are spaCy's own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rag.ingest import load_files
from rag.ingest.seeds import seeds_dir
from rag.nlp import DEFAULT_MODEL, analyser, load_pipeline, names_match
from rag.records import Article

NEWSDESK = Path(__file__).resolve().parent.parent / "evals" / "newsdesk" / "corpus.jsonl"


def _plain(name: str):  # type: ignore[no-untyped-def]
    """The pipeline as spacy.load gives it (saved tokenizer read), plus this project's newline and
    percentage rules."""
    import spacy

    nlp = spacy.load(name)
    nlp.add_pipe("newline_sentences", before="parser")
    nlp.add_pipe("silent_e_lemmas", after="lemmatizer")
    nlp.add_pipe("acronym_names", after="ner")
    nlp.add_pipe("figure_words", after="acronym_names")
    return nlp


def _attrs(doc) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    return [(t.text, t.whitespace_, t.norm_, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i,
             t.is_sent_start, t.ent_iob_, t.ent_type_, t.is_stop) for t in doc]


def test_the_default_pipeline_parses_as_spacy_load_does() -> None:
    nlp = load_pipeline(DEFAULT_MODEL)
    assert nlp.path is not None
    saved = (nlp.path / "tokenizer").read_bytes()
    assert nlp.tokenizer.to_bytes(exclude=["vocab"]) == saved  # type: ignore[union-attr]
    plain = _plain(DEFAULT_MODEL)
    assert nlp.pipe_names == plain.pipe_names
    texts = [a.text for a in load_files(sorted(seeds_dir().glob("*.txt")), 1 << 30) if isinstance(a, Article)]
    texts += [json.loads(line)["text"] for line in NEWSDESK.read_text(encoding="utf-8").splitlines()[:20]]
    texts += ["I'm gonna buy 3 U.S. bonds for $1.5bn, e.g. at 9 a.m. -- don't you?", "Dr. Smith (D-N.Y.) said: no."]
    for ours, theirs in zip(nlp.pipe(texts), plain.pipe(texts), strict=True):
        assert _attrs(ours) == _attrs(theirs)


def test_a_saved_tokenizer_that_differs_is_read(tmp_path: Path) -> None:
    from spacy.attrs import ORTH

    custom = _plain(DEFAULT_MODEL)
    custom.remove_pipe("newline_sentences")
    custom.tokenizer.add_special_case("newsrag", [{ORTH: "news"}, {ORTH: "rag"}])  # type: ignore[union-attr]
    custom.to_disk(tmp_path / "pipeline")
    nlp = load_pipeline(str(tmp_path / "pipeline"))
    assert [t.text for t in nlp("try newsrag now")] == ["try", "news", "rag", "now"]
    assert [t.text for t in load_pipeline(DEFAULT_MODEL)("try newsrag now")] == ["try", "newsrag", "now"]


@pytest.mark.parametrize("name", ["no_such_pipeline_xyz"])
def test_a_missing_pipeline_says_what_to_install(name: str) -> None:
    from rag.errors import ModelNotFoundError

    with pytest.raises(ModelNotFoundError, match="pip install"):
        load_pipeline(name)


def test_parses_are_returned_even_when_the_cache_evicts_them() -> None:
    from concurrent.futures import ThreadPoolExecutor

    from rag.nlp import TextAnalyser

    # more texts in one call than the cache holds: each is still returned, in order
    small = TextAnalyser(cache_size=1)
    docs = small.parse_many(["The port reopened.", "The strike ended.", "The port reopened."])
    assert [d.text for d in docs] == ["The port reopened.", "The strike ended.", "The port reopened."]
    # threads asking at once (as the API server does) evict each other's entries
    shared = TextAnalyser(cache_size=2)
    texts = [[f"Report {i} says the ferry {j} sailed." for j in range(3)] for i in range(8)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(shared.parse_many, texts))
    assert [[d.text for d in r] for r in results] == texts


def test_the_entity_a_token_is_part_of() -> None:
    from rag.nlp import analyser, entity_of

    doc = analyser().parse("Corvane Technologies has agreed to pay $1.35bn for Lumira Analytics.")
    word = next(t for t in doc if t.text == "Technologies")
    found = entity_of(word)
    assert found is not None and found.text == "Corvane Technologies"
    assert entity_of(word, {"PERSON"}) is None  # not of the labels asked for
    assert entity_of(next(t for t in doc if t.text == "agreed")) is None
    assert entity_of(None) is None


@pytest.mark.parametrize("ellipsis", [". . .", "\u2009.\u2009.\u2009.", "...", "…"])
def test_a_quote_cut_short_by_an_ellipsis_goes_on_in_the_same_sentence(ellipsis: str) -> None:
    from rag.nlp import analyser, sentence_spans

    text = (f"An aide said the ministers were \u201cusing the talks{ellipsis} to buy time\u201d before the vote. "
            "The vote is on Friday.")
    spans = sentence_spans(analyser().parse(text))
    assert [text[s:e] for s, e in spans][0].endswith("before the vote.")
    assert len(spans) == 2


@pytest.mark.parametrize(("text", "word", "lemma_"), [
    # the lemmatizer's rules cut "-ed" to "fin"/"din"; an undoubled "-ed" after one vowel and one consonant
    # is of a verb with a silent "e"
    ("The regulator fined the operator on Tuesday.", "fined", "fine"),
    ("The minister dined with the delegation.", "dined", "dine"),
    # ... and verbs that double their consonant or have two syllables keep theirs
    ("The ferry company planned new routes.", "planned", "plan"),
    ("The union opened talks on Monday.", "opened", "open"),
    ("Inspectors visited the plant.", "visited", "visit"),
])
def test_past_forms_of_verbs_with_a_silent_e(text: str, word: str, lemma_: str) -> None:
    doc = analyser().parse(text)
    assert next(t.lemma_ for t in doc if t.text == word) == lemma_


@pytest.mark.parametrize(("a", "b", "same"), [
    ("EU", "European Union", True),
    ("CDA", "Communications and Digital Authority", True),  # "and" gives no letter
    ("INAHU", "the Irish Nurses and Allied Health Union", True),
    ("CADA", "Communications and Digital Authority", True),  # ... or does
    ("CDA", "Central Digital Agency of Kenya", False),
    ("Zelensky", "Volodymyr Zelenskyy", True),
    ("Facebook", "Apple", False),
])
def test_names_that_refer_to_the_same_thing(a: str, b: str, same: bool) -> None:
    assert names_match(a, b) is same
