"""The Index facade: what it retrieves for a question before any answerer reads it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rag.index import Index
from rag.settings import Settings

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
