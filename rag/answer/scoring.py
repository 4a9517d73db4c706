"""Scoring the sentences of the retrieved passages against the question: the :class:`Evidence` answers come from.

Sentence score = ``W_SIM * cosine(question, sentence) + W_LEX * weighted lemma overlap + type``.
The lemma overlap weights each focus lemma of the question by how rare it is among the
candidate sentences ("Driscoll" counts more than "plan"); ``type`` rewards a sentence holding a
span of the kind asked for and, for questions that need one, penalises a sentence without.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from spacy.tokens import Span

from embeddings import Embedder
from rag.answer.base import Sentence
from rag.answer.candidates import spans_in
from rag.answer.evidence import Evidence
from rag.answer.names import pronoun_referent
from rag.answer.question import QuestionAnalysis
from rag.nlp import TextAnalyser, content_lemmas
from rag.records import SearchHit

W_SIM, W_LEX = 0.55, 0.45
TYPE_BONUS, TYPE_PENALTY = 0.08, 0.12
MAX_LEX_TERMS = 6


def read_headlines(ev: Evidence, hits: Sequence[SearchHit], analyser: TextAnalyser) -> Evidence:
    """``ev`` with the headlines of its articles parsed (those that have one)."""
    titles = {h.chunk.doc_id: h.title for h in hits if h.title}
    docs = analyser.parse_many(list(titles.values()))
    return replace(ev, headlines=dict(zip(titles, docs, strict=True)))


def _pronoun_referent(sent: Span) -> set[str]:
    """For a sentence that speaks of someone as "he"/"she" without naming anyone, the lemmas of the
    last person its passage named before it ("She replaces Olumide Akinwale" after "Adaeze Okonkwo
    ... has been appointed"): the sentence is about them as much as one naming them."""
    person = pronoun_referent(sent)
    return content_lemmas(person) if person is not None else set()


def score_sentences(
    q: QuestionAnalysis, cands: list[Sentence], spans: list[Span], embedder: Embedder
) -> Evidence:
    """Candidates with scores, best first."""
    if not cands:
        return Evidence([], [], np.zeros((0, 1), dtype=np.float32))
    vecs = embedder.embed_documents([c.text for c in cands])
    sims = vecs @ embedder.embed_query(q.text)
    lemma_sets = [content_lemmas(s) | _pronoun_referent(s) for s in spans]
    df = Counter(lemma for lemmas in lemma_sets for lemma in lemmas)
    weights = {lemma: math.log(1 + len(cands) / (1 + df.get(lemma, 0))) for lemma in q.focus}
    total = sum(sorted(weights.values(), reverse=True)[:MAX_LEX_TERMS]) or 1.0
    scored = []
    for c, sent, sim, lemmas in zip(cands, spans, sims, lemma_sets, strict=True):
        lex = sum(w for lemma, w in weights.items() if lemma in lemmas) / total
        bonus = 0.0
        if q.wants_short and q.expected:
            has = any(label != "NP" for _, _, label in spans_in(q, sent))
            bonus = TYPE_BONUS if has else (-TYPE_PENALTY if q.strict else 0.0)
        scored.append(replace(c, score=W_SIM * float(sim) + W_LEX * lex + bonus))
    order = sorted(range(len(scored)), key=lambda i: -scored[i].score)
    return Evidence([scored[i] for i in order], [spans[i] for i in order], vecs[order])
