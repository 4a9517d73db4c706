"""Trivial systems every report is compared with, run on the same index and questions.

* ``random``: a random ranking of the index's articles. Its retrieval metrics are the exact
  expectations over all rankings (no sampling noise); it has no answers.
* ``lexical``: the top 3 sentences of the whole corpus by content-word overlap with the
  question (no embeddings, no index), never abstaining, no short answer, no verdict. A system
  that does not beat it on answer accuracy is quoting sentences no better than word counting.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import comb
from typing import Any

from evals.dataset import EvalQuestion
from evals.metrics import QuestionResult, aggregate
from rag.records import Article

LEXICAL_SENTENCES = 3


def expected_random(n_docs: int, n_gold: int) -> dict[str, float]:
    """Expected hit@1, hit@5, recall@5 and MRR@10 of a uniformly random ranking of ``n_docs``."""
    g = min(n_gold, n_docs)
    if n_docs == 0 or g == 0:
        return {"hit@1": 0.0, "hit@5": 0.0, "recall@5": 0.0, "mrr@10": 0.0}

    def p_none_in_top(k: int) -> float:  # no gold article among the first k
        k = min(k, n_docs)
        return comb(n_docs - g, k) / comb(n_docs, k)

    mrr = sum((p_none_in_top(r - 1) - p_none_in_top(r)) / r for r in range(1, min(10, n_docs) + 1))
    return {
        "hit@1": 1 - p_none_in_top(1),
        "hit@5": 1 - p_none_in_top(5),
        "recall@5": min(5, n_docs) / n_docs,
        "mrr@10": mrr,
    }


def random_metrics(questions: Sequence[EvalQuestion], n_docs: int) -> dict[str, float | None]:
    rows = [expected_random(n_docs, len(set(q.gold_docs))) for q in questions if q.answerable and q.gold_docs]
    keys = ("hit@1", "hit@5", "recall@5", "mrr@10")
    if not rows:
        return dict.fromkeys(keys)
    return {k: round(sum(r[k] for r in rows) / len(rows), 4) for k in keys}


class LexicalBaseline:
    """Top sentences by count of shared content words (spaCy's English stop words excluded)."""

    def __init__(self, articles: Sequence[Article]) -> None:
        from spacy.lang.en import English

        from rag.nlp import split_sentences

        self._nlp = English()  # tokenizer only: no model, no parse
        self.sentences: list[tuple[str, str]] = []  # (doc_id, sentence)
        for art in articles:
            for s, e in split_sentences(art.text):
                self.sentences.append((art.doc_id, art.text[s:e]))
        self._words = [self._content(t) for _, t in self.sentences]

    def _content(self, text: str) -> set[str]:
        return {t.lower_ for t in self._nlp(text) if (t.is_alpha or t.like_num) and not t.is_stop}

    def run(self, q: EvalQuestion) -> QuestionResult:
        want = self._content(q.question)
        scored = sorted(
            range(len(self.sentences)), key=lambda i: (-len(want & self._words[i]), i)
        )
        top = scored[:LEXICAL_SENTENCES]
        docs_ranked = list(dict.fromkeys(self.sentences[i][0] for i in scored))
        cited = list(dict.fromkeys(self.sentences[i][0] for i in top))
        texts = [self.sentences[i][1] for i in top]
        return QuestionResult(
            q=q, answer=" ".join(texts), abstained=False, retrieved_docs=docs_ranked[:10], cited_docs=cited,
            cited_texts=texts, latency_ms=0.0, sentences=texts,
        )


def baseline_report(questions: Sequence[EvalQuestion], articles: Sequence[Article]) -> dict[str, Any]:
    """Metrics of both baselines: ``{"random": {...}, "lexical": {...}}`` (plus ``by_type`` each)."""
    lexical = LexicalBaseline(articles)
    results = [lexical.run(q) for q in questions]
    lex = {k: v for k, v in aggregate(results).items() if not k.startswith("latency")}
    by_type_lex = {t: aggregate([r for r in results if r.q.type == t]) for t in sorted({q.type for q in questions})}
    by_type_rand = {
        t: random_metrics([q for q in questions if q.type == t], len(articles)) for t in sorted(by_type_lex)
    }
    return {
        "random": {**random_metrics(questions, len(articles)), "by_type": by_type_rand},
        "lexical": {**lex, "by_type": by_type_lex},
    }
