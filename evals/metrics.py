"""Scoring one eval question and aggregating metrics, strictly.

Normalisation (SQuAD style): lower-case, fold digits' thousands separators ("600,000" =
"600000"), drop punctuation and the articles a/an/the, fold whitespace.

* ``short_answer_em`` / ``short_answer_f1``: exact match and token F1 of the answer's
  ``short_answer`` against the best accepted answer (and the gold verdict, for yes/no
  questions). No short answer, or an abstention, scores 0.
* ``answer_accuracy``: for yes/no questions the answer's verdict must equal the gold verdict;
  otherwise the short answer must be an accepted answer (exact match: the option an either-or
  question chose, which its evidence need not spell out) or an accepted answer must occur *as
  whole words* in the answer's sentences. The
  conflict summary and the warnings are never scored, so "Sources disagree: G7 vs G8" does not
  make an answer right.
* ``conflict_detection``: a conflict question counts only when one conflict of the answer has a
  side carrying a value of ``sides[0]`` and another side carrying a value of ``sides[1]``.
* ``false_conflicts``: the share of answerable questions that are not conflict questions on
  which the answer shows any conflict.
* ``citation_recall``: for an answer (not an abstention) to a question with gold articles, the
  share of those articles it cites: a question resting on two reports wants both cited.
* ``citation_support``: for a correct answer, its short answer (else an accepted answer) occurs
  in a cited passage; for a yes/no question, or a short answer that is a judgement drawn from
  the evidence rather than a quote (an either-or choice), something is cited.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from evals.dataset import EvalQuestion

RETRIEVAL_KEYS = ("hit@1", "hit@5", "recall@5", "mrr@10")
ANSWER_KEYS = (
    "answer_accuracy", "short_answer_em", "short_answer_f1", "null_abstention", "false_abstention",
    "citation_precision", "citation_recall", "citation_support", "conflict_detection", "false_conflicts",
)
LATENCY_KEYS = ("latency_p50_ms", "latency_p95_ms")
METRIC_KEYS = RETRIEVAL_KEYS + ANSWER_KEYS + LATENCY_KEYS
LLM_KEYS = ("wrong_shown_raw", "wrong_shown_verified")
LOWER_IS_BETTER = frozenset({"false_abstention", "false_conflicts", *LATENCY_KEYS, *LLM_KEYS})

_YES = frozenset({"yes", "true"})
_NO = frozenset({"no", "false"})
_THOUSANDS = re.compile(r"(?<=\d)[,\u00a0\u202f](?=\d{3}(?!\d))")
_PUNCT = re.compile(r"[^\w\s]|_")
_ARTICLES = frozenset({"a", "an", "the"})


def normalise(text: str | None) -> str:
    """Lower-case, thousands separators folded, punctuation and articles removed, spaces folded."""
    t = (text or "").lower().replace("’", "'")
    t = _THOUSANDS.sub("", t)
    t = _PUNCT.sub(" ", t)
    return " ".join(w for w in t.split() if w not in _ARTICLES)


def polarity(text: str | None) -> str | None:
    """"yes"/"no" when ``text`` is a yes/no word (or starts with one), else None."""
    words = normalise(text).split()
    if not words:
        return None
    return "yes" if words[0] in _YES else "no" if words[0] in _NO else None


def gold_verdict(q: EvalQuestion) -> str | None:
    """The verdict a yes/no question expects: its ``verdict`` field, or a first accepted answer that is Yes or No (a
    file that leaves the field out, ``["No", "produced only for the domestic market"]``, still asks for a No: the
    phrase next to a Yes, or next to no verdict at all, is not that answer)."""
    if q.verdict:
        return q.verdict
    if q.answers and normalise(q.answers[0]) in _YES | _NO:
        return polarity(q.answers[0])
    return None


def exact_match(prediction: str | None, gold: str) -> float:
    return float(bool(prediction) and normalise(prediction) == normalise(gold))


def token_f1(prediction: str | None, gold: str) -> float:
    pred, ref = normalise(prediction).split(), normalise(gold).split()
    if not pred or not ref:
        return float(pred == ref and bool(prediction))
    common = sum((Counter(pred) & Counter(ref)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(pred), common / len(ref)
    return 2 * precision * recall / (precision + recall)


def contains_words(text: str, phrase: str) -> bool:
    """Does ``phrase`` occur in ``text`` as whole words, after normalisation?"""
    p = normalise(phrase)
    return bool(p) and f" {p} " in f" {normalise(text)} "


@dataclass(frozen=True, slots=True)
class ShownConflict:
    """The part of a conflict that scoring reads: each side's value (or sentence) text."""

    topic: str
    sides: tuple[str, ...]


@dataclass(slots=True)
class QuestionResult:
    """What one system did on one question, in the form the metrics read."""

    q: EvalQuestion
    answer: str
    abstained: bool
    retrieved_docs: list[str]
    cited_docs: list[str]
    cited_texts: list[str]
    latency_ms: float
    short_answer: str | None = None
    verdict: str | None = None
    sentences: list[str] = field(default_factory=list)
    conflicts: list[ShownConflict] = field(default_factory=list)
    citations: list[dict[str, Any]] = field(default_factory=list)
    reply: str | None = None  # the LLM's raw reply, before verification

    @property
    def correct(self) -> bool:
        if not self.q.answerable:
            return self.abstained
        return not self.abstained and answer_correct(self.q, self.sentences, self.verdict, self.short_answer)

    @property
    def supported(self) -> bool:
        if gold_verdict(self.q) is not None:
            return bool(self.cited_docs)
        short = self.short_answer if self.short_answer and polarity(self.short_answer) is None else None
        if short and not any(contains_words(t, short) for t in [*self.sentences, *self.cited_texts]):
            # not a quote but a judgement drawn from the evidence, like a verdict: "Consistent"
            return bool(self.cited_docs)
        wanted = [short] if short else self.q.answers
        return any(contains_words(t, a) for t in self.cited_texts for a in wanted if a)

    @property
    def short_scores(self) -> tuple[float, float]:
        """(exact match, token F1) of the short answer against the best gold."""
        if self.abstained or not self.short_answer or not self.q.answerable:
            return 0.0, 0.0
        golds = list(self.q.answers) + ([v] if (v := gold_verdict(self.q)) else [])
        return (max(exact_match(self.short_answer, g) for g in golds),
                max(token_f1(self.short_answer, g) for g in golds))

    @property
    def conflict_found(self) -> bool:
        return conflict_matches(self.q, self.conflicts)

    def to_dict(self) -> dict[str, Any]:
        em, f1 = self.short_scores
        out = {
            "id": self.q.id,
            "type": self.q.type,
            "split": self.q.split,
            "kind": self.q.kind,
            "question": self.q.question,
            "expected": list(self.q.answers),
            "gold_docs": list(self.q.gold_docs),
            "correct": self.correct,
            "abstained": self.abstained,
            "short_answer": self.short_answer,
            "verdict": self.verdict,
            "short_answer_em": em,
            "short_answer_f1": round(f1, 4),
            "retrieved_docs": self.retrieved_docs,
            "cited_docs": self.cited_docs,
            "answer": self.answer,
            "conflicts": [{"topic": c.topic, "sides": list(c.sides)} for c in self.conflicts],
            "latency_ms": round(self.latency_ms, 2),
            "citations": self.citations,
        }
        if self.reply is not None:
            out["reply"] = self.reply
        return out


def answer_correct(
    q: EvalQuestion, sentences: Sequence[str], verdict: str | None, short_answer: str | None = None
) -> bool:
    """Strict correctness of a shown (not abstained) answer to an answerable question."""
    want = gold_verdict(q)
    if want is not None:
        return verdict == want
    if short_answer and any(exact_match(short_answer, a) for a in q.answers):
        return True  # the answer given ("Consistent" for "consistent or inconsistent?") is an accepted one
    text = " ".join(sentences)
    return any(contains_words(text, a) for a in q.answers)


def conflict_matches(q: EvalQuestion, conflicts: Sequence[ShownConflict]) -> bool:
    """Does one shown conflict put a value of each of the question's sides on different sides?

    Without ``sides`` in the dataset any conflict counts (older datasets).
    """
    if not conflicts:
        return False
    if len(q.sides) < 2:
        return True
    for c in conflicts:
        for i, a in enumerate(c.sides):
            for j, b in enumerate(c.sides):
                if i != j and any(contains_words(a, s) for s in q.sides[0]) and any(
                    contains_words(b, s) for s in q.sides[1]
                ):
                    return True
    return False


def reply_correct(q: EvalQuestion, reply: str) -> bool:
    """Is a raw LLM reply right? The same rule as :func:`answer_correct`, on the whole reply."""
    want = gold_verdict(q)
    if want is not None:
        first = reply.split(":", 1)[-1] if reply.lower().lstrip().startswith("short answer") else reply
        return polarity(first) == want
    return any(contains_words(reply, a) for a in q.answers)


def _mean(values: Sequence[float]) -> float | None:
    return round(float(np.mean(values)), 4) if len(values) else None


def rank_of_gold(r: QuestionResult, limit: int) -> int | None:
    for i, d in enumerate(r.retrieved_docs[:limit], start=1):
        if d in r.q.gold_docs:
            return i
    return None


def retrieval_metrics(results: Sequence[QuestionResult]) -> dict[str, float | None]:
    with_gold = [r for r in results if r.q.answerable and r.q.gold_docs]
    return {
        "hit@1": _mean([float(rank_of_gold(r, 1) is not None) for r in with_gold]),
        "hit@5": _mean([float(rank_of_gold(r, 5) is not None) for r in with_gold]),
        "recall@5": _mean(
            [len(set(r.retrieved_docs[:5]) & set(r.q.gold_docs)) / len(set(r.q.gold_docs)) for r in with_gold]
        ),
        "mrr@10": _mean([1.0 / x if (x := rank_of_gold(r, 10)) else 0.0 for r in with_gold]),
    }


def answer_metrics(results: Sequence[QuestionResult]) -> dict[str, float | None]:
    answerable = [r for r in results if r.q.answerable]
    nulls = [r for r in results if not r.q.answerable]
    cited = [(d in r.q.gold_docs) for r in answerable if not r.abstained for d in r.cited_docs]
    conflicts = [r for r in results if r.q.type == "conflict"]
    ordinary = [r for r in answerable if r.q.type != "conflict"]
    scores = [r.short_scores for r in answerable]
    return {
        "answer_accuracy": _mean([float(r.correct) for r in answerable]),
        "short_answer_em": _mean([em for em, _ in scores]),
        "short_answer_f1": _mean([f1 for _, f1 in scores]),
        "null_abstention": _mean([float(r.abstained) for r in nulls]),
        "false_abstention": _mean([float(r.abstained) for r in answerable]),
        "citation_precision": _mean([float(c) for c in cited]),
        # of the articles a question's answer rests on, the share its answer cites
        "citation_recall": _mean([len(set(r.cited_docs) & set(r.q.gold_docs)) / len(set(r.q.gold_docs))
                                  for r in answerable if not r.abstained and r.q.gold_docs]),
        "citation_support": _mean([float(r.supported) for r in answerable if r.correct]),
        "conflict_detection": _mean([float(r.conflict_found) for r in conflicts]),
        "false_conflicts": _mean([float(bool(r.conflicts)) for r in ordinary]),
    }


def llm_metrics(results: Sequence[QuestionResult]) -> dict[str, float | None]:
    """``wrong_shown``: share of all questions on which a wrong answer was shown, not abstained.

    ``_raw`` judges the model's reply before verification (a reply that is not the not-found
    token counts as shown), ``_verified`` what the user sees after verification and fallback.
    """
    from rag.llm.prompt import NOT_FOUND

    with_reply = [r for r in results if r.reply is not None]
    if not with_reply:
        return {}

    def raw_wrong(r: QuestionResult) -> bool:
        reply = r.reply or ""
        shown = bool(reply.strip()) and NOT_FOUND not in reply
        return shown and (not r.q.answerable or not reply_correct(r.q, reply))

    return {
        "wrong_shown_raw": _mean([float(raw_wrong(r)) for r in with_reply]),
        "wrong_shown_verified": _mean([float(not r.abstained and not r.correct) for r in with_reply]),
    }


def aggregate(results: Sequence[QuestionResult]) -> dict[str, float | None]:
    """All metrics over ``results`` (None where a metric has no questions to count)."""
    lat = [r.latency_ms for r in results]
    return {
        **retrieval_metrics(results),
        **answer_metrics(results),
        "latency_p50_ms": round(float(np.percentile(lat, 50)), 2) if lat else None,
        "latency_p95_ms": round(float(np.percentile(lat, 95)), 2) if lat else None,
        **llm_metrics(results),
    }
