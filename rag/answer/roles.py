"""Where a span sits in its sentence's parse, and whether that is where the question's answer sits.

The question's wh-phrase has a role (subject, object, the object of "on", an adverbial) under a
predicate ("Who presented the plan?": the subject of "present"); a candidate span in the same role
under the same predicate, or a verb that says the same, answers it better than one elsewhere in
the sentence. A span that is the source a statement is attributed to ("said X, chief economist at
Y") is where a quote comes from, not what it is about.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from embeddings import Embedder
from rag.answer import clauses
from rag.answer.clauses import COPULAS, lemma_match
from rag.answer.kinds import PLACES, place_named_before
from rag.lexicon import derived_nouns, entails, first_sense_kin, synonyms
from rag.nlp import REPORTING_VERBS, TIME_LABELS, governing_predicate, is_negated, names_match

if TYPE_CHECKING:
    from rag.answer.question import QuestionAnalysis


def copula_complement(pred: Token) -> Token | None:
    """The adjective a copula says its subject is ("remains unsigned", "is responsible"), if any."""
    if pred.lemma_.lower() not in COPULAS:
        return None
    return next((c for c in pred.children if c.dep_ == "acomp" and c.pos_ in ("ADJ", "VERB")), None)


def _depth(tok: Token) -> int:
    return sum(1 for _ in tok.ancestors)


def tree_distance(a: Token, b: Token) -> int:
    """Number of dependency edges between two tokens of one sentence."""
    anc_a = [a, *a.ancestors]
    anc_b = {t.i for t in [b, *b.ancestors]}
    for steps, t in enumerate(anc_a):
        if t.i in anc_b:
            return steps + _depth(b) - _depth(t)
    return len(anc_a) + _depth(b)


SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "agent"})
ADVERBIAL_DEPS = frozenset({"npadvmod", "advmod", "tmod"})
OBJECT_DEPS = frozenset({"dobj", "attr", "oprd", "pobj", "dative", "appos"})


def slot_of(root: Token) -> tuple[str, str, Token]:
    """(dependency, preposition, predicate) of a span's root, a number seen through its noun.

    The agent of a passive ("was won by X") is its subject.
    """
    tok = root.head if root.dep_ in ("nummod", "compound", "quantmod") else root
    # "two researchers, Jonas Weber and Petra Albrecht": a name in apposition (or joined to one) plays
    # the part of the noun it names
    tok = _named_noun(tok)
    place = place_named_before(tok) if tok.pos_ == "PROPN" else None
    if place is not None:
        tok = _named_noun(place)  # "the freezing of lines in the Kherson and Zaporizhzhia areas": the areas' part
    prep = tok.head.lower_ if tok.dep_ in ("pobj", "pcomp") else ""
    pred = governing_predicate(tok.head if prep else tok)
    passive = any(c.dep_ == "auxpass" for c in pred.children) or (pred.tag_ == "VBN" and pred.dep_ == "acl")
    if prep == "by" and passive and tok.ent_type_ not in TIME_LABELS:
        # "was won by X", "a funding round led by X": X won, X led; "will be made by Sept. 15" is a deadline
        return "nsubj", "", pred
    return tok.dep_, prep, pred


def _named_noun(tok: Token) -> Token:
    """The noun a name in apposition (or joined to one) names, else the token itself."""
    while tok.dep_ in ("appos", "conj") and tok.head.pos_ in ("NOUN", "PROPN") and tok.head.i != tok.i:
        tok = tok.head
    return tok


def value_of(root: Token, noun: str) -> bool:
    """Does this span give the value of the noun ``noun`` through its predicate ("Net income rose to
    $410 million", "Turnout was 46%"): is that noun the subject of the verb the span hangs on?"""
    return figure_of(root) == noun


def measures(root: Token, noun: str) -> bool:
    """Is this span a measure run into the noun ``noun`` ("the 12-kilometre extension", "a 310-metre
    tower") for "How long is the extension?": the figure inside a subject describes it by its size."""
    return root.dep_ in ("compound", "amod", "nummod") and root.head.pos_ == "NOUN" and root.head.lemma_.lower() == noun


def change_of(root: Token) -> Token | None:
    """The verb whose change this figure is, when the clause also gives the new value: "9%" in "Revenue
    grew 9% to 5.6 billion euros", "18%" in "rose by 18% to 412 million" (not "5.6 billion")."""
    dep, prep, pred = slot_of(root)
    if not (dep in ("npadvmod", "dobj") or (dep == "pobj" and prep == "by")):
        return None
    to = [o for c in pred.children if c.dep_ == "prep" and c.lower_ == "to"
          for o in c.children if o.dep_ == "pobj" and any(t.like_num for t in o.subtree)]
    return pred if to else None


def earlier_value(root: Token) -> bool:
    """Is this figure the value a change started from, where the clause gives the new one too ("would go up
    from £18.40 to £21.20": £18.40)?"""
    dep, prep, pred = slot_of(root)
    if not (dep == "pobj" and prep == "from"):
        return False
    # the parser hangs "to £21.20" on the verb or on "from"
    return any(c.dep_ == "prep" and c.lower_ == "to" and any(t.like_num for t in c.subtree)
               for c in (*pred.children, *root.head.children))


def figure_of(root: Token) -> str | None:
    """The lemma of the subject of the verb a span hangs on, whose value the span gives ("Revenue climbed
    6% to $3.1 billion": revenue); None when it has none, or the span is inside it ("The 600-metre bridge
    cost ..." describes the bridge, it is not its value)."""
    dep, prep, pred = slot_of(root)
    if dep == "pobj" and prep in ("to", "at"):
        # "raised its forecast to $12.4 billion", "kept the rate at 5.25%": the object's new value
        obj = next((c for c in pred.children if c.dep_ == "dobj" and c.pos_ == "NOUN"), None)
        if obj is not None:
            return obj.lemma_.lower()
    subj = subject_of(pred)
    if subj is None or subj.left_edge.i <= root.i <= subj.right_edge.i:
        return None
    return subj.lemma_.lower()


def subject_of(pred: Token) -> Token | None:
    """The subject of a predicate, or of the verb it is joined to or completes when it has none of its own
    ("Taufa kicked a penalty ... and finished with 17 points": Taufa finished), or the object of the verb
    it completes ("ordered Solvan to pay": Solvan pays)."""
    for _ in range(4):
        subj = next((c for c in pred.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None or pred.dep_ not in ("conj", "xcomp") or pred.head.i == pred.i:
            return subj
        if pred.dep_ == "xcomp":
            # "the judge ordered Solvan to pay a fine": the object of the verb it completes pays
            obj = next((c for c in pred.head.children if c.dep_ == "dobj" and c.i < pred.i), None)
            if obj is not None:
                return obj
        pred = pred.head
    return None


def speaker(root: Token) -> Token | None:
    """The source a statement is attributed to, when this is it or named beside it: the subject of a
    reporting verb ("said Rafael Quintero, chief economist at X": Quintero for X; "analysts at X said")."""
    tok = root
    for _ in range(3):
        if tok.dep_ == "nsubj" and tok.head.lemma_.lower() in REPORTING_VERBS:
            return tok
        if tok.dep_ == "appos":
            tok = tok.head
        elif tok.dep_ == "pobj" and tok.head.dep_ == "prep":
            tok = tok.head.head
        else:
            return None
    return None


def where_said(ent: Span) -> bool:
    """Is this place where a statement was made ("Baruah told reporters in Guwahati", "said in Geneva"),
    not what the statement is about?"""
    root = ent.root
    if root.dep_ != "pobj" or root.head.dep_ != "prep":
        return False
    at = root.head.head  # "told [reporters] in X": the parser hangs "in" on the verb or on its object
    verb = at.head if at.dep_ in ("dobj", "dative") else at
    return verb.pos_ == "VERB" and verb.lemma_.lower() in REPORTING_VERBS


def _apposed_to_asked_name(q: QuestionAnalysis, root: Token) -> bool:
    """Is this span in apposition to a name the question asks about ("Sato, 41," for "How old is Sato?")?"""
    if root.dep_ != "appos" or root.head.pos_ != "PROPN":
        return False
    name = " ".join(t.text for t in root.head.subtree if t.i <= root.head.i and t.pos_ == "PROPN")
    return any(names_match(n, name) for n, _ in q.names)


def same_role(asked: str, said: str) -> bool:
    """Do two dependencies play the same part in their verb's event, whatever the voice: the one it
    happens to ("were injured" / "injuring more than 140": a passive subject is an active object) or
    the one who does it ("was elected by voters" / "voters elected")?"""
    if asked == "nsubjpass":
        return said in ("nsubjpass", "dobj")
    if asked in SUBJECT_DEPS:
        return said in SUBJECT_DEPS and said != "nsubjpass"
    return asked in OBJECT_DEPS and (said in OBJECT_DEPS or said == "nsubjpass")


def _in_role(q: QuestionAnalysis, slot: tuple[str, str, str], root: Token) -> tuple[bool, str, Token]:
    """Does a span fill the part the question's wh-phrase plays in its ``slot`` (whatever the predicate), with its
    dependency and the predicate it fills it of?"""
    qdep, qprep, qpred = slot
    dep, prep, pred = slot_of(root)
    if qprep == "by" and not prep and (dep == "npadvmod" or (dep == "dobj" and change_of(root) is not None)):
        prep = "by"  # "fell 6.4% to $38.10" says by how much, as "fell by 6.4%" does
    if qprep:
        in_role = prep == qprep
    elif qdep == "advmod":
        # "when"/"where" stand for an adverbial: "on January 1", "in Lisbon", "Sunday"; but "governors
        # from Mexico ... met in Basel" met in Basel: where from is another question ("From where ...?")
        origin = q.wh == "where" and prep == "from" and not any(t.lower_ == "from" for t in q.doc)
        in_role = (bool(prep) and not origin) or dep in ADVERBIAL_DEPS
    else:
        # "Who is accused of using a front?": who is accused is who uses it, the subject of another verb
        # of the question ("X used a front"); of the question's own verb, the voice decides
        own = lemma_match(pred.lemma_.lower(), qpred)
        in_role = same_role(qdep, dep) or (qdep == "nsubjpass" and not own and dep in SUBJECT_DEPS)
    return in_role, dep, pred


LOCATING = frozenset({"in", "at"})  # English prepositions that say where a thing is ("the factory in X")


def _located(root: Token) -> Token | None:
    """The noun a place locates ("the factory in Kecskemét"): where the factory is, the place is."""
    prep = root.head
    if root.dep_ == "pobj" and prep.lower_ in LOCATING and prep.head.pos_ == "NOUN":
        return prep.head
    return None


DENIED = -1.0  # :func:`role_match` of a span in the question's slot of its own predicate, in a clause that denies it


ROLE_ONLY = 0.4  # a span in the asked role of another predicate


def role_match(q: QuestionAnalysis, root: Token) -> float:
    """How well a span sits where the question's wh-phrase sits: 1 same predicate and role, 0.4 role only.
    ``DENIED`` when it fills the question's slot of its own predicate in a clause with the other polarity ("NATO
    would not station troops in Ukraine" for "Where would the jets be stationed?": where troops will not be; a
    question that itself denies is answered by it): it says what is not."""
    if q.slot is None:
        return 0.0
    qdep, _, qpred = q.slot
    in_role, dep, pred = _in_role(q, q.slot, root)
    if not in_role and q.expected and q.expected <= PLACES and (located := _located(root)) is not None:
        in_role, dep, pred = _in_role(q, q.slot, located)
    flipped = is_negated(pred) != q.slot_negated
    if in_role and flipped and lemma_match(pred.lemma_.lower(), qpred):
        return DENIED
    if qpred == "be" and qdep in ("acomp", "attr") and _apposed_to_asked_name(q, root):
        return 1.0  # "Sato, 41," says what "How old is Hana Sato?" asks, as "Sato is 41" would
    if qpred == "be" and q.measured and measures(root, q.measured):
        return 1.0  # "the 12-kilometre extension" says what "How long is the extension?" asks
    if ("DATE" in q.expected and q.expected <= TIME_LABELS and root.ent_type_ == "DATE"
            and root.dep_ in ("nummod", "compound", "amod")
            and root.head.pos_ == "NOUN" and root.head.lemma_.lower() in q.focus - {q.head}):
        return 1.0  # "the 2022 invasion" dates the invasion "In what year did the invasion take place?" asks about
    if not in_role or flipped:
        return 0.0  # "NATO would not station troops in Ukraine" says where troops will not be, not where they will
    # the subject of "X beat Y to win" is the subject of "win" too, and of a conjoined verb that has
    # none of its own ("Two people died and 15 were taken to hospital": "Two" was not taken)
    preds = [pred, *(c for c in pred.children if c.dep_ in ("xcomp", "advcl", "conj") and c.pos_ == "VERB"
                     and not (c.dep_ == "conj" and any(s.dep_ in SUBJECT_DEPS for s in c.children)))]
    # a name is no predicate: a dateline the parser takes for the sentence's root ("KESTREL FALLS, June 18 - ...")
    lemmas = [p.lemma_.lower() for p in (preds if dep in SUBJECT_DEPS else preds[:1]) if p.pos_ != "PROPN"]
    state = copula_complement(pred) if dep in SUBJECT_DEPS else None
    if state is not None:
        lemmas.append(state.lemma_.lower())  # "the agreement remains unsigned": the agreement is unsigned
    # ... or a noun on the way up to it that names the question's act ("provides for the freezing of lines in X":
    # the lines are frozen in X)
    acts = [t.lemma_.lower() for t in root.ancestors if t.pos_ == "NOUN" and pred.is_ancestor(t)]
    # ... or the doer of a noun WordNet derives from the question's verb ("a penalty imposed by X" for "Who
    # penalised Y?": the penalty is the act, X its doer)
    if dep in SUBJECT_DEPS and pred.dep_ == "acl" and pred.head.pos_ == "NOUN":
        acts.append(pred.head.lemma_.lower())
    made = derived_nouns(qpred) if qdep in SUBJECT_DEPS else frozenset()
    # ... or a synonym of it ("advised by X" for "Who is counselling ...?"), not a light verb ("own" / "have"), or a
    # verb that means it in their first senses, or a kind of it ("approved by X" for "Who authorised ...?")
    same = synonyms(qpred, "verb", 1) - LIGHT_VERBS
    return 1.0 if any(lemma_match(p, qpred) or p in q.focus or p in same or (
        p not in LIGHT_VERBS and first_sense_kin(p, qpred)) for p in lemmas) or any(
        lemma_match(a, qpred) or a in made for a in acts) else ROLE_ONLY


# Verbs that carry no predicate of their own ("Who is ...?", "What did X do?"); for a wh-question "become"
# too ("Who became mayor?" asks for the mayor), where a yes/no claim keys on it ("Did X become mayor?")
LIGHT_VERBS = clauses.LIGHT_VERBS | {"become"}
PREDICATE_SIMILARITY = 0.5  # a verb this close to the question's says the same ("preside" / "head")


def predicate_words(q: QuestionAnalysis, sents: Sequence[Span], embedder: Embedder | None) -> set[str]:
    """Lemmas of the verbs in the sentences that say what the question's predicate says (the same word, or
    close by embedding)."""
    pred = q.slot[2] if q.slot else None
    if not pred or pred in LIGHT_VERBS:
        return set()
    words = {((t.lemma_ or t.text).lower(), t.pos_) for s in sents for t in s if t.pos_ in ("VERB", "NOUN")}
    verbs = {w for w, pos in words if pos == "VERB"}
    # the predicate's own word counts however the tagger took it ("were housing", tagged a noun)
    same = {w for w, _ in words if lemma_match(w, pred)}
    rest = sorted(verbs - same)
    if embedder is None or not rest:
        return same
    vecs = embedder.embed_documents([pred, *rest])
    return same | {v for v, sim in zip(rest, vecs[1:] @ vecs[0], strict=True) if float(sim) >= PREDICATE_SIMILARITY}


def says_other(q: QuestionAnalysis, root: Token, preds: set[str]) -> bool:
    """Is this figure told by a verb (or the adjective of "be") that says something other than the
    question's predicate: "nine people were killed", "11 are missing" for "How many people were
    injured?" -- not the same verb, not one of ``preds`` (:func:`predicate_words`), not one WordNet
    says entails it or is entailed by it ("buy" / "pay")?"""
    if not q.slot or q.slot[2] in LIGHT_VERBS:
        return False
    pred = slot_of(root)[2]
    if pred.dep_ in ("aux", "auxpass"):
        pred = pred.head  # "11 are missing": the parser may hang the subject on the auxiliary
    if pred.lemma_.lower() == "be":
        pred = next((c for c in pred.children if c.dep_ == "acomp"), pred)
    word, asked = pred.lemma_.lower(), q.slot[2]
    return (pred.pos_ in ("VERB", "ADJ") and word not in LIGHT_VERBS and word not in REPORTING_VERBS
            and word not in preds and not lemma_match(word, asked) and not entails(word, asked)
            and not entails(asked, word))
