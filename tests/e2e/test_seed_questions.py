"""End to end with the real bundled model: seed questions answered with the right citations."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from rag import Index

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("question", "expected", "gold_doc"),
    [
        (
            "How large would Ukraine's army be under the peace plan?",
            "600,000",
            {"001_1d8b70d1a4602716", "004_3dab22978efde2ee"},
        ),
        ("Who presented the plan to Zelensky in writing?", "Dan Driscoll", {"001_1d8b70d1a4602716"}),
        ("How soon would Ukraine have to hold elections?", "100 days", {"001_1d8b70d1a4602716"}),
        ("Which newspaper reported that US guarantees depend on a deal?", "Financial Times", {"003_130c61d26131bc2f"}),
    ],
)
def test_seed_question_is_answered_with_citation(
    seed_index: Index, question: str, expected: str, gold_doc: set[str]
) -> None:
    ans = seed_index.ask(question)
    assert not ans.abstained
    assert expected.lower() in f"{ans.short_answer} {ans.answer}".lower()
    cited = {c.hit.chunk.doc_id for c in ans.citations}
    assert cited & gold_doc
    # every answer sentence carries a marker that points at a listed citation
    numbers = {c.n for c in ans.citations}
    assert ans.sentences and all(set(s.citations) <= numbers for s in ans.sentences)
    for s in ans.sentences:
        assert f"[{s.citations[0]}]" in ans.answer
    # citation offsets point into the article's clean text
    for c in ans.citations:
        article = seed_index.document(c.hit.chunk.doc_id)
        assert article is not None
        assert article.text[c.hit.chunk.start : c.hit.chunk.end] == c.hit.chunk.text


def test_unanswerable_question_abstains(seed_index: Index) -> None:
    ans = seed_index.ask("What did Chinese foreign minister Wang Yi say about the peace plan?")
    assert ans.abstained
    assert "does not say" in ans.answer
    assert ans.citations == ()


CRASH_A = ("A bus carrying farm workers left the road near Cusco on Tuesday night and fell into a ravine, "
           "killing 11 people, police said. Rescue teams worked through the night to reach the wreck.")
CRASH_B = ("A bus fell into a ravine near Cusco on Tuesday night, killing 14 people, regional police said. "
           "The bus was carrying farm workers home from the harvest.")
PESO_MON = "Mexico's peso closed at 16.94 per dollar on Monday as investors bet on high interest rates."
PESO_THU = "Mexico's peso weakened to 17.38 per dollar on Thursday after weak factory data."
# the same statement given to two different people is a disagreement about who holds the post ...
CEO_A = "Harbor Bank chief executive Ana Ruiz said on Monday that the bank would close 40 branches next year."
CEO_B = "Harbor Bank chief executive Marta Lopez said on Monday that the bank would close 40 branches next year."
# ... two people saying different things about it is not
UNION = "Harbor Bank union leader Tom Price said on Tuesday that the branch closures would cost jobs."
ANALYST = "Harbor Bank analyst Sara Kim said on Tuesday that the branch closures would cut costs."


def test_conflicts_are_shown_for_real_disagreements_and_not_for_look_alikes(
    tmp_path, write_jsonl, model_cache  # type: ignore[no-untyped-def]
) -> None:
    articles = [  # id, text, title, source, date
        ("crash-a", CRASH_A, "Bus crash near Cusco", "Harbor Times", "2024-05-08"),
        ("crash-b", CRASH_B, "Cusco bus crash", "Valley Ledger", "2024-05-08"),
        ("peso-mon", PESO_MON, "Peso firms", "Metro Wire", "2024-03-04"),
        ("peso-thu", PESO_THU, "Peso weakens", "Metro Wire", "2024-03-07"),
        ("ceo-a", CEO_A, "Harbor Bank to shut branches", "Harbor Times", "2024-06-03"),
        ("ceo-b", CEO_B, "Harbor Bank cuts branches", "Valley Ledger", "2024-06-03"),
        ("union", UNION, "Union warns on closures", "Metro Wire", "2024-06-04"),
        ("analyst", ANALYST, "Closures cut costs", "Valley Ledger", "2024-06-04"),
    ]
    rows = [{"id": i, "text": t, "title": title, "source": src, "published_at": d} for i, t, title, src, d in articles]
    idx = Index.open(tmp_path / "idx", cache_dir=model_cache)  # the session's converted model
    idx.add([write_jsonl(tmp_path / "corpus.jsonl", rows)])
    crash = idx.ask("How many people were killed when the bus fell into the ravine near Cusco?")
    assert crash.conflicts, crash.answer
    values = {s.value for s in crash.conflicts[0].sides}
    assert any("11" in v for v in values) and any("14" in v for v in values)
    assert crash.answer.startswith("Sources disagree")
    peso = idx.ask("What was the peso's rate against the dollar on Thursday?")
    assert not peso.abstained and "17.38" in f"{peso.short_answer} {peso.answer}"
    assert peso.conflicts == ()
    ceo = idx.ask("Who is the chief executive of Harbor Bank?")
    assert ceo.conflicts, ceo.answer
    sides = " | ".join(s.value for s in ceo.conflicts[0].sides)
    assert "Ruiz" in sides and "Lopez" in sides
    jobs = idx.ask("Who said the branch closures would cost jobs?")
    assert not jobs.abstained and "Tom Price" in f"{jobs.short_answer} {jobs.answer}"
    assert jobs.conflicts == (), jobs.answer


def test_cli_ask_json_with_real_model(seed_index: Index) -> None:
    env = dict(os.environ, RAG_INDEX_DIR=str(seed_index.dir), RAG_CACHE_DIR=str(seed_index.settings.cache_dir))
    out = subprocess.run(
        [sys.executable, "-m", "rag.cli", "ask", "How large would Ukraine's army be under the peace plan?", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=True,
    )
    data = json.loads(out.stdout)
    assert set(data) >= {"question", "answer", "abstained", "mode", "citations", "conflicts", "warnings", "timings_ms"}
    assert data["mode"] == "extractive" and not data["abstained"]
    assert "600,000" in data["answer"]
    c = data["citations"][0]
    assert set(c) >= {"n", "doc_id", "chunk_id", "title", "source", "published_at", "start", "end", "text", "score"}
