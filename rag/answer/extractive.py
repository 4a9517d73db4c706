"""The default answerer: picks the sentences of the retrieved passages that answer the question.

No LLM is involved, so every answer sentence is a verbatim sentence of a cited passage.

Scoring. Each sentence of each retrieved passage gets
``0.55 * cosine(question, sentence) + 0.45 * weighted word overlap + answer-type adjustment``.
The word overlap weights question words by how rare they are among the candidate sentences,
so "Driscoll" counts more than "plan". The answer-type adjustment rewards a sentence that has
what the question asks for (a number for "how many", a date for "when", a name for "who") and
penalises one that lacks it.

Abstention. The answerer says the corpus does not say when
1. a name, acronym or number the question depends on appears in none of the retrieved passages
   (asking about "Wang Yi" when no passage mentions him; single adjectives such as "Western"
   are too loose to count), or
   The same holds for the thing a "how many X" question counts.
2. the question asks for a number, a percentage, a date or a person and no sentence has one, or
3. the best sentence scores below ``MIN_SCORE``: nothing retrieved is close to the question.

The thresholds were set on the seed eval set (``rag eval``), not on individual questions.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from embeddings import Embedder
from rag.answer.base import Candidate, abstention, number_citations, render_answer
from rag.answer.text import (
    QuestionInfo,
    analyse_question,
    content_stems,
    has_date,
    is_strong_entity,
    mentions,
    numbers,
    split_sentences,
    spoken_date,
)
from rag.records import Answer, AnswerSentence, SearchHit

MIN_SCORE = 0.35
SECOND_SENTENCE_RATIO = 0.8
MAX_SENTENCES = 3
MAX_LEX_TERMS = 6
MAX_ANSWER_CHARS = 600
MIN_SENTENCE_CHARS = 25
W_SIM, W_LEX = 0.55, 0.45
_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\b")


_AUXILIARY = re.compile(
    r"^(?:does|do|did|is|are|was|were|has|have|had|can|could|would|will|should|might|may)\b", re.IGNORECASE
)
_NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|none|without|denied|denies|rejected|rejects)\b|n[’']t\b",
                       re.IGNORECASE)


def is_yes_no_question(question: str) -> bool:
    """"Does X ...?" is yes/no; "Is it A or B?" asks to choose, so it gets no verdict."""
    q = question.strip()
    # A short "A or B" question is a choice; a long one ending ", or do they ...?" still asks yes/no.
    choice = bool(re.search(r"\bor\b", q, re.IGNORECASE)) and ", or" not in q and len(q.split()) <= 20
    return bool(_AUXILIARY.match(q)) and not choice


def yes_no_verdict(question: str, evidence: list[str]) -> str:
    """"Yes" when the best evidence states the question's claim, "No" when it negates it.

    Only the polarity is compared: the evidence already passed the abstention rules, so it is
    about the question's subject. A negation in the evidence that the question lacks (or the
    reverse) means the passages contradict the claim.
    """
    q_neg = bool(_NEGATION.search(question))
    e_neg = bool(_NEGATION.search(evidence[0])) if evidence else q_neg
    return "No" if q_neg != e_neg else "Yes"


def _type_adjustment(info: QuestionInfo, sentence: str) -> float:
    if info.answer_type == "percent":
        return 0.08 if re.search(r"\d\s?(?:%|per\s?cent)", sentence) else -0.12
    if info.answer_type == "number":
        return 0.08 if numbers(sentence) else -0.12
    if info.answer_type == "date":
        return 0.06 if has_date(sentence) else -0.10
    if info.answer_type == "person":
        asked = {e.lower() for e in info.entities}
        names = [n for n in _NAME.findall(sentence) if n.lower() not in asked]
        return 0.06 if names else -0.08
    return 0.0


class ExtractiveAnswerer:
    """Answers with 1-3 cited sentences taken verbatim from the retrieved passages."""

    mode = "extractive"

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def candidates(self, hits: Sequence[SearchHit]) -> list[Candidate]:
        out = []
        for hit in hits:
            for s, e in split_sentences(hit.chunk.text):
                text = hit.chunk.text[s:e]
                # A short line without closing punctuation is a heading, not a statement.
                heading = len(text) < 80 and not re.search(r"[.!?\"”’)]$", text)
                if len(text) >= MIN_SENTENCE_CHARS and not heading:
                    out.append(Candidate(hit, hit.chunk.start + s, hit.chunk.start + e, text))
        return out

    def score(self, info: QuestionInfo, cands: list[Candidate]) -> tuple[list[Candidate], np.ndarray]:
        if not cands:
            return [], np.zeros((0, 1), dtype=np.float32)
        vecs = self.embedder.embed_documents([c.text for c in cands])
        qvec = self.embedder.embed_query(info.text)
        sims = vecs @ qvec
        stem_sets = [set(content_stems(c.text)) for c in cands]
        df = Counter(s for st in stem_sets for s in st)
        n = len(cands)
        q_stems = set(info.stems)
        weights = {s: math.log(1 + n / (1 + df.get(s, 0))) for s in q_stems}
        # A long, multi-part question cannot be covered by one sentence; full lexical credit needs
        # only its MAX_LEX_TERMS rarest words.
        total = sum(sorted(weights.values(), reverse=True)[:MAX_LEX_TERMS]) or 1.0
        scored = []
        for c, sim, st in zip(cands, sims, stem_sets, strict=True):
            lex = sum(w for s, w in weights.items() if s in st) / total
            value = W_SIM * float(sim) + W_LEX * lex + _type_adjustment(info, c.text)
            scored.append(replace(c, score=value))
        return scored, vecs

    def missing_entities(self, info: QuestionInfo, hits: Sequence[SearchHit]) -> list[str]:
        # Names may live in the metadata: "the TechCrunch article from October 22, 2023".
        text = " ".join(f"{h.title or ''} {h.source or ''} {spoken_date(h.published_at)} {h.chunk.text}" for h in hits)
        lower = text.lower()
        stems = set(content_stems(text)) | {w.lower() for w in re.findall(r"\w+", text)}
        missing = [e for e in info.entities if is_strong_entity(e) and not mentions(e, lower, stems)]
        if info.counted and not mentions(info.counted, lower, stems):
            missing.append(info.counted)  # "how many aircraft" when no passage mentions aircraft
        return missing

    def answer(self, question: str, hits: Sequence[SearchHit]) -> Answer:
        info = analyse_question(question)
        if not hits:
            return abstention(question, "No passage in the index matches the question.", self.mode)
        missing = self.missing_entities(info, hits)
        if missing:
            names = ", ".join(f"'{m}'" for m in missing)
            return abstention(question, f"No retrieved passage mentions {names}.", self.mode)
        scored, vecs = self.score(info, self.candidates(hits))
        if not scored:
            return abstention(question, "The retrieved passages contain no usable sentences.", self.mode)
        order = sorted(range(len(scored)), key=lambda i: -scored[i].score)
        if info.answer_type != "any":
            # A "how many" question is only answered by a sentence that holds a number, etc.
            order = [i for i in order if _type_adjustment(info, scored[i].text) >= 0]
            if not order:
                return abstention(
                    question, f"No retrieved passage states the {info.answer_type} the question asks for.", self.mode
                )
        best = scored[order[0]]
        if best.score < MIN_SCORE:
            return abstention(question, "No retrieved passage answers the question closely enough.", self.mode)

        chosen = [order[0]]
        length = len(best.text)
        for i in order[1:]:
            c = scored[i]
            if len(chosen) >= MAX_SENTENCES or c.score < max(MIN_SCORE, SECOND_SENTENCE_RATIO * best.score):
                break
            if length + len(c.text) > MAX_ANSWER_CHARS:
                continue
            if any(float(vecs[i] @ vecs[j]) > 0.85 for j in chosen):
                continue  # near-duplicate of a sentence already in the answer
            chosen.append(i)
            length += len(c.text)

        citations = number_citations([scored[i].hit for i in chosen])
        sentences = tuple(
            AnswerSentence(scored[i].text, (citations[scored[i].hit.chunk.id].n,)) for i in chosen
        )
        answer_text = render_answer(sentences)
        if is_yes_no_question(question):
            answer_text = f"{yes_no_verdict(question, [scored[i].text for i in chosen])}. {answer_text}"
        return Answer(
            question=question,
            answer=answer_text,
            abstained=False,
            mode=self.mode,
            citations=tuple(sorted(citations.values(), key=lambda c: c.n)),
            sentences=sentences,
        )
