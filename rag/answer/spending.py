"""Whether a question asks "how much" or "what" of paying or costing: then it asks for a sum of money.

"How much did it cost?", "How much is X paying?", "What did the club pay for him?", "What will a ticket cost?" ask
for an amount (:mod:`rag.answer.question` types them MONEY), where "How much did the river rise?" does not.
"""

from __future__ import annotations

from spacy.tokens import Token

from rag.nlp import governing_predicate

MONEY_VERBS = frozenset("cost pay spend earn charge invest".split())  # English: the verbs of paying or costing


def spends(verb: Token) -> bool:
    """Is "how much" asked of paying or costing ("How much did it cost?"; "How much is X paying?", where the
    parser may hang "much" on "is" and the verb under it, or on the subject or auxiliary of the verb: "How
    much did the stoppage cost the economy?")?"""
    if any(v.lemma_.lower() in MONEY_VERBS for v in (verb, governing_predicate(verb), verb.sent.root)):
        return True
    return verb.lemma_.lower() == "be" and any(
        t.tag_ == "VBG" and t.lemma_.lower() in MONEY_VERBS for t in verb.subtree)


def costs_after(wh: Token) -> bool:
    """Is the question's verb after the auxiliary one of paying or costing: "What did the club pay for him?",
    "What will a ticket cost?", "How much will the delay to the works cost?" (the small parser often takes a
    final "cost" for a noun: the verb is the first word after the auxiliary that names paying or costing, with
    no other verb before it). Not "What did they charge him with?"."""
    doc = wh.doc
    if wh.i + 1 >= len(doc) or doc[wh.i + 1].pos_ != "AUX" or doc[wh.i + 1].lemma_.lower() == "be":
        return False
    for tok in doc[wh.i + 2 :]:
        # not a noun with its complement: "the cost of fuel" in "How much did the cost of fuel rise?"
        if tok.lemma_.lower() in MONEY_VERBS - {"charge"} and not any(c.lower_ == "of" for c in tok.children):
            return True
        if tok.pos_ == "VERB":
            return False
    return False
