"""What a clause says someone plans, intends or may do, read against a yes/no claim about what was done: "plans to
apply" has not applied yet, "would consider an appeal" has not appealed (:mod:`rag.answer.verdict`)."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from rag.answer.claim import Claim
from rag.answer.clauses import lemma_match
from rag.nlp import is_negated
from rag.nlp import lemma as _lemma

INTENTION_VERBS = frozenset("plan intend aim hope want seek prepare propose".split())  # English: "plans to X"


def planned(claim: Claim, tokens: Sequence[Token]) -> bool:
    """Is the claim's verb in the clause only what someone plans or intends to do ("plans to apply"), when the
    question asks what was done (no modal: "Will it apply?" is answered by the plan)?"""
    if claim.modal:
        return False
    keyed = [t for t in _keyed(claim, tokens) if t.pos_ == "VERB"]
    return bool(keyed) and all((wanting := _wanted_by(t)) is not None and not is_negated(wanting) for t in keyed)


def _wanted_by(verb: Token) -> Token | None:
    """The verb of intending or wanting whose complement this verb is: "plans to apply", "wants the deal to be
    signed", "would like the agreement to be concluded" (the infinitive the parser may hang on the wanted thing)."""
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if verb.dep_ == "xcomp" or (infinitive and verb.dep_ == "ccomp"):
        head = verb.head
    elif infinitive and verb.dep_ == "acl" and verb.head.dep_ == "dobj":
        head = verb.head.head  # "would like the agreement to be concluded": the infinitive hung on the agreement
    else:
        return None
    wanting = _lemma(head) in INTENTION_VERBS or (
        _lemma(head) == "like" and any(c.dep_ == "aux" and c.lower_ in ("would", "'d") for c in head.children))
    return head if wanting else None


def done_already(claim: Claim) -> bool:
    """Does the question ask whether it has been done by now ("Has X already applied?", "Did X already ...?")?"""
    head = claim.head
    return any(c.lower_ == "already" for c in head.children) or any(
        c.dep_ == "aux" and _lemma(c) == "have" for c in head.children)


def only_intended(claim: Claim, tokens: Sequence[Token]) -> bool:
    """Does the clause speak of the claim's predicate only as a thing someone may do, when the question
    asks whether it was done: "would consider an appeal" for "Did the department appeal?" (the noun
    under a verb with a modal auxiliary, where the question has none)?"""
    if claim.modal:
        return False  # "Will the department appeal?" is answered by what it says it will do
    keyed = _keyed(claim, tokens)
    stated = [t for t in keyed if t.pos_ == "NOUN"]
    verbs = [t for t in keyed if t.pos_ in ("VERB", "AUX")]
    return bool(stated) and not verbs and any(c.tag_ == "MD" for n in stated for c in n.head.children)


def _keyed(claim: Claim, tokens: Sequence[Token]) -> list[Token]:
    """The clause's words that are the claim's key words or derived from them."""
    return [t for t in tokens if any(lemma_match(_lemma(t), k) for k in claim.keys)]


__all__ = ["INTENTION_VERBS", "done_already", "only_intended", "planned"]
