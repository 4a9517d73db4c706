"""The seed eval set is well formed and its evidence really is in the articles."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from evals.dataset import default_dataset, load_dataset
from evals.metrics import answer_matches
from rag import seeds_dir


def test_seed_set_shape() -> None:
    questions = load_dataset(default_dataset())
    kinds = Counter(q.type for q in questions)
    assert len(questions) >= 50
    assert kinds["null"] >= 10 and kinds["conflict"] >= 4
    for q in questions:
        if q.type == "null":
            assert not q.answers and not q.gold_docs
        else:
            assert q.answers and q.gold_docs


def test_seed_evidence_is_verbatim_and_contains_answers() -> None:
    texts = {p.stem: p.read_text(encoding="utf-8") for p in Path(seeds_dir()).glob("*.txt")}
    for line in default_dataset().read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        assert set(row["gold_docs"]) <= set(texts), row["id"]
        for quote in row.get("evidence", []):
            assert any(quote in texts[d] for d in row["gold_docs"]), (row["id"], quote)
        if row["answers"]:
            joined = " ".join(row["evidence"])
            assert any(answer_matches((a,), joined) for a in row["answers"]), row["id"]
