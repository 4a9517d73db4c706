"""Questions that describe their answer several times over: the name most of the descriptions point to.

"Who is the individual under 30, reported as the world's richest, who is now facing a criminal
trial and is accused of instructing a colleague to misuse $14 billion?" Each clause describes the
answer and may be told by another article; the sentence that matches the question best as a whole
may name someone else (the colleague who testified). A candidate name gains by how well the
sentences that mention it cover each description: for every clause of the question, the closest
evidence sentence mentioning the name (its surname or initials count: "Bankman-Fried", "SBF").
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
from spacy.tokens import Doc, Span, Token

from embeddings import Embedder
from rag.answer.leaders import led_body
from rag.answer.names import pronoun_referent
from rag.answer.question import META_LEMMAS
from rag.nlp import NAME_LABELS, content_lemmas, names_match

if TYPE_CHECKING:
    from rag.answer.evidence import AnswerSpan, Evidence
    from rag.answer.question import QuestionAnalysis

# a description is a clause of its own: the main one, a relative clause, or one joined to either by "and"
CLAUSE_DEPS = frozenset({"ROOT", "relcl", "conj"})
MIN_CLAUSES = 2  # the question's own clause and at least one more
MIN_CONTENT = 2  # a description has at least this many content words
W_COVER = 1.0  # set on the MultiHop-RAG public half (0.5 moved fewer answers; 2.0 the same as 1.0)


def _clause_head(tok: Token) -> Token:
    """The verb of the clause ``tok`` belongs to (the sentence root when none is nearer)."""
    for t in [tok, *tok.ancestors]:
        if t.dep_ in CLAUSE_DEPS and t.pos_ in ("VERB", "AUX") and (t.dep_ != "conj" or t.head.pos_ in ("VERB", "AUX")):
            return t
    return tok.sent.root


def descriptions(doc: Doc) -> list[str]:
    """The clauses of a question, each as its own words (nested clauses taken out)."""
    groups: dict[int, list[Token]] = {}
    for tok in doc:
        groups.setdefault(_clause_head(tok).i, []).append(tok)
    out = []
    for toks in groups.values():
        # "According to the articles, who ...": words about the sources describe no answer
        if len(content_lemmas(toks) - META_LEMMAS) >= MIN_CONTENT:
            out.append("".join(t.text_with_ws for t in toks).strip(" ,?"))
    return out


def _referents(sent: Span) -> list[str]:
    """The names a sentence mentions, and for a "he"/"she" the last person named before it in its passage."""
    names = [e.text for e in sent.ents if e.label_ in NAME_LABELS]
    person = pronoun_referent(sent)
    return names if person is None else [*names, person.text]


def _same_entity(name: str, known: set[str]) -> set[str]:
    """The names among ``known`` that refer to what ``name`` does, through a fuller form of it
    ("Bankman-Fried" -> "Sam Bankman-Fried" -> "SBF")."""
    fuller = {name} | {k for k in known if len(k) > len(name) and names_match(name, k)}
    return {k for k in known if any(names_match(f, k) for f in fuller)}


def by_coverage(q: QuestionAnalysis, ev: Evidence, spans: list[AnswerSpan], embedder: Embedder) -> list[AnswerSpan]:
    """``spans`` with each name's coverage of the question's descriptions added, best first
    (unchanged for a question with fewer than ``MIN_CLAUSES`` clauses).

    A name's coverage is the mean, over the question's clauses, of the cosine of the closest
    evidence sentence that mentions it; a name no sentence is found to mention counts its own."""
    if q.form != "wh" or not (q.expected & NAME_LABELS) or not any(s.label in NAME_LABELS for s in spans):
        return spans
    parts = descriptions(q.doc)
    if len(parts) < MIN_CLAUSES or led_body(q.doc) is not None:
        # "Who runs the authority that fined the operator?": the clause describes the body, not its head
        return spans
    sims = np.asarray(embedder.embed_documents(parts)) @ ev.vectors.T  # clause x sentence
    # an article is about whom its headline names: its every sentence speaks of them
    about = {a: {e.text for e in doc.ents if e.label_ in NAME_LABELS} for a, doc in ev.headlines.items()}
    said = [set(_referents(sent)) | about.get(c.hit.chunk.doc_id, set())
            for c, sent in zip(ev.sentences, ev.spans, strict=True)]
    known = set().union(*said)
    coverage: dict[str, float] = {}
    out = []
    for s in spans:
        if s.label not in NAME_LABELS:
            out.append(s)
            continue
        if s.text not in coverage:
            same = _same_entity(s.text, known)
            cols = [j for j, names in enumerate(said) if names & same] or [s.sentence]
            coverage[s.text] = float(sims[:, cols].max(axis=1).mean())
        out.append(replace(s, score=s.score + W_COVER * coverage[s.text]))
    return sorted(out, key=lambda s: -s.score)
