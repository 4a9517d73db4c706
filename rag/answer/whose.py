"""Whose clause an evidence clause is: the words that say what it is about without being in it, whether it is
said of the claim's subject in its role, and whether it is said of another name (:mod:`rag.answer.verdict`).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from rag.answer.asked import SETTING_ASIDE
from rag.answer.claim import Claim
from rag.answer.clauses import direct_subject
from rag.answer.kinds import head_kind
from rag.answer.names import mentions, person_before
from rag.answer.roles import subject_of
from rag.nlp import NAME_LABELS, content_lemmas, names_match, norm_text
from rag.nlp import lemma as _lemma

PRONOUN_SUBJECTS = frozenset("it they he she we".split())


def context_of(head: Token) -> list[Token]:
    """Words that say what a clause is about without being in it.

    The subject a pronoun stands for in a reported clause ("the EU and Russia said they have not
    reviewed it": they = the EU and Russia), and the person "he" or "she" opening a sentence stands
    for: the last person named before it in the passage ("Duarte ... She will be the second woman").
    """
    subj = direct_subject(head)
    if subj is None or subj.lower_ not in PRONOUN_SUBJECTS:
        return []
    if head.dep_ == "ccomp":
        outer = subject_of(head.head)  # "Reyes conceded and said he would not run": said's subject is Reyes
        return [] if outer is None or outer.lower_ in PRONOUN_SUBJECTS else list(outer.subtree)
    if head.dep_ == "ROOT" and subj.lower_ in ("he", "she"):
        person = person_before(head.sent)
        return list(person) if person is not None else []
    return []


def same_subject(claim: Claim, head: Token, tokens: Sequence[Token]) -> bool:
    """Is a clause keyed by a word the lexicon relates to the predicate said of the claim's subject, in its role
    ("Y won, defeating X" says nothing of whether X lost; "a jury acquitted the driver" is of "Was the driver
    convicted?")? A pronoun stands for the subject of the verb it is said by ("Has Clearwater said it will seek
    damages?": Clearwater), or for whom the clause's context names."""
    subject = direct_subject(claim.head)
    if subject is not None and subject.lower_ in PRONOUN_SUBJECTS and claim.head.dep_ in ("ccomp", "xcomp"):
        subject = direct_subject(claim.head.head)
    if subject is None:
        return True
    passive = _passive(claim, subject)
    deps = ("nsubjpass", "dobj") if passive else ("nsubj", "agent")
    asked = content_lemmas(_core(subject))
    context = {_lemma(t) for t in context_of(head)}
    # the word that states the predicate carries the role ("the project, championed by Mayor X, will cost")
    for verb in [*(t for t in tokens if claim.keyed(t) and t.pos_ in ("VERB", "AUX")), head]:
        said = subject_of(verb) if not passive else None
        sides = [said] if said is not None else [c for c in verb.children if c.dep_ in deps]
        # an apposition names the same one: "A third accused, former manager James Kariuki, was acquitted"
        sides += [a for c in sides for a in c.children if a.dep_ == "appos"]
        words = {_lemma(t) for c in sides for t in _core(c)} | context
        if asked & words or any(names_match(subject.text, c.text) for c in sides):
            return True
    return False


def _passive(claim: Claim, subject: Token) -> bool:
    """Is the claim said in the passive ("Was the budget rejected?", which the parser may parse with the
    participle hanging on the subject)?"""
    return subject.dep_ == "nsubjpass" or any(
        c.dep_ == "acl" and c.tag_ == "VBN" and _lemma(c) in claim.keys for c in subject.children)


def _core(noun: Token) -> list[Token]:
    """A noun phrase without what its prepositions, clauses and appositions add ("the captain of the ship":
    the captain)."""
    outside = {t.i for c in noun.children if c.dep_ in ("prep", "relcl", "acl", "appos") for t in c.subtree}
    return [t for t in noun.subtree if t.i not in outside]


def named_subject(claim: Claim) -> list[Span]:
    """The names the claim's subject is, when it is a name ("Did the Bank of England cut rates?", not "the Lisbon
    marathon"): a passage that never names them says nothing about them."""
    subject = direct_subject(claim.head)
    if subject is None:
        return []
    return [e for e in claim.values if e.label_ in NAME_LABELS and e.start <= subject.i < e.end]


def named_other(claim: Claim, head: Token) -> bool:
    """Is the clause said of someone else by name: its subject, in the voice of the claim's named subject, is
    a name that is not the claim's ("Stennhaven beat Ardley Town" for "Did Ardley Town win?"; "the US" is
    Washington's)? A passive claim's subject is the one the clause's predicate is done to ("Has Moscow been told?"
    is not answered by "the US told Kyiv")."""
    asked, said = direct_subject(claim.head), subject_of(head)
    if asked is None:
        return False
    if _passive(claim, asked):
        said = _patient(head)  # "Has Moscow been told?": "the US told Kyiv" is said of Kyiv
    elif said is not None and asked.dep_ != said.dep_:
        return False
    if said is None:
        return False
    if _lemma(claim.head) == "be" and not any(_lemma(t) in claim.keys for t in claim.head.children
                                              if t.pos_ == "VERB"):
        return False  # "Was X the defending champion?" is answered in apposition: "Y beat defending champion X"
    asked_words, said_words = _core(asked), _core(said)
    if asked.ent_type_ == "PERSON" and said.pos_ == "NOUN" and head_kind(_lemma(said)) == "org":
        return True  # "the university had accepted the findings" is not said of the person "Venn"
    if not any(t.pos_ == "PROPN" for t in asked_words) or not any(t.pos_ == "PROPN" for t in said_words):
        return False
    # the same one in other words: "the US" for "Washington" (a capital for its country's government), "the EU"
    # for "the European Union"
    return _share_nothing(asked_words, said_words) and not mentions(
        _text(asked_words), asked.ent_type_ or "ORG", norm_text(_text(said_words)).split())


def _patient(head: Token) -> Token | None:
    """Whom a clause's predicate is done to: its passive subject, or its object ("told Kyiv")."""
    return next((c for c in head.children if c.dep_ == "nsubjpass"), None) or next(
        (c for c in head.children if c.dep_ in ("dobj", "dative")), None)


def said_of_other(claim: Claim, head: Token) -> bool:
    """Is the clause said of another subject than the claim's: another name (:func:`named_other`), or a noun that
    shares none of the words of the claim's subject ("Russia would not station troops" for "Could the alliance base
    its troops there?")? A pronoun or "there" may stand for anyone."""
    asked, said = direct_subject(claim.head), subject_of(head)
    if asked is None or said is None or said.lower_ in PRONOUN_SUBJECTS or said.dep_ == "expl":
        return False
    if named_other(claim, head):
        return True
    return _share_nothing(_core(asked), _core(said))


def _share_nothing(asked: Sequence[Token], said: Sequence[Token]) -> bool:
    """Do two subjects (their core words) share no content word and not name one another?"""
    return not content_lemmas(asked) & {_lemma(t) for t in said} and not names_match(_text(asked), _text(said))


def _text(tokens: Sequence[Token]) -> str:
    return tokens[0].doc[tokens[0].i: tokens[-1].i + 1].text


def excepted_said(claim: Claim, head: Token) -> bool:
    """Is the clause said of what the claim's subject leaves out ("Ukraine would abandon plans to join NATO" for
    "Could countries other than Ukraine join NATO?", "any bank except Lloyds")? It says nothing of the others."""
    subject = direct_subject(claim.head)
    said = subject_of(head)
    if subject is None or said is None:
        return False
    left_out = [o for c in subject.children if c.dep_ == "prep" and c.lower_ in SETTING_ASIDE for o in c.children
                if o.dep_ == "pobj"]
    left_out += [o for a in subject.children if a.dep_ == "amod" and a.lower_ == "other" for p in a.children
                 if p.dep_ == "prep" and p.lower_ == "than" for o in p.children if o.dep_ == "pobj"]
    names = [n for o in left_out for n in (o, *o.conjuncts)]
    return any(names_match(n.text, t.text) for n in names for t in _core(said) if t.pos_ == "PROPN")


__all__ = [
    "PRONOUN_SUBJECTS", "context_of", "excepted_said", "named_other", "named_subject", "said_of_other",
    "same_subject",
]
