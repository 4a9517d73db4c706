"""A claim the question says holds whatever happens, read against evidence that makes it depend on that.

"Is Washington offering Kyiv security guarantees regardless of whether it agrees to a peace deal?" is answered No
by "US security guarantees are contingent on Kyiv first agreeing a peace deal": the question's condition (the verb
of its "regardless of whether ..." clause) is what the evidence makes the claim hang on, by an "if" / "unless" /
"provided" clause or an adjective or verb of depending ("contingent on", "conditional on", "depends on") taking it.
Only a sentence that speaks of the claim (as many of its other words as a clause must carry) decides.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from rag.answer.clauses import is_condition, least_shared, lemma_match, shared_lemmas
from rag.answer.question import QuestionAnalysis
from rag.nlp import lemma as _lemma

# English words that say a claim holds whatever happens: "regardless of whether", "irrespective of whether"
WHATEVER_WORDS = frozenset({"regardless", "irrespective"})
# English words that make what follows a condition: "if Ukraine agrees", "unless", "provided (that)"
CONDITION_MARKS = frozenset({"if", "unless", "provided", "providing", "once"})
# ... and words of depending that take the condition after "on" / "upon" / "to": "contingent on", "subject to"
DEPENDING_WORDS = frozenset({"contingent", "conditional", "dependent", "depend", "hinge", "subject"})


def _whatever_verbs(q: QuestionAnalysis) -> list[Token]:
    """The verbs of the question's "regardless of whether ..." clause ("agrees")."""
    return [t for w in q.doc if w.lower_ in WHATEVER_WORDS for t in w.subtree if t.pos_ in ("VERB", "AUX")
            and t.lemma_ != "be"]


def _made_condition(tok: Token) -> bool:
    """Is this verb (or the phrase it heads) a condition of the clause it hangs on: "if Ukraine agrees",
    "contingent on Kyiv first agreeing" (which the parser may hang on "are", beside "contingent on")?"""
    if is_condition(tok, CONDITION_MARKS):
        return True
    near = [tok.head, tok.head.head, *tok.head.children]
    return any(w.i < tok.i and w.lemma_.lower() in DEPENDING_WORDS
               and any(p.dep_ == "prep" and p.lower_ in ("on", "upon", "to") for p in w.children) for w in near)


def conditioned(q: QuestionAnalysis, sentences: Sequence[Span]) -> int | None:
    """The first of ``sentences`` that speaks of the claim and makes it depend on what the question says it holds
    regardless of; None when the question says no such thing or no sentence does."""
    if q.form != "yes_no":
        return None
    verbs = _whatever_verbs(q)
    if not verbs:
        return None
    condition = {t.i for v in verbs for t in v.subtree}
    rest = {_lemma(t) for t in q.doc if t.i not in condition and t.is_alpha
            and not t.is_stop and t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ")} - WHATEVER_WORDS
    for i, sent in enumerate(sentences):
        if shared_lemmas(rest, sent) < least_shared(len(rest)):
            continue
        if any(_made_condition(t) for t in sent for v in verbs if lemma_match(_lemma(t), v.lemma_.lower())):
            return i
    return None
