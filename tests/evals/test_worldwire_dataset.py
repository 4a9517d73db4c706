"""The worldwire eval set and probe F: well formed, split, their answers and evidence really in their articles."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from evals.dataset import load_dataset, resolve_dataset
from evals.metrics import gold_verdict


def test_worldwire_set_shape_and_splits() -> None:
    ds = resolve_dataset("worldwire")
    questions = load_dataset(ds.questions)
    assert len({q.id for q in questions}) == len(questions) >= 150
    for split in ("dev", "test"):
        part = load_dataset(ds.questions, split)
        assert len(part) >= 50 and {q.type for q in part} >= {"single", "multi", "null", "conflict"}
    types = Counter(q.type for q in questions)
    assert types["null"] >= 30 and types["conflict"] >= 20
    for q in questions:
        if q.type == "null":
            assert not q.answers and not q.gold_docs, q.id
        else:
            assert q.answers and q.gold_docs, q.id
        if q.type == "conflict":
            assert len(q.sides) == 2 and {a for side in q.sides for a in side} == set(q.answers), q.id
        if q.kind == "yes_no":
            assert gold_verdict(q) in ("yes", "no"), q.id


EVALS = Path(__file__).resolve().parents[2] / "evals"


@pytest.mark.parametrize("name", ["worldwire", "probe_f", "probe_g"])
def test_answers_and_evidence_are_in_the_gold_articles(name: str) -> None:
    if name == "worldwire":
        ds = resolve_dataset("worldwire")
        questions, corpus = ds.questions, ds.corpus[0]
    else:
        questions, corpus = EVALS / name / "questions.jsonl", EVALS / name / "corpus.jsonl"
    texts = {row["id"]: row["text"].lower() for row in map(json.loads, corpus.read_text("utf-8").splitlines())}
    assert len(load_dataset(questions)) >= 50
    for row in map(json.loads, questions.read_text("utf-8").splitlines()):
        assert set(row["gold_docs"]) <= set(texts), row["id"]
        gold = [texts[d] for d in row["gold_docs"]]
        for quote in row["evidence"]:
            assert any(quote.lower() in t for t in gold), (row["id"], quote)
        if row["kind"] != "yes_no":
            for answer in row["answers"]:
                assert any(answer.lower() in t for t in gold), (row["id"], answer)
