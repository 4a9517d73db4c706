"""Another value in the claim's place: what denies a yes/no claim by naming something else where it names one.

"Was the fleet deployed in Germany?" is denied by "deployed in Poland": the aligned clause has a value of the
same kind (a name, a figure, a date that names its time, a length of time) in the same part of the same
predicate, and not the claim's own value in other words ("Russia" for "Moscow"). :func:`swapped_value` reads one
aligned clause.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from rag.answer.claim import Claim, fixed_date
from rag.answer.clauses import direct_subject, lemma_match
from rag.answer.names import mentions
from rag.answer.roles import same_role, slot_of
from rag.answer.units import duration_days, durations_differ
from rag.claims import date_parts, times_differ
from rag.dateline import dateline
from rag.lexicon import synonyms
from rag.nlp import NAME_LABELS, TIME_LABELS, names_match, norm_text, value_kind
from rag.nlp import lemma as _lemma  # a name's own words, else the lower-cased lemma

FIGURE_KINDS = frozenset({"number", "money", "percent"})  # value kinds told with a number


def swapped_value(claim: Claim, head: Token, tokens: Sequence[Token]) -> bool:
    """Does the clause (``head`` and its ``tokens``, aligned with the claim) state another value where the claim
    names one?"""
    sent = head.sent
    words = norm_text(sent.text).split()
    ids = {t.i for t in tokens}
    for value in claim.values:
        kind = value_kind(value.label_)
        # the same value in other words: "Russia" for "Moscow", the government a capital names; a figure only as
        # a figure of its kind ("50%" is not "$50 billion")
        if any(names_match(value.text, e.text) and (kind not in FIGURE_KINDS or value_kind(e.label_) == kind)
               for e in sent.ents) or (value.label_ in NAME_LABELS and mentions(value.text, value.label_, words)):
            continue
        # ... a name the recogniser missed counts as one ("near Peterhead" for "near Fraserburgh?")
        said = [*((e, value_kind(e.label_)) for e in sent.ents),
                *((t.doc[t.i: t.i + 1], "name") for t in tokens if t.pos_ == "PROPN" and not t.ent_type_),
                # ... and so does a figure it cut short ("more than half a trillion dollars": "more than half"),
                # as the noun its number counts
                *((t.doc[t.i: t.i + 1], kind) for t in tokens if kind in FIGURE_KINDS and t.pos_ == "NOUN"
                  and not t.ent_type_ and any(c.dep_ == "nummod" for c in t.children))]
        if any(k == kind and e.root.i in ids and not dateline(e)
               and (_same_part(claim, value.root, e.root, head) or _lasting(claim, value, e))
               and (kind != "date" or (durations_differ(value, e) if duration_days(value) else dates_differ(value, e)))
               and (kind != "number" or counts_alike(value, e)) for e, k in said):
            # the clause states another value where the question has this one ("deployed in Poland" for "in
            # Germany?"), not one of another part ("Hale confirmed the sale" for "confirm the sale of Felk?")
            return True
    return False


def counted(value: Span) -> Token | None:
    """The noun a figure counts ("600,000 troops": troops), if it counts one."""
    root = value.root
    if root.pos_ == "NOUN" and not root.like_num:
        return root
    return root.head if root.dep_ == "nummod" and root.head.pos_ == "NOUN" else None


def counts_alike(asked: Span, said: Span) -> bool:
    """Do two counts count the same thing, if both count something ("600,000 troops" is no other figure for
    "800,000 sailors"; sums of money are told in too many units to compare so: "Rs 450 crore", "$5m")?"""
    a, b = counted(asked), counted(said)
    if a is None or b is None:
        return True
    return lemma_match(_lemma(a), _lemma(b)) or _lemma(b) in synonyms(_lemma(a))


def dates_differ(asked: Span, said: Span) -> bool:
    """Do two dates name different times: as the conflict stage compares them (:func:`rag.claims.times_differ`:
    "2014" / "2015", not "March 2024" / "March 4"), or as two named days ("Christmas" / "Thanksgiving")? A date
    counted from the story's day ("on Thursday") is not compared."""
    if not fixed_date(said):
        return False
    if any(p is not None for p in (*date_parts(asked.text), *date_parts(said.text))):
        return times_differ(asked.text, said.text)
    return norm_text(asked.text) != norm_text(said.text)


def _same_part(claim: Claim, asked: Token, said: Token, head: Token) -> bool:
    """Do two values play the same part under the same predicate (the object of the same preposition, or
    the same role whatever the voice)? "limit the armed forces" names no other value for "the goal of joining
    NATO": another verb's object is not the claim's."""
    qdep, qprep, qpred = slot_of(_measured(asked))
    dep, prep, pred = slot_of(_measured(said))
    if qdep == "nsubj" and _lemma(qpred) == "be" and (
            done := next((t for t in qpred.doc if _lemma(t) in claim.keys and _passive(t)), None)) is not None:
        # "Is the 80 mg dose covered by the approval?", parsed as the subject of "is" with "covered by" on a noun:
        # the dose is what the approval covers
        qdep, qpred = "nsubjpass", done
    if (asked.dep_ == said.dep_ == "pobj" and asked.head.lower_ == said.head.lower_
            and asked.ent_type_ in TIME_LABELS and said.ent_type_ in TIME_LABELS):
        return True  # a time is the whole event's, whichever verb it hangs on ("wrapped up by Christmas" and
        # "having the deal finalized by Thanksgiving")
    # the aligned clause's own verb stands for the claim's ("$50 billion would go into" / "100 billion dollars are
    # invested in"), unless it hands its predicate to a complement ("is set to leave for Estrela")
    same_verb = lemma_match(_lemma(qpred), _lemma(pred)) or claim.keyed(pred) or (
        qpred.i == claim.head.i and pred.i == head.i and not any(c.dep_ == "xcomp" for c in head.children))
    # the subject of a verb without an object undergoes it as a passive subject does ("$50 billion would go
    # into the rebuilding" / "100 billion dollars are invested in it")
    unaccusative = qdep == "nsubj" and dep == "nsubjpass" and not any(c.dep_ == "dobj" for c in qpred.children)
    return same_verb and qprep == prep and (bool(qprep) or qdep == dep or same_role(qdep, dep) or unaccusative)


def _passive(verb: Token) -> bool:
    """Is this a past participle with its doer after "by" ("covered by the approval")?"""
    return verb.tag_ == "VBN" and any(c.dep_ == "agent" for c in verb.children)


LENGTH_DEPS = frozenset({"amod", "compound", "nmod", "nummod"})  # "a 35-year concession", "the eight-year contract"


def _lasting(claim: Claim, asked: Span, said: Span) -> bool:
    """Is ``said`` a length of time the clause puts on the thing the claim says lasts ``asked`` ("a 35-year concession"
    for "Does the concession run for 25 years?", "the eight-year contract" for "Is the contract a five-year deal?"):
    the claim's subject, or the noun its own length is put on?"""
    if not duration_days(asked) or said.root.dep_ not in LENGTH_DEPS or said.root.head.pos_ != "NOUN":
        return False
    subject = direct_subject(claim.head)
    things = {_lemma(subject)} if subject is not None else set()
    if asked.root.dep_ in LENGTH_DEPS:
        things.add(_lemma(asked.root.head))
    return _lemma(said.root.head) in things


def _measured(value: Token) -> Token:
    """The noun a value measures through "of" ("a relief package of Rs 450 crore": the package), which plays
    the value's part in its clause ("ask for a package of X" as "ask for X"); else the value itself."""
    while value.dep_ == "pobj" and value.head.lower_ == "of" and value.head.head.pos_ == "NOUN":
        value = value.head.head
    return value
