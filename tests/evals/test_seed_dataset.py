"""The seed eval set is well formed, split, and its evidence really is in the articles."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from evals.dataset import default_dataset, load_dataset
from evals.metrics import gold_verdict, normalise
from rag import seeds_dir


def test_seed_set_shape() -> None:
    questions = load_dataset(default_dataset())
    types = Counter(q.type for q in questions)
    assert len(questions) >= 150
    assert types["null"] >= 10 and types["conflict"] >= 4
    for split in ("dev", "test"):
        part = load_dataset(default_dataset(), split)
        assert len(part) >= 50 and {q.type for q in part} >= {"single", "multi", "null", "conflict"}
    for q in questions:
        assert q.split in ("dev", "test"), q.id
        if q.type == "null":
            assert not q.answers and not q.gold_docs
        else:
            assert q.answers and q.gold_docs
        if q.type == "conflict":
            assert len(q.sides) >= 2 and all(s in q.answers for side in q.sides for s in side), q.id
        if q.kind == "yes_no":
            assert gold_verdict(q) in ("yes", "no"), q.id


def test_seed_evidence_is_verbatim_and_contains_answers() -> None:
    texts = {p.stem: p.read_text(encoding="utf-8") for p in Path(seeds_dir()).glob("*.txt")}
    for line in default_dataset().read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        assert set(row["gold_docs"]) <= set(texts), row["id"]
        for quote in row.get("evidence", []):
            assert any(" ".join(quote.split()) in " ".join(texts[d].split()) for d in row["gold_docs"]), (
                row["id"], quote)
        if row["answers"] and not row.get("verdict"):
            # substring, not whole words: scraped text glues words ("theArticle 5 of NATOwhich")
            joined = normalise(" ".join(row["evidence"]))
            assert any(normalise(a) in joined for a in row["answers"]), row["id"]
