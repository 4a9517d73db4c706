"""The off_topic eval set: general-knowledge questions, all unanswerable in the news corpora it is asked of."""

from __future__ import annotations

from evals.dataset import load_dataset, resolve_dataset
from evals.gate import load_limits


def test_off_topic_set_shape() -> None:
    ds = resolve_dataset("off_topic")
    questions = load_dataset(ds.questions)
    assert len({q.id for q in questions}) == len(questions) >= 80
    assert all(q.type == "null" and not q.answers and not q.gold_docs and q.split is None for q in questions)
    # both forms: a wh-question gets a short answer to over-answer with, a yes/no question a verdict
    yes_no = sum(q.kind == "yes_no" for q in questions)
    assert 15 <= yes_no <= len(questions) - 50
    # asked of three news corpora together, and gated on the whole set (there is no held-out split)
    assert len(ds.corpus) == 3 and all(p.exists() for p in ds.corpus)
    assert load_limits("off_topic").get("split") is None
