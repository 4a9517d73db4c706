"""The worldwire eval set and probes F, G, H and S: well formed, split, answers and evidence in their articles."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from evals.dataset import load_dataset, resolve_dataset
from evals.metrics import gold_verdict
from rag.ingest import clean_article


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


@pytest.mark.parametrize("name", ["worldwire", "probe_f", "probe_g", "probe_h", "probe_i", "probe_j", "probe_k",
                                  "probe_l", "probe_m", "probe_n", "probe_o", "probe_p", "probe_q", "probe_r",
                                  "probe_t", "probe_u", "probe_v"])
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


def test_probe_s_answers_and_evidence_are_in_the_indexed_seed_articles() -> None:
    """Probe S asks about the seed articles as they are indexed (page furniture cleaned away, metadata as fields):
    every quote, and
    every first accepted answer (the article's own wording), is in the cleaned text of a gold article."""
    seeds = Path(__file__).resolve().parents[2] / "seeds"
    cleaned = {p.stem: clean_article(p.read_text("utf-8")) for p in seeds.glob("*.txt")}
    # metadata lines ("date 2025-11-23", "Source: BBC") are indexed as fields (the date, the source), not body text
    texts = {d: f"{c.title} {c.source} {c.published_at} {c.text}".lower() for d, c in cleaned.items()}
    path = EVALS / "probe_s" / "questions.jsonl"
    questions = load_dataset(path)
    quotes = {row["id"]: row["evidence"] for row in map(json.loads, path.read_text("utf-8").splitlines())}
    assert len(questions) >= 50 and {q.split for q in questions} == {"dev"}
    for q in questions:
        assert set(q.gold_docs) <= set(texts), q.id
        gold = [texts[d] for d in q.gold_docs]
        for quote in quotes[q.id]:
            assert any(quote.lower() in t for t in gold), (q.id, quote)
        if q.kind == "yes_no":
            assert gold_verdict(q) in ("yes", "no"), q.id
        elif q.type == "null":
            assert not q.answers and not q.gold_docs, q.id
        else:
            assert any(q.answers[0].lower() in t for t in gold), (q.id, q.answers[0])


def _assert_yes_no_probe(name: str, texts: dict[str, str], answer_quoted: bool) -> None:
    """A yes/no probe: at least 40 `dev` questions, half Yes and half No, every quote (and, ``answer_quoted``, the
    answer's phrase) in one of its gold articles' ``texts``."""
    path = EVALS / name / "questions.jsonl"
    questions = load_dataset(path)
    assert len(questions) >= 40 and {(q.split, q.kind) for q in questions} == {("dev", "yes_no")}
    assert Counter(gold_verdict(q) for q in questions) == {"yes": len(questions) // 2, "no": len(questions) // 2}
    for row in map(json.loads, path.read_text("utf-8").splitlines()):
        assert row["gold_docs"] and set(row["gold_docs"]) <= set(texts), row["id"]
        for quote in [*row["evidence"], *row["answers"][1:2 if answer_quoted else 1]]:
            assert any(quote in texts[d] for d in row["gold_docs"]), (row["id"], quote)


def _indexed_seed_texts() -> dict[str, str]:
    """The seed articles' bodies as they are indexed (page furniture cleaned away), by doc_id."""
    seeds = Path(__file__).resolve().parents[2] / "seeds"
    return {p.stem: clean_article(p.read_text("utf-8")).text for p in seeds.glob("*.txt")}


def test_probe_y_quotes_are_in_its_gold_articles() -> None:
    """Probe Y (yes/no over the newsdesk and worldwire articles): half Yes, half No, every quote in a gold article."""
    texts = {}
    for name in ("newsdesk", "worldwire"):
        for row in map(json.loads, (EVALS / name / "corpus.jsonl").read_text("utf-8").splitlines()):
            texts[row["id"]] = f"{row.get('title') or ''} {row.get('source') or ''} {row['text']}"
    _assert_yes_no_probe("probe_y", texts, answer_quoted=False)


def test_probe_z_quotes_are_in_its_gold_seed_articles() -> None:
    """Probe Z (yes/no over the seed articles): half Yes, half No, every quote and answer phrase in the indexed text
    of a gold article."""
    _assert_yes_no_probe("probe_z", _indexed_seed_texts(), answer_quoted=True)


def test_probe_w_quotes_and_answers_are_in_its_gold_seed_articles() -> None:
    """Probe W (wh-questions over the seed articles): every quote and every first answer in the indexed text of a
    gold article; its near misses name no article and accept no answer."""
    texts = _indexed_seed_texts()
    path = EVALS / "probe_w" / "questions.jsonl"
    questions = load_dataset(path)
    assert len(questions) >= 60 and {q.split for q in questions} == {"dev"}
    assert all(q.kind != "yes_no" for q in questions)
    for row in map(json.loads, path.read_text("utf-8").splitlines()):
        if row["type"] == "null":
            assert not row["answers"] and not row["gold_docs"] and not row["evidence"], row["id"]
            continue
        assert row["gold_docs"] and set(row["gold_docs"]) <= set(texts), row["id"]
        for quote in [*row["evidence"], row["answers"][0]]:
            assert any(quote in texts[d] for d in row["gold_docs"]), (row["id"], quote)


@pytest.mark.parametrize("probe", ["probe_x", "probe_b"])
def test_seed_probe_quotes_and_answers_are_in_its_gold_seed_articles(probe: str) -> None:
    """Probes X and B (the seed set's mix over the seed articles): every quote and every answer but a verdict in the
    indexed text of a gold article or its source line; half their yes/no questions Yes; their near misses name no
    article and accept no answer."""
    seeds = Path(__file__).resolve().parents[2] / "seeds"
    texts = {d: f"{text}\n{(seeds / f'{d}.txt').read_text('utf-8')}" for d, text in _indexed_seed_texts().items()}
    path = EVALS / probe / "questions.jsonl"
    questions = load_dataset(path)
    assert len(questions) == 60 and {q.split for q in questions} == {"dev"}
    verdicts = [q.answers[0] for q in questions if q.kind == "yes_no"]
    assert verdicts.count("Yes") == verdicts.count("No") > 0
    assert all(q.verdict == q.answers[0].lower() for q in questions if q.kind == "yes_no")  # scored by the verdict
    for row in map(json.loads, path.read_text("utf-8").splitlines()):
        if row["type"] == "null":
            assert not row["answers"] and not row["gold_docs"] and not row["evidence"], row["id"]
            continue
        assert row["gold_docs"] and set(row["gold_docs"]) <= set(texts), row["id"]
        said = [a for a in row["answers"] if a not in ("Yes", "No")]
        for quote in [*row["evidence"], *said]:
            assert any(quote in texts[d] for d in row["gold_docs"]), (row["id"], quote)
