"""A qualifier the evidence gives otherwise: "Was the bridge in poor condition when it was last inspected?" is answered
No by "it was rated in 'fair' condition", "Does the scandal centre on the defence sector?" by "the energy sector
corruption scandal".

When no clause settles a yes/no claim, a noun of its predicate (not of its subject, which only says what the claim
is about) that carries a qualifier ("poor condition", "defence sector") is looked for in the best sentences: one that
speaks of the claim (as many of its words as a clause must carry, and the names of its subject) and gives the same
noun another qualifier of the same part of speech, not a synonym ("fair" condition, "energy" sector), in a passage
that never says the claim's own qualifier, denies the claim. A qualifier the passage says anywhere decides nothing:
"the poor condition of the deck" may be said a sentence later.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from rag.answer.claim import Claim
from rag.answer.clauses import direct_subject, least_shared, shared_lemmas
from rag.answer.names import mentions
from rag.answer.whose import named_subject
from rag.lexicon import synonyms
from rag.nlp import lemma, norm_text

QUALIFIER_DEPS = frozenset({"amod", "compound"})
QUALIFIED_SENTENCES = 3  # the best sentences looked at
QUALIFIER_POS = {"ADJ": "adj", "NOUN": "noun"}  # spaCy's part of speech -> WordNet's file suffix


def _qualifiers(noun: Token) -> list[Token]:
    """The words before a noun that say which kind of it ("poor" condition, "defence" sector), not names, figures or
    function words, nor an adjective the parser hangs on the noun after it, which says what it is made ("left the
    rate unchanged")."""
    return [c for c in noun.children if c.dep_ in QUALIFIER_DEPS and c.pos_ in QUALIFIER_POS and not c.ent_type_
            and not c.is_stop and not c.like_num and c.i < noun.i]


def other_qualifier(claim: Claim, sentences: Sequence[Span]) -> int | None:
    """The index of the sentence that gives a noun of the claim's predicate another qualifier (see the module
    docstring), or None."""
    if claim.negated:
        return None
    subject = direct_subject(claim.head)
    own = {t.i for t in subject.subtree} if subject is not None else set()
    # ... but the predicate the parser hangs on the subject is the predicate ("Was the bridge judged to be in poor
    # condition?")
    own -= {t.i for k in claim.head.subtree if k.i in own and lemma(k) in claim.keys and k.dep_ == "acl"
            for t in k.subtree}
    asked = [(n, q) for n in claim.head.subtree if n.pos_ == "NOUN" and not n.ent_type_ and n.i not in own
             for q in _qualifiers(n)]
    if not asked:
        return None
    about = named_subject(claim)
    need = least_shared(len(claim.lemmas))
    for i, sent in enumerate(sentences[:QUALIFIED_SENTENCES]):
        words = norm_text(sent.doc.text).split()
        if not all(mentions(e.text, e.label_, words) for e in about) or shared_lemmas(claim.lemmas, sent) < need:
            continue
        said = {lemma(t) for t in sent.doc}
        for noun, qualifier in asked:
            word = lemma(qualifier)
            if word in said:
                continue
            alike = synonyms(word, QUALIFIER_POS[qualifier.pos_])
            if any(lemma(t) == lemma(noun) and t.pos_ == "NOUN" and any(
                    o.pos_ == qualifier.pos_ and lemma(o) not in alike for o in _qualifiers(t)) for t in sent):
                return i
    return None


__all__ = ["other_qualifier"]
