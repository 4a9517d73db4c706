"""Conflict detection: a stage after answering that compares the answer's claims with the index's.

The answer's claims are the claims (:mod:`rag.claims`, stored at index time) of the sentences it
shows, narrowed to its short answer when it has one: the disagreement that matters is about
the value the reader is given. They are compared with the claims of the retrieved passages and
of passages anywhere in the index that are close to the answer's lead sentence (a lookup in the
search index, not a scan). Two claims conflict when :func:`rag.claims.values_differ` and
:func:`rag.claims.same_time` hold and their value-masked sentences say the same thing: nearly
identical (``SIM_COPY``), or similar (``SIM_ALIGNED``) with the same predicate or subject, or
with the value playing the same part (for a name, of the same or a close predicate: "cede Donbas" names
no rival to "commit the United States"; for two dates naming the same parts, any "when" adverbial:
"opens on June 14" / "use it from June 21", unless their predicates are close without being the
same word: "open" / "close" is another event of one field), or a count told from the other side of
a close predicate ("killing 11 people" / "13 people died").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from embeddings import Embedder
from rag.answer.base import Draft, Sentence
from rag.answer.clauses import lemma_match
from rag.claims import (
    Claim,
    date_parts,
    date_precision,
    same_label_group,
    same_subject_names,
    same_time,
    shared_terms,
    values_differ,
)
from rag.lexicon import entails, is_root_verb, is_word, relations
from rag.nlp import REPORTING_VERBS, names_match, norm_text
from rag.records import SearchHit

SIM_COPY = 0.9
SIM_ALIGNED = 0.65  # masked sentences this similar say the same thing ...
SIM_SLOT = 0.45  # ... or less similar, with the value in the same slot of the same predicate
RELATION_SIMILARITY = 0.7  # predicates this close say the same ("kill" / "die" 0.74; "open" / "close" 0.60)
CONTRARY_SIMILARITY = 0.5  # ... and predicates this close, not the same, may be opposites ("rise" / "fall")
TOPIC_SIMILARITY = 0.6  # and their passages are about the same story
MIN_SHARED_TERMS = 2
MAX_ANSWER_CLAIMS = 4
MAX_CANDIDATES = 24
MAX_SIDES = 3
SHARE_UNITS = frozenset({"", "%", "percent", "cent", "percentage"})  # what a share is "of" is not its unit
MODIFIER_ROLES = frozenset({"poss:", "compound:", "amod:", "nmod:"})
# a date saying when something happens: "opens on June 14", "open from June 21", "in June", "June 14"
WHEN_ROLES = frozenset({"pobj:on", "pobj:from", "pobj:since", "pobj:in", "pobj:at", "npadvmod:", "tmod:"})

Located = tuple[Claim, SearchHit]  # a claim and the passage (with article metadata) it sits in


class ClaimLookup(Protocol):
    """Where the conflict stage reads claims from (the index's claims table)."""

    def claims_of(self, hits: Sequence[SearchHit]) -> list[Located]:
        """Claims whose sentences lie in these passages."""
        ...

    def claims_near(self, text: str, limit: int) -> list[Located]:
        """Claims of the ``limit`` passages anywhere in the index that best match ``text``."""
        ...

    def topic_vectors(self, hits: Sequence[SearchHit]) -> dict[str, np.ndarray]:
        """The stored embedding of each passage, by chunk id."""
        ...


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Articles stating different values for one thing; the first side is the answer's."""

    topic: str
    sides: tuple[Located, ...]


def _in_sentence(claim: Claim, sentence: Sentence) -> bool:
    if sentence.start is not None and sentence.end is not None:
        return (claim.doc_id == sentence.hit.chunk.doc_id
                and claim.start < sentence.end and sentence.start < claim.end)
    return norm_text(claim.value) in norm_text(sentence.text)  # a sentence an LLM wrote


def _matches_short(claim: Claim, short: str) -> bool:
    if names_match(claim.value, short):
        return True
    value, s = set(norm_text(claim.value).split()), set(norm_text(short).split())
    return bool(value) and (value <= s or s <= value)


def is_speaker(claim: Claim) -> bool:
    """ "X said ...": who reports a fact is not a fact the sources can disagree on."""
    return claim.role.startswith("nsubj") and claim.relation in REPORTING_VERBS


def _about_question(claim: Claim, question_words: set[str]) -> bool:
    value = set(norm_text(claim.value).split())
    return (bool(value) and value <= question_words) or any(lemma_match(claim.relation, w) for w in question_words)


def answer_claims(draft: Draft, lookup: ClaimLookup, question: str = "") -> list[Located]:
    """The claims the answer shows: those stating its short answer (and the values beside it), else
    those of its lead sentence that the question is about (a value it names, or its predicate)."""
    hits = list({h.chunk.id: h for s in draft.sentences for h in s.hits}.values())
    # who said something is no fact the sources disagree on, unless it is what the answer gives
    # ("Tesla CEO Elon Musk said ..." answers "Who is Tesla's CEO?"); then only the same statement
    # given to someone else disagrees with it, not another person saying something else
    answered_by = draft.short_answer if not draft.verdict else None
    located = [(c, h) for c, h in lookup.claims_of(hits)
               if (not is_speaker(c) or (answered_by and _matches_short(c, answered_by)))
               and any(_in_sentence(c, s) for s in draft.sentences)]
    if draft.short_answer and not draft.verdict:
        narrowed = [(c, h) for c, h in located if _matches_short(c, draft.short_answer)]
        if not narrowed:
            return []
        # the values of the same kind on the same predicate as the short answer in its sentence: "played
        # at Raymond James Stadium in Tampa, Florida" is one answer, and sources may differ on any part
        # of it; "X won ... by defeating Y, while Z swept ..." is about X alone
        beside = [(c, h) for c, h in located if any(
            c.doc_id == n.doc_id and c.start == n.start and c.kind == n.kind and same_label_group(c.label, n.label)
            and c.relation == n.relation for n, _ in narrowed)]
        return list({(c.doc_id, c.value_start): (c, h) for c, h in [*narrowed, *beside]}.values())[:MAX_ANSWER_CLAIMS]
    first = draft.sentences[0]
    words = set(norm_text(question).split())
    return [(c, h) for c, h in located if _in_sentence(c, first) and _about_question(c, words)][:MAX_ANSWER_CLAIMS]


def find_disagreements(
    question: str,
    draft: Draft,
    hits: Sequence[SearchHit],
    lookup: ClaimLookup,
    embedder: Embedder,
    probe: int = 20,
    trace: list[dict[str, object]] | None = None,
) -> list[Disagreement]:
    """Disagreements between the answer's claims and other articles' claims.

    ``trace``, when given, receives the features of every compared pair (for tuning on dev sets).
    """
    if draft.abstained or not draft.sentences:
        return []
    mine = answer_claims(draft, lookup, question)
    if not mine:
        return []
    pool: dict[tuple[str, int, int], Located] = {}
    for c, h in [*lookup.claims_of(hits), *lookup.claims_near(draft.sentences[0].text, probe)]:
        pool.setdefault((c.doc_id, c.value_start, c.value_end), (c, h))
    topics = lookup.topic_vectors([h for _, h in [*mine, *pool.values()]])
    out: list[Disagreement] = []
    seen: set[frozenset[str]] = set()
    for a, ha in mine:
        near = [
            (b, hb) for b, hb in pool.values()
            if b.doc_id != a.doc_id and b.kind == a.kind and is_speaker(b) == is_speaker(a)
            and same_time(a, b, ha.published_at, hb.published_at)
            and (shared_terms(a, b) >= MIN_SHARED_TERMS or lemma_match(a.relation, b.relation)
                 or (_same_unit(a, b) and shared_terms(a, b) >= 1))  # "41 witnesses" / "38 witnesses"
        ]
        near.sort(key=lambda x: -shared_terms(a, x[0]))
        # the same date stated more fully elsewhere ("December 2015" for "2015") may become the answer's
        # side, so that a rival is told apart from it on every part ("December 2005")
        fuller = [x for x in near if date_precision(x[0]) > date_precision(a) and not values_differ(a, x[0])]
        # an article that states the answer's value for the same predicate agrees: its other figures
        # are about other things ("killed 13 and injured 23" beside "killed 11 and injured 23")
        agreeing = {b.doc_id for b, _ in near if not values_differ(a, b) and lemma_match(a.relation, b.relation)}
        rivals = [x for x in near if values_differ(a, x[0]) and x[0].doc_id not in agreeing]
        if not rivals and not fuller:
            continue
        candidates = [*rivals[:MAX_CANDIDATES], *fuller[:MAX_CANDIDATES]]
        vecs = embedder.embed_documents([a.masked, *(b.masked for b, _ in candidates)])
        rel = _relation_sims(a, [b for b, _ in candidates], embedder)
        scored = [(_aligned(a, ha, b, hb, float(sim), topics, trace, rel.get(b.relation)), float(sim), b, hb)
                  for (b, hb), sim in zip(candidates, vecs[1:] @ vecs[0], strict=True)]
        lead: Located = (a, ha)
        for strength, _, b, hb in sorted(scored, key=lambda x: -x[1]):
            if strength and date_precision(b) > date_precision(lead[0]) and not values_differ(a, b):
                lead = (b, hb)
        sides: list[Located] = [lead]
        # the most plainly aligned rivals first: only MAX_SIDES are shown
        for strength, _, b, hb in sorted(scored, key=lambda x: (-x[0], -x[1])):
            if strength and all(values_differ(b, s) for s, _ in sides) and len(sides) < MAX_SIDES:
                sides.append((b, hb))
        if len(sides) > 1:
            key = frozenset(norm_text(c.value) for c, _ in sides)
            if key not in seen:
                seen.add(key)
                out.append(Disagreement(topic_of(a), tuple(sides)))
    return out


def _relation_sims(a: Claim, others: Sequence[Claim], embedder: Embedder) -> dict[str, float]:
    words = sorted({b.relation for b in others if b.relation and b.relation != a.relation})
    if not a.relation or not words:
        return {}
    vecs = embedder.embed_documents([a.relation, *words])
    return {w: float(sim) for w, sim in zip(words, vecs[1:] @ vecs[0], strict=True)}


def _aligned(
    a: Claim, ha: SearchHit, b: Claim, hb: SearchHit, sim: float, topics: dict[str, np.ndarray],
    trace: list[dict[str, object]] | None, relation_sim: float | None = None,
) -> int:
    """Do two claims say the same thing about the same subject, their values aside? 0 when not; else
    how plainly: 3 a near-copy, 2 the value in the same slot of the same predicate or subject, or a
    count of the same thing told from the other side of a close predicate, 1 a similar sentence with
    the value playing the same part. ``relation_sim``: cosine of the two predicates (None: the same
    word or none)."""
    if _other_parties(a, b):
        return 0  # "Östersjö shareholders will own 61%" says nothing of what Fjordbanken's will own
    related = relation_sim is not None and relation_sim >= CONTRARY_SIMILARITY
    ta, tb = topics.get(ha.chunk.id), topics.get(hb.chunk.id)
    topic = float(ta @ tb) if ta is not None and tb is not None else 0.0
    same_subject = _same_subject(a, b)
    # the same count told from the other side of a close predicate: "killing 11 people" / "13 people
    # died" (0.74), or the same price from a predicate one entails: "pay $1.35bn for it" / "buy it for
    # $1.2bn" (0.54, but buying entails paying); only across roles, as the embedder puts "buy" / "sell"
    # as close (0.76)
    close = relation_sim is not None and (relation_sim >= RELATION_SIMILARITY
                                          or entails(a.relation, b.relation) or entails(b.relation, a.relation))
    converse = close and a.role != b.role and (_same_unit(a, b) or a.kind == b.kind == "money")
    # a name that modifies another noun ("Norway's Fjordbanken", "Fjordbanken's price") says whose thing it
    # is, not the value of a statement: two of them in that role are owners of two things
    owners = a.kind == "name" and a.role in MODIFIER_ROLES
    same_predicate = lemma_match(a.relation, b.relation) or _alike(a.relation, b.relation)
    # two names in the same role of different predicates are no rivals: "would cede Donbas" / "would commit the
    # United States" (a figure may be: "41 witnesses were called" / "presented 38 witnesses")
    named_apart = a.kind == "name" and not (same_predicate or close)
    same_slot = (a.role == b.role and not owners and not named_apart and (same_predicate or same_subject)) or converse
    labels = same_label_group(a.label, b.label)
    # a near-copy is the same statement whatever labels the recogniser gave its names
    about_same = labels and topic >= TOPIC_SIMILARITY and same_subject_names(a, b)
    # two dates each saying when something happens, hung on different words by the parser ("open on June
    # 14" / "use it from June 21"), unless their predicates are close without being the same word, which
    # says another event of one field ("open" / "close" 0.60): unrelated ones are more often the parse
    when = (a.role in WHEN_ROLES and b.role in WHEN_ROLES and _same_shape(a, b)
            and (lemma_match(a.relation, b.relation) or not related))
    # the value plays the same part: same role, same predicate, or a count of the same thing; a name
    # only in the same role ("X won the election in Braga" names no rival winner in Braga)
    same_part = ((a.role == b.role and not owners and not named_apart)
                 or (lemma_match(a.relation, b.relation) and (a.kind != "name" or _agents(a, b)))
                 or _same_unit(a, b) or when)
    # a near-copy with the names in different parts of unrelated predicates says two things: "the team led by
    # Professor X reported" / "the team reported in the journal Y"
    aligned = 3 if sim >= SIM_COPY and not (named_apart and a.role != b.role) else 0
    if not aligned and about_same and not is_speaker(a):
        aligned = 2 if same_slot and sim >= SIM_SLOT else 1 if same_part and sim >= SIM_ALIGNED else 0
    if trace is not None:
        trace.append({"a": a.value, "b": b.value, "sim": round(sim, 3), "topic": round(topic, 3),
                      "slot": same_slot, "labels": labels, "names": same_subject_names(a, b),
                      "rel": (a.relation, b.relation), "role": (a.role, b.role), "unit": (a.unit, b.unit),
                      "subj": (a.subject, b.subject), "kind": a.kind, "aligned": aligned})
    return aligned


def _alike(a: str, b: str) -> bool:
    """Does WordNet put one predicate in the other's first senses or their more specific ones ("scorch" for
    "burn": what was scorched was burned), the other no root of its hierarchy ("rise" is a kind of "move",
    but what rose to 17 was not moved to 17)?"""
    if not a or not b:
        return False
    return ((b in relations(a, "VERB").alike and not is_root_verb(a))
            or (a in relations(b, "VERB").alike and not is_root_verb(b)))


def _same_unit(a: Claim, b: Claim) -> bool:
    """Do two figures count the same thing ("41 witnesses" / "38 witnesses")? A percent sign counts nothing:
    "will own about 61%" and "shares slipped 2.1%" are shares of two things."""
    return a.unit not in SHARE_UNITS and a.unit == b.unit


def _same_subject(a: Claim, b: Claim) -> bool:
    """Do the two predicates have one subject: at least half the words of the shorter one shared ("goa
    pragati party" / "goa gpp pragati party"), not only a place in two parties' names ("goa lok manch")?"""
    sa, sb = _party(a), _party(b)
    return bool(sa and sb) and len(sa & sb) * 2 >= min(len(sa), len(sb))


def _party(claim: Claim) -> set[str]:
    """The words of a claim's subject besides its value: in "38,000 people were evacuated" the subject is
    the value itself, which names no one "14 people were killed" could share."""
    return set(claim.subject.split()) - set(norm_text(claim.value).split())


def _other_parties(a: Claim, b: Claim) -> bool:
    """Are the two subjects two parties, each named by a word the other lacks ("Östersjö shareholders" /
    "Fjordbanken shareholders")? A subject that is the value itself ("Kiprop won") is no party: two
    names of the winner are what a disagreement on who won is."""
    sa, sb = _party(a), _party(b)
    return _coined(sa - sb) and _coined(sb - sa)


def _coined(words: set[str]) -> bool:
    """Is one of these words a name no English dictionary has ("fjordbanken", "gpp"), by WordNet?"""
    return any(w.isalpha() and not is_word(w) for w in words)


def _agents(a: Claim, b: Claim) -> bool:
    """Are both names the doer, one as a subject, one as the agent of a passive ("won by X")?"""
    return {a.role, b.role} <= {"nsubj:", "pobj:by"}


def _same_shape(a: Claim, b: Claim) -> bool:
    """Two dates naming the same parts (each a day and month, say): "on June 14" / "from June 21", not
    "in December 2015" / "on Feb. 17", which are more likely about different events."""
    if a.kind != "date" or b.kind != "date":
        return False
    return [x is None for x in date_parts(a.value)] == [x is None for x in date_parts(b.value)]


def topic_of(claim: Claim) -> str:
    """What the sides disagree about: the answer's sentence with the value masked, shortened."""
    words = claim.masked.split()
    return " ".join(words[:24]) + (" …" if len(words) > 24 else "")
