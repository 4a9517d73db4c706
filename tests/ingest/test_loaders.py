"""Loaders for .txt/.md/.html/.jsonl and the skip-with-a-reason behaviour for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.index import Index
from rag.ingest import discover, load_files
from rag.ingest.loaders import normalise_date
from rag.records import Article, Skipped

BIG = 10_000_000
BODY = (
    "The harbour authority confirmed on Wednesday that the new container terminal will open in "
    "March, two years later than planned, after a dispute with the construction consortium over "
    "rising steel prices was settled in court."
)
BODY2 = (
    "Dock workers welcomed the decision but said the delay had already cost hundreds of seasonal "
    "jobs along the coast."
)

HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Ministers agree grain corridor deal</title>
<meta property="og:title" content="Ministers agree grain corridor deal">
<meta property="og:site_name" content="Harbour Times">
<meta property="article:published_time" content="2025-10-14T08:30:00Z">
</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news menu</a></li>
<li><a href="/sport">Sport section link</a></li></ul></nav>
<main><article>
<h1>Ministers agree grain corridor deal</h1>
<p>Ministers from five coastal states agreed on Tuesday to reopen the northern grain corridor, ending
a blockade that had lasted eleven weeks and pushed bread prices to record highs across the region.</p>
<p>The agreement allows up to forty cargo ships a day to pass through the strait under the supervision
of a joint inspection team based in the port of Velmar, officials said after the talks.</p>
<p>Farmers' unions welcomed the deal but warned that storage silos in the interior were already full
and that the harvest would rot unless the first convoys sailed before the end of the month.</p>
</article></main>
<footer><p>Contact us | About the Harbour Times | Careers</p></footer>
</body>
</html>
"""


def load(paths: list[Path], max_bytes: int = BIG) -> tuple[list[Article], list[Skipped]]:
    files, skipped = discover(paths)
    articles: list[Article] = []
    for item in load_files(files, max_bytes):
        (skipped if isinstance(item, Skipped) else articles).append(item)
    return articles, skipped


def reasons(skipped: list[Skipped]) -> dict[str, str]:
    return {s.path: s.reason for s in skipped}


# --- .txt / .md ------------------------------------------------------------------------------


def test_txt_loader(tmp_path, write_article):
    p = write_article(
        tmp_path, "harbour.txt", f"{BODY}\n\n{BODY2}", title="Harbour terminal delayed", source="Coast Post"
    )
    (a,), skipped = load([p])
    assert skipped == []
    assert a.doc_id == "harbour"
    assert a.title == "Harbour terminal delayed"
    assert a.source == "Coast Post"
    assert a.text == f"{BODY}\n\n{BODY2}"
    assert a.path == str(p)
    assert len(a.content_hash) == 64


def test_md_title_from_heading(tmp_path):
    p = tmp_path / "terminal.md"
    p.write_text(f"# Harbour terminal delayed\n\n{BODY}\n\n## Reactions\n\n{BODY2}\n", encoding="utf-8")
    (a,), skipped = load([p])
    assert skipped == []
    assert a.doc_id == "terminal"
    assert a.title == "Harbour terminal delayed"
    assert "#" not in a.text
    assert "Harbour terminal delayed" not in a.text
    assert BODY in a.text and BODY2 in a.text
    assert "Reactions" in a.text


def test_content_hash_changes_with_text(tmp_path, write_article):
    p = write_article(tmp_path, "a.txt", BODY)
    (a1,), _ = load([p])
    write_article(tmp_path, "a.txt", BODY + " A spokesman declined to comment.")
    (a2,), _ = load([p])
    (a3,), _ = load([p])
    assert a1.content_hash != a2.content_hash
    assert a2.content_hash == a3.content_hash


# --- .html -----------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".html", ".htm"])
def test_html_loader(tmp_path, suffix):
    p = tmp_path / f"grain{suffix}"
    p.write_text(HTML, encoding="utf-8")
    (a,), skipped = load([p])
    assert skipped == []
    assert a.doc_id == "grain"
    assert a.title == "Ministers agree grain corridor deal"
    assert a.source == "Harbour Times"
    assert a.published_at == "2025-10-14"
    assert "Ministers from five coastal states agreed on Tuesday" in a.text
    assert "joint inspection team based in the port of Velmar" in a.text
    assert "the harvest would rot unless the first convoys sailed" in a.text
    for chrome in ("World news menu", "Sport section link", "Contact us", "Careers"):
        assert chrome not in a.text
    assert not a.text.startswith(a.title)


def test_html_without_article_text_is_skipped(tmp_path, write_article):
    p = tmp_path / "empty.html"
    p.write_text("<html><head><title>Nothing here</title></head><body><nav>Home</nav></body></html>")
    ok = write_article(tmp_path, "ok.txt", BODY)
    articles, skipped = load([p, ok])
    assert [a.doc_id for a in articles] == ["ok"]
    assert str(p) in reasons(skipped)


# --- .jsonl ----------------------------------------------------------------------------------


def test_jsonl_rows_and_bad_lines(tmp_path, write_jsonl):
    p = write_jsonl(
        tmp_path / "corpus.jsonl",
        [
            {
                "id": "a1",
                "text": BODY,
                "title": "Terminal delayed",
                "source": "Coast Post",
                "published_at": "2025-03-04T10:15:00Z",
                "url": "https://example.org/a1",
            },
            {"id": 7, "text": BODY2, "published_at": "2025-03-05"},
            '{"id": "broken", "text": ',
            {"text": BODY},
            {"id": "no-text", "title": "Nothing"},
            {"id": "blank-text", "text": "   "},
            "",
            '["not", "an", "object"]',
            {"id": "a2", "text": BODY + " Later news.", "published_at": "2025-03-06T23:30:00-05:00"},
        ],
    )
    articles, skipped = load([p])
    by_id = {a.doc_id: a for a in articles}
    assert sorted(by_id) == ["7", "a1", "a2"]
    a1 = by_id["a1"]
    assert a1.title == "Terminal delayed"
    assert a1.source == "Coast Post"
    assert a1.published_at == "2025-03-04"
    assert a1.url == "https://example.org/a1"
    assert a1.text == BODY
    assert by_id["7"].published_at == "2025-03-05"
    assert by_id["7"].title is None  # no title detection for JSONL rows
    assert by_id["a2"].published_at == "2025-03-06"

    r = reasons(skipped)
    assert set(r) == {f"{p}:3", f"{p}:4", f"{p}:5", f"{p}:6", f"{p}:8"}
    assert "malformed JSON" in r[f"{p}:3"]
    assert "missing 'id'" in r[f"{p}:4"]
    assert "no-text" in r[f"{p}:5"] and "text" in r[f"{p}:5"]
    assert "text" in r[f"{p}:6"]
    assert "not an object" in r[f"{p}:8"]


def test_jsonl_row_that_is_only_chrome_is_skipped(tmp_path, write_jsonl):
    p = write_jsonl(
        tmp_path / "c.jsonl",
        [{"id": "x", "text": "Advertisement\n\nRead the original article here"}, {"id": "y", "text": BODY}],
    )
    articles, skipped = load([p])
    assert [a.doc_id for a in articles] == ["y"]
    assert list(reasons(skipped)) == [f"{p}:1"]
    assert "chrome" in skipped[0].reason


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-11-23", "2025-11-23"),
        ("2025-11-23T08:00:00Z", "2025-11-23"),
        ("2025-11-23T08:00:00+02:00", "2025-11-23"),
        ("2025-11-23 08:00", "2025-11-23"),
        ("published 2025-11-23 by staff", "2025-11-23"),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_normalise_date(value, expected):
    assert normalise_date(value) == expected


# --- bad input -------------------------------------------------------------------------------


@pytest.fixture
def mixed_folder(tmp_path, write_article, write_jsonl):
    folder = tmp_path / "mixed"
    write_article(folder, "good1.txt", BODY, title="Harbour terminal delayed")
    write_article(folder, "good2.txt", BODY2 + " " + BODY)
    write_jsonl(folder / "rows.jsonl", [{"id": "row1", "text": BODY}])
    (folder / "empty.txt").write_text("  \n\n ")
    (folder / "binary.txt").write_bytes(b"PK\x03\x04\x00\x00binary\x00data" * 20)
    (folder / "latin1.txt").write_bytes(("Caf\xe9 au lait costs more this year. " * 5).encode("latin-1"))
    (folder / "chrome.txt").write_text(
        "Advertisement\n\nRead the original article here\n\nLeave a Reply\n\nPrivacy Policy\n"
    )
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    (folder / ".hidden.txt").write_text(BODY)
    return folder


def test_bad_inputs_are_skipped_with_reasons(mixed_folder, tmp_path):
    missing = tmp_path / "nope"
    articles, skipped = load([mixed_folder, missing])
    assert sorted(a.doc_id for a in articles) == ["good1", "good2", "row1"]
    r = reasons(skipped)
    m = mixed_folder
    assert r[str(m / "empty.txt")] == "empty file"
    assert "binary" in r[str(m / "binary.txt")]
    assert "UTF-8" in r[str(m / "latin1.txt")]
    assert "chrome" in r[str(m / "chrome.txt")]
    assert "unsupported file type .jpg" == r[str(m / "photo.jpg")]
    assert r[str(missing)] == "no such file or folder"
    assert not any(".hidden" in s.path for s in skipped)
    assert len(skipped) == 6


def test_file_over_size_limit_is_skipped(tmp_path, write_article):
    big = write_article(tmp_path, "big.txt", BODY * 5)
    small = write_article(tmp_path, "small.txt", BODY2)
    limit = small.stat().st_size + 10
    assert big.stat().st_size > limit
    articles, skipped = load([big, small], max_bytes=limit)
    assert [a.doc_id for a in articles] == ["small"]
    assert [s.path for s in skipped] == [str(big)]
    assert "limit" in skipped[0].reason


def test_unsupported_single_file_and_no_suffix(tmp_path):
    a = tmp_path / "notes.docx"
    a.write_bytes(b"x")
    b = tmp_path / "README"
    b.write_text(BODY)
    files, skipped = discover([a, b])
    assert files == []
    assert reasons(skipped) == {str(a): "unsupported file type .docx", str(b): "unsupported file type (none)"}


def test_discover_is_sorted_and_recursive(tmp_path, write_article):
    write_article(tmp_path / "f" / "sub", "b.txt", BODY)
    write_article(tmp_path / "f", "c.md", BODY)
    write_article(tmp_path / "f", "a.jsonl", "{}")
    write_article(tmp_path / "f" / ".git", "x.txt", BODY)
    files, skipped = discover([tmp_path / "f"])
    assert skipped == []
    assert files == sorted(files)
    assert {f.name for f in files} == {"a.jsonl", "b.txt", "c.md"}


def test_index_add_reports_skipped_and_indexes_good_files(mixed_folder, tmp_path, settings, write_article):
    big = write_article(mixed_folder, "big.txt", BODY * 20)
    settings = settings.model_copy(update={"max_file_mb": 0.002})
    assert big.stat().st_size > 2000
    missing = tmp_path / "nope"
    idx = Index(settings)
    report = idx.add([mixed_folder, missing])
    assert sorted(report.added) == ["good1", "good2", "row1"]
    r = reasons(report.skipped)
    m = mixed_folder
    assert set(r) == {
        str(m / "empty.txt"),
        str(m / "binary.txt"),
        str(m / "latin1.txt"),
        str(m / "chrome.txt"),
        str(m / "photo.jpg"),
        str(m / "big.txt"),
        str(missing),
    }
    assert all(reason for reason in r.values())
    assert "limit" in r[str(m / "big.txt")]
    assert sorted(d.doc_id for d in idx.documents()) == ["good1", "good2", "row1"]
    assert idx.document("good1").title == "Harbour terminal delayed"
    hits = idx.search("container terminal harbour")
    assert hits and {h.chunk.doc_id for h in hits} <= {"good1", "good2", "row1"}
    # the report serialises the reasons
    d = report.to_dict()
    assert {s["path"] for s in d["skipped"]} == set(r)
