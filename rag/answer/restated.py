"""A denial in other words: "Have the EU and Russia officially looked at the proposal?" is answered No by "they have
not officially reviewed the proposal", "Could NATO base its troops inside Ukraine?" by "NATO would not station troops
in Ukraine".

The word-by-word alignment of :mod:`rag.answer.verdict` misses such clauses: "look" and "review", "base" and
"station" are far apart as single words. Said with their complements, as predicate phrases ("officially looked at the
proposal" / "officially reviewed the proposal"), they embed close together. When no clause settles the claim, the
clause of the best sentences whose predicate phrase (its verb and complements, without subject, auxiliaries or
negation) embeds closest to the claim's is read: if it is a denial at ``RESTATED_SIMILARITY`` or more, the claim is
denied ("was not insured" for "Was the satellite covered by insurance?": one word may deny it, and the participle
the parser hangs on a copula's subject is the claim's predicate). Only a denial is read so: a phrase that embeds
close may say the opposite ("close the Acropolis" / "tour the Acropolis"), which a clause that denies it cannot turn
into a Yes; a negated question is not answered. A verb of letting is read as what it lets happen ("Would the draft
allow NATO to deploy forces on Ukrainian soil?" is denied by "NATO would not station troops in Ukraine").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Span, Token

from embeddings import Embedder
from rag.answer.claim import Claim
from rag.answer.clauses import clause_negated, clause_tokens, open_question
from rag.answer.names import mentions
from rag.answer.whose import named_subject, said_of_other
from rag.nlp import lemma, norm_text

RESTATED_SIMILARITY = 0.6  # a negated predicate phrase this close to the claim's denies it (tuned on dev sets)
PERMITTING = frozenset("allow permit let enable authorise authorize".split())  # English: "allow X to do Y"
MIN_PHRASE_WORDS = 2  # a bare verb asked ("Is", "wants") is no phrase to compare
# what a predicate phrase leaves out: who does it, how it is said, what other clauses add
OUTSIDE_PHRASE = frozenset({"nsubj", "nsubjpass", "csubj", "expl", "aux", "auxpass", "neg", "punct", "cc", "conj",
                            "mark", "relcl", "advcl", "ccomp", "parataxis", "appos"})


def predicate_phrase(head: Token) -> str:
    """The verb (or root) and its complements, in text order, without subject, auxiliaries and negation ("places no
    restrictions on Kyiv" -> "places restrictions on Kyiv")."""
    kept = [head]
    for child in head.children:
        if child.dep_ not in OUTSIDE_PHRASE:
            kept.extend(t for t in child.subtree if not (t.dep_ == "det" and t.lower_ == "no"))
    return " ".join(t.text for t in sorted(kept, key=lambda t: t.i) if not t.is_punct)


def _asked_predicate(claim: Claim) -> Token:
    """The claim's predicate: its head, or the participle the parser hangs on the subject of a copula ("Was the
    satellite covered by insurance?": covered)."""
    if lemma(claim.head) == "be":
        hung = next((t for t in claim.head.subtree if t.dep_ == "acl" and lemma(t) in claim.keys), None)
        if hung is not None:
            return hung
    return claim.head


def _permitted(claim: Claim) -> Claim:
    """The claim about what a verb of letting lets happen ("Would the draft allow NATO to deploy forces on Ukrainian
    soil?": NATO deploys forces there), which a denial of the act denies ("NATO would not station troops in
    Ukraine"); the claim itself for any other verb."""
    head = _asked_predicate(claim)
    done = next((c for c in head.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ == "VERB"), None)
    if lemma(head) not in PERMITTING or done is None:
        return claim
    return replace(claim, head=done)


def restated_denial(claim: Claim, sentences: Sequence[Span], embedder: Embedder | None) -> int | None:
    """The index of the sentence whose clause denies the claim in other words (see the module docstring), or None."""
    if embedder is None or claim.negated:
        return None
    claim = _permitted(claim)
    asked = predicate_phrase(_asked_predicate(claim))
    if len(asked.split()) < MIN_PHRASE_WORDS:
        return None
    about = named_subject(claim)
    heads: list[tuple[int, Token, str]] = []
    for i, sent in enumerate(sentences):
        words = norm_text(sent.text).split()
        if not all(mentions(e.text, e.label_, words) for e in about):
            continue  # a passage that never names whom the claim is about says nothing about them
        for tok in sent:
            if (tok.pos_ == "VERB" or tok.dep_ == "ROOT") and not open_question(tok) and not said_of_other(claim, tok):
                heads.append((i, tok, predicate_phrase(tok)))  # "was not insured": one word may say it
    if not heads:
        return None
    vecs = embedder.embed_documents([asked, *(p for _, _, p in heads)])
    sims = vecs[1:] @ vecs[0]
    best = int(sims.argmax())
    i, tok, _ = heads[best]
    if sims[best] < RESTATED_SIMILARITY or not clause_negated(tok, clause_tokens(tok), claim.lemmas):
        return None
    return i


__all__ = ["RESTATED_SIMILARITY", "predicate_phrase", "restated_denial"]
