"""Yes/no questions about anyone at all: "Was anyone hurt?", "Has anyone been arrested?", "Did anybody
die?", "Were there any injuries?". A report that there was none ("No injuries were reported", "no arrests
had been made", "No one was hurt", "Nobody died") answers No, in words WordNet relates to the question's
verb (its synonyms, the nouns WordNet derives from it and those formed from its synonyms: "death" for
"die", "injury" for "hurt").
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from rag.answer.clauses import DIRECT_SUBJECTS, lemma_match
from rag.answer.question import QuestionAnalysis
from rag.lexicon import derived_nouns, synonyms
from rag.nlp import REPORTING_VERBS

# English indefinite pronouns a yes/no question asks about anyone with, and the words that say no one
ANYONE = frozenset({"anyone", "anybody", "someone", "somebody"})
NO_ONE = frozenset({"nobody", "none"})
# English verbs by which a report says what happened ("were reported", "had been made", "were recorded")
TOLD_VERBS = REPORTING_VERBS | {"make", "record", "find", "register"}
ALL_SENSES = 99  # a verb's synonyms in any sense: "injure" is the fourth of "hurt"


def asked_about_anyone(q: QuestionAnalysis) -> tuple[frozenset[str], frozenset[str]] | None:
    """(verbs, nouns) that say what a yes/no question asks whether anyone underwent or did: "Was anyone
    hurt?" -> hurt and its synonyms, injury and the other nouns derived from them; "Were there any
    injuries?" -> injury. None for any other question."""
    if q.form != "yes_no":
        return None
    for tok in q.doc:
        # "Was anyone injured ...?" is parsed at times as "anyone" that "was", the participle describing it
        done = tok.head if tok.head.pos_ == "VERB" else next(
            (c for c in tok.children if c.dep_ == "acl" and c.tag_ == "VBN"), None)
        if tok.lower_ in ANYONE and tok.dep_ in DIRECT_SUBJECTS and done is not None:
            verb = done.lemma_.lower()
            verbs = synonyms(verb, "verb", ALL_SENSES)
            # the verb's own nouns ("death" for "die"); of a synonym, only one formed from it ("injury" from
            # "injure" for "hurt", not "catch" for "arrest")
            nouns = derived_nouns(verb) | {n for v in verbs for n in derived_nouns(v) if n != v and lemma_match(n, v)}
            return verbs, nouns | {verb}
        if tok.pos_ == "NOUN" and _there_is(tok) and any(c.lower_ == "any" for c in tok.children):
            return frozenset(), frozenset({tok.lemma_.lower()})
    return None


def none_verdict(q: QuestionAnalysis, sentences: Sequence[Span]) -> tuple[str | None, int | None]:
    """"no" and the index of the first sentence that says no one underwent or did what the question asks
    about anyone (see :func:`asked_about_anyone`), else (None, None)."""
    asked = asked_about_anyone(q)
    i = _none_said(sentences, *asked) if asked is not None else None
    return ("no", i) if i is not None else (None, None)


def _none_said(sentences: Sequence[Span], verbs: frozenset[str], nouns: frozenset[str]) -> int | None:
    """The index of the first sentence that says no one underwent or did one of ``verbs`` / ``nouns``, else None."""
    return next((i for i, sent in enumerate(sentences) if any(_says_none(t, verbs, nouns) for t in sent)), None)


def none_over_yes(q: QuestionAnalysis, sentences: Sequence[Span], yes: int) -> int | None:
    """The sentence saying no one underwent what a question about anyone asks, when the sentence ``yes`` that
    a clause answered Yes from has no word of it ("an AeroChef caught fire, damaging a kitchen bench" / "No one
    was hurt in the fire" for "Was anyone injured in the fire?": what was damaged is no one); else None."""
    asked = asked_about_anyone(q)
    if asked is None:
        return None
    words = asked[0] | asked[1]
    if any(lemma_match(t.lemma_.lower(), w) for t in sentences[yes] for w in words):
        return None
    return _none_said(sentences, *asked)


def _says_none(tok: Token, verbs: frozenset[str], nouns: frozenset[str]) -> bool:
    """ "no arrests" / "No injuries", or "No one" / "Nobody" as the subject of one of ``verbs``."""
    if tok.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
        # ... as what was reported, made or found ("No injuries were reported", "no arrests had been made"), or
        # what there was ("There were no deaths"): not any phrase with "no" ("no commitment to send troops")
        framed = (tok.dep_ in DIRECT_SUBJECTS and tok.head.lemma_.lower() in TOLD_VERBS) or _there_is(tok)
        if framed and any(lemma_match(tok.lemma_.lower(), n) for n in nouns):
            return True
    no_one = tok.lower_ in NO_ONE or (tok.lower_ == "one" and any(c.lower_ == "no" for c in tok.children))
    return no_one and tok.dep_ in DIRECT_SUBJECTS and any(lemma_match(tok.head.lemma_.lower(), v) for v in verbs)


def _there_is(noun: Token) -> bool:
    """Is this noun what "there is/are/were" says exists ("There were no deaths", "Were there any injuries?")?"""
    return noun.dep_ == "attr" and any(c.dep_ == "expl" for c in noun.head.children)
