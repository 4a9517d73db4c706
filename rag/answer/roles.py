"""Where a span sits in its sentence's parse, and whether that is where the question's answer sits.

The question's wh-phrase has a role (subject, object, the object of "on", an adverbial) under a
predicate ("Who presented the plan?": the subject of "present"); a candidate span in the same role
under the same predicate, or a verb that says the same, answers it better than one elsewhere in
the sentence. A span that is the source a statement is attributed to ("said X, chief economist at
Y") is where a quote comes from, not what it is about.
"""

from __future__ import annotations

from spacy.tokens import Token

from rag.answer.question import QuestionAnalysis
from rag.nlp import REPORTING_VERBS


def _depth(tok: Token) -> int:
    return sum(1 for _ in tok.ancestors)


def tree_distance(a: Token, b: Token) -> int:
    """Number of dependency edges between two tokens of one sentence."""
    anc_a = [a, *a.ancestors]
    anc_b = {t.i for t in [b, *b.ancestors]}
    for steps, t in enumerate(anc_a):
        if t.i in anc_b:
            return steps + _depth(b) - _depth(t)
    return len(anc_a) + _depth(b)


SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "agent"})
ADVERBIAL_DEPS = frozenset({"npadvmod", "advmod", "tmod"})
OBJECT_DEPS = frozenset({"dobj", "attr", "oprd", "pobj", "dative", "appos"})


def _role(root: Token) -> tuple[str, str, Token]:
    """(dependency, preposition, predicate) of a span's root, a number seen through its noun.

    The agent of a passive ("was won by X") is its subject.
    """
    tok = root.head if root.dep_ in ("nummod", "compound", "quantmod") else root
    prep = tok.head.lower_ if tok.dep_ in ("pobj", "pcomp") else ""
    anchor = tok.head if prep else tok
    pred = anchor
    while pred.pos_ not in ("VERB", "AUX") and pred.head.i != pred.i:
        pred = pred.head
    if prep == "by" and any(c.dep_ == "auxpass" for c in pred.children):
        return "nsubj", "", pred
    return tok.dep_, prep, pred


def speaker(root: Token) -> bool:
    """Is this the source a statement is attributed to: the subject of a reporting verb, or named
    beside it ("said Rafael Quintero, chief economist at X", "analysts at X said")?"""
    tok = root
    for _ in range(3):
        if tok.dep_ == "nsubj" and tok.head.lemma_.lower() in REPORTING_VERBS:
            return True
        if tok.dep_ == "appos":
            tok = tok.head
        elif tok.dep_ == "pobj" and tok.head.dep_ == "prep":
            tok = tok.head.head
        else:
            return False
    return False


def role_match(q: QuestionAnalysis, root: Token) -> float:
    """How well a span sits where the question's wh-phrase sits: 1 same predicate and role, 0.4 role only."""
    if q.slot is None:
        return 0.0
    from rag.answer.verdict import lemma_match

    qdep, qprep, qpred = q.slot
    dep, prep, pred = _role(root)
    if qprep:
        same_role = prep == qprep
    elif qdep == "advmod":
        # "when"/"where" stand for an adverbial: "on January 1", "in Lisbon", "Sunday"
        same_role = bool(prep) or dep in ADVERBIAL_DEPS
    else:
        same_role = (qdep in SUBJECT_DEPS and dep in SUBJECT_DEPS) or (qdep in OBJECT_DEPS and dep in OBJECT_DEPS)
    if not same_role:
        return 0.0
    # the subject of "X beat Y to win" is the subject of "win" too
    preds = [pred, *(c for c in pred.children if c.dep_ in ("xcomp", "advcl", "conj") and c.pos_ == "VERB")]
    lemmas = [p.lemma_.lower() for p in (preds if dep in SUBJECT_DEPS else preds[:1])]
    return 1.0 if any(lemma_match(p, qpred) or p in q.focus for p in lemmas) else 0.4
