"""Whether a candidate answer's clause is about something other than what the question asks about.

A question names a noun ("Who is the manager of Portside United?", "Who won the women's race?",
"Who is the deputy governor?") or a doer ("How many points did Gallagher score?"). A span whose
clause speaks of that noun as someone else's ("Rovers manager Ines Duarte"), of another kind of it
("the men's race"), of another rank of it ("Governor X"), or says about someone else what the
question asks about the doer ("Taufa ... finished with 17 points") does not answer it.

What the question says of its noun and doer is read once per question (:class:`Asked`); each
candidate's side is read from its own parse.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Span, Token

from rag.answer.clauses import lemma_match
from rag.answer.names import names_person
from rag.answer.question import QuestionAnalysis
from rag.answer.roles import LIGHT_VERBS, slot_of, subject_of, tree_distance
from rag.lexicon import synonyms
from rag.nlp import TIME_LABELS, entity_of, governing_predicate, is_name_word, names_match

# Words before a role that make it another role ("deputy governor" is not the governor).
RANK_WORDS = frozenset("deputy vice former acting interim assistant associate ex".split())
# Modifiers that make a noun a kind of its own: a common noun before it, "the women's race", "the policy
# rate" (adjectives mostly describe: "the annual race" is still the race asked about; a name says whose
# or where, which the name checks weigh: "UK inflation" is "consumer price inflation in the UK").
KIND_MODIFIERS = frozenset({"poss", "compound"})
LENGTH = "length"  # the sort of a modifier that counts a length of time ("one-day", "five-year")
KIND_REACH = 3  # "X won the men's race" (2), "raised its policy rate to 4.5%" (3)
BODY_LABELS = frozenset({"ORG", "GPE", "NORP"})  # what "its" / "their" may stand for
# Verbs whose subject holds their object (English): "Lumira reported revenue of $85 million" is Lumira's revenue
HAVING_VERBS = frozenset("have report post record earn generate employ own hold".split())
HOLDER_LABELS = BODY_LABELS | {"PERSON"}  # the recogniser may call a firm a place


def _ranks(tok: Token) -> frozenset[str]:
    return frozenset(c.lower_ for c in tok.children
                     if c.dep_ in ("amod", "compound", "nmod") and c.lower_ in RANK_WORDS)


def _name_words(tokens: Iterable[Token]) -> tuple[str, ...] | None:
    """The lower-cased name words among these, in order ("the" of a name the recogniser found is none)."""
    return tuple(t.lower_ for t in tokens if is_name_word(t) and not t.is_stop) or None


def owner(noun: Token) -> tuple[str, ...] | None:
    """The words of what a noun belongs to, when that is named: "Rovers manager", "Portside's manager",
    "the manager of Portside United", "the lawyer for the department", "the group X, whose lawyer"."""
    for c in noun.children:
        if c.dep_ == "poss" and c.lower_ == "whose" and noun.head.dep_ == "relcl":
            held_by = noun.head.head  # what the relative clause is about, without the clause
            clause = {t.i for t in noun.head.subtree}
            return _name_words([t for t in held_by.subtree if t.i not in clause])
        if c.dep_ in ("poss", "compound") and is_name_word(c) and c.lower_ not in RANK_WORDS:
            return _name_words(c.subtree)
        if c.dep_ == "poss" and c.lower_ in ("its", "their"):
            # "Dastria is demanding 58%, its fisheries minister said": the body named before it in the sentence
            named = [e for e in noun.sent.ents if e.label_ in BODY_LABELS and e.end <= c.i]
            if named:
                return _name_words(named[-1])
        if c.dep_ == "prep" and c.lower_ in ("of", "for"):
            found = _name_words([t for o in c.children if o.dep_ == "pobj" for t in o.subtree])
            if found:
                return found
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in HAVING_VERBS:
        # "Lumira ... reported revenue of $85 million": Lumira's revenue
        subject = subject_of(noun.head)
        holder = entity_of(subject, HOLDER_LABELS)
        if holder is not None:
            return _name_words(holder)
        if subject is not None and subject.pos_ == "PROPN":  # a name the recogniser missed ("Lumira employs")
            return _name_words([t for t in subject.subtree if t is subject or t.dep_ == "compound"])
    return None


def _possessor(noun: Token) -> tuple[str, ...] | None:
    """The name words of a noun's possessor by name ("Gordon Pryce's campaign"), not a pronoun's or a common noun's."""
    return next((_name_words(c.subtree) for c in noun.children
                 if c.dep_ == "poss" and is_name_word(c) and c.lower_ not in RANK_WORDS), None)


def kinds(noun: Token, answer: Token | None = None) -> dict[str, set[str]]:
    """The noun modifiers of a noun by sort, each with the figures or ranks that modify it in turn
    ("third-quarter profit": "third quarter", which the parser may hang on as an nmod). The ``answer`` is no sort
    of the noun it modifies ("a 7.1% increase" for "What increase ...?", whose "%" the parser takes for a noun)."""
    out: dict[str, set[str]] = {}
    for c in noun.children:
        dep = "compound" if c.dep_ == "nmod" else c.dep_
        if dep in KIND_MODIFIERS and c.pos_ == "NOUN" and not c.is_stop and c != answer:
            rank = [g for g in c.children if g.dep_ in ("amod", "nummod") and g.pos_ in ("ADJ", "NUM")
                    and (g.like_num or g.ent_type_ in ("ORDINAL", "DATE", "CARDINAL"))]
            if c.ent_type_ in TIME_LABELS and any(g.tag_ == "CD" for g in rank):
                # "their biggest one-day gain" says how long, not what sort: it is no other kind than "stock
                # gain", only another length ("the two-year yield" / "the 10-year yield")
                dep = LENGTH
            out.setdefault(dep, set()).add(" ".join([*(g.lower_ for g in rank), c.lemma_.lower()]))
    return out


def name_of(tok: Token | None, persons: set[tuple[str, ...]] | None = None) -> str | None:
    """The person's or organisation's name this token is part of (the recogniser mixes the two up), or
    the surname of one of ``persons`` (full names the evidence gives), which the recogniser missed ("Felk
    scored" after "Dario Felk")."""
    if tok is None:
        return None
    if tok.ent_type_ not in ("PERSON", "ORG"):
        named = not tok.ent_type_ and tok.text[:1].isupper() and tok.pos_ in ("NOUN", "PROPN")
        return tok.text if named and persons and names_person(tok.doc[tok.i : tok.i + 1], persons) else None
    ent = entity_of(tok)
    return ent.text if ent is not None else None


def _passive(subject: Token) -> bool:
    """Is this the subject of a passive question ("When was Zelensky handed the plan?")? The parser may call it a
    plain subject, of a past form after a fronted "was"."""
    verb = subject.head
    return subject.dep_ == "nsubjpass" or any(c.dep_ == "auxpass" for c in verb.children) or (
        verb.tag_ in ("VBN", "VBD") and any(t.lemma_ == "be" and t.i < subject.i for t in subject.doc))


@dataclass(frozen=True, slots=True)
class Asked:
    """What a question says of the noun it asks about and of its doer, read once per question."""

    noun: Token | None  # the question's mention of its head noun ("manager")
    owner: tuple[str, ...] | None  # whose it is ("Portside United")
    role_words: frozenset[str]  # words that name the role with it ("prime" of "prime minister")
    ranks: frozenset[str]  # "deputy", "former"
    kinds: dict[str, dict[str, set[str]]]  # each question noun with modifiers, by lemma (see kinds())
    doer: str | None  # the name that is the question's subject ("Gallagher")
    done_to: bool = False  # ... the subject of a passive: whom the act was done to ("When was Zelensky handed it?")
    others: tuple[str, ...] = ()  # the question's other person and organisation names ("Ferraz")
    owned: tuple[tuple[str, tuple[str, ...]], ...] = ()  # other nouns the question gives a possessor by name

    @classmethod
    def of(cls, q: QuestionAnalysis) -> Asked:
        noun = q.head_token
        subject, doer = next(((t, name) for t in q.doc if t.dep_ in ("nsubj", "nsubjpass") and (name := name_of(t))),
                             (None, None))
        return cls(
            noun=noun,
            owner=owner(noun) if noun is not None else None,
            role_words=frozenset(c.lower_ for c in noun.children if c.dep_ in ("compound", "amod"))
            if noun is not None else frozenset(),
            ranks=_ranks(noun) if noun is not None else frozenset(),
            kinds={t.lemma_.lower(): k for t in q.doc if t.pos_ == "NOUN" and (k := kinds(t))},
            doer=doer,
            done_to=subject is not None and _passive(subject),
            others=tuple(n for n, label in q.names if label in ("PERSON", "ORG") and n != doer),
            owned=tuple((t.lemma_.lower(), o) for t in q.doc
                        if t.pos_ == "NOUN" and (noun is None or t.i != noun.i) and (o := _possessor(t))),
        )

    def other_owned(self, root: Token) -> bool:
        """Does this span's clause give a noun the question gives an owner by name another owner ("Marchetti's
        campaign was run by Dev Ranganathan" for "Who managed Gordon Pryce's campaign?"), in a sentence without a
        word of the question's owner?"""
        if not self.owned:
            return False
        pred = slot_of(root)[2]
        words = {t.lower_ for t in root.sent}
        for tok in pred.subtree:
            mine = next((o for lemma, o in self.owned if lemma == tok.lemma_.lower()), None) if (
                tok.pos_ == "NOUN") else None
            if mine is None or tree_distance(root, tok) > KIND_REACH or set(mine) & words:
                continue
            theirs = _possessor(tok)
            if theirs is not None and not names_match(" ".join(mine), " ".join(theirs)):
                return True
        return False

    def other_rank(self, noun: Token) -> bool:
        """Is this mention of the noun asked about another rank of it: "Governor X" for "Who is the deputy
        governor?", or "the deputy governor" for "Who is the governor?"""
        return self.noun is not None and self.ranks != _ranks(noun)

    def other_owner(self, noun: Token) -> bool:
        """Is this mention of the noun asked about someone else's: "Rovers manager Ines Duarte" for "Who is
        the manager of Portside United?" (both say whose it is, and the sentence has no word of the
        question's)?"""
        if self.owner is None:
            return False
        theirs = owner(noun)
        # a word the question's noun has too is part of the role's name ("Prime Minister X" for "Who is the
        # prime minister of Valdora?"), not whose it is
        if theirs is None or set(theirs) <= self.role_words or names_match(" ".join(self.owner), " ".join(theirs)):
            return False
        return not set(self.owner) & {t.lower_ for t in noun.sent}

    def other_doer(self, root: Token, persons: set[tuple[str, ...]] | None = None) -> bool:
        """Does this span's clause say about someone else what the question asks about a named someone
        ("Taufa ... finished with 17 points" for "How many points did Gallagher score?"; ``persons``: full
        names the evidence gives, whose surnames name them)?"""
        if self.doer is None or (root.dep_ in ("nsubj", "nsubjpass") and name_of(root)):
            return False
        pred = slot_of(root)[2]
        if pred.dep_ == "prep" and pred.pos_ == "VERB":
            pred = pred.head  # "Felk scored 17 goals, including 12 in the league": Felk's 12
        subject = subject_of(pred)
        if self.done_to and subject is not None and subject.dep_ == "nsubj":
            return False  # "Driscoll presented the plan to Zelensky": who handed it, for "When was Zelensky handed it?"
        theirs = name_of(subject, persons)
        # one the question names too is no one else: "Ferraz would move to Sierra Azul for €12m" for "How much
        # is Sierra Azul paying for Ferraz?"
        return theirs is not None and not any(names_match(n, theirs) for n in (self.doer, *self.others))

    def other_kind(self, root: Token) -> bool:
        """Does this span's clause speak of another kind of a thing the question names: "the men's race"
        for "Who won the women's race?", "the policy rate" for "What is the inflation rate?" -- the same
        noun, with a modifier of the same sort that the question's does not share?"""
        if not self.kinds:
            return False
        pred = slot_of(root)[2]
        for tok in pred.subtree:
            mine = self.kinds.get(tok.lemma_.lower()) if tok.pos_ == "NOUN" else None
            # a noun the span's predicate takes, not one deep in a list ("content, readers and ad revenue"
            # for "advertising revenue": modifiers may say the same in other words)
            if mine is None or governing_predicate(tok).i != pred.i or tree_distance(root, tok) > KIND_REACH:
                continue
            theirs = kinds(tok, root)
            if any(dep in mine and not (words & mine[dep]) for dep, words in theirs.items()):
                return True
        return False


def acts(q: QuestionAnalysis, root: Token) -> bool:
    """Is this span the one who does what a typed question asks about: its slot's own verb, not a light
    one ("Who is ...?" is not answered by a description)?"""
    return (q.strict and q.slot is not None and q.slot[2] not in LIGHT_VERBS
            and lemma_match(slot_of(root)[2].lemma_.lower(), q.slot[2]))


def names_source(q: QuestionAnalysis, source: Token) -> bool:
    """Does the question name the person a statement is attributed to (``source``, a token of their name)?"""
    name = name_of(source)
    return name is not None and any(label == "PERSON" and names_match(n, name) for n, label in q.names)


def speaks_of(noun: str, sent: Span) -> bool:
    """Does this sentence, or the one before it in its passage, speak of ``noun`` (a lemma) in its own word,
    one derived from it, or a synonym ("the quake" for "earthquake"; "The quake struck at 11pm. Its magnitude
    was put at 7.1." speaks of the quake's magnitude)?"""
    words = synonyms(noun)
    before = sent.doc[sent.start - 1].sent if sent.start > 0 else None
    return any(lemma_match(t.lemma_.lower(), w) for part in (sent, before) if part is not None
               for t in part if t.pos_ in ("NOUN", "PROPN") for w in words)
