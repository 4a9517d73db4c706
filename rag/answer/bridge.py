"""Two-hop questions: what the question asks of a thing it names only by a description.

"Who is the director of the agency whose rescue teams dug the bypass tunnel?" asks about an agency that
one article names ("Rescue teams from the National Geology and Mining Service (Sernageomin) ... dug a
bypass tunnel") and another gives the director of ("The agency's director, Rodrigo Espinoza"). The
passages retrieved for the whole question are those of the description, and the sentence that matches
the question best is the one describing the agency, which names no director.

So the description (a noun of the question with a relative clause, or a participle clause, on it) is
resolved first: the sentence of the evidence closest to it, and in that sentence the name of the kind
the noun is (an organisation for "agency", a person for "researcher") nearest to the words it shares
with the description, not one the question names; or, for a noun of no known kind ("mine"), a name the
evidence calls by that noun ("the Los Halcones copper mine"). The question is then asked again with the
name in place of the description ("Who is the director of National Geology and Mining Service?"), over
the passages retrieved for it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from spacy.tokens import Span, Token

from embeddings import Embedder
from rag.answer.evidence import Evidence
from rag.answer.kinds import ALLOWED_FOR, head_kind
from rag.answer.question import QuestionAnalysis
from rag.answer.roles import tree_distance
from rag.nlp import NAME_LABELS, content_lemmas, lemma, names_match, norm_text

CLAUSE_DEPS = frozenset({"relcl", "acl"})
PARTICIPLE_TAGS = frozenset({"VBN", "VBG"})  # "the company chaired by X", "the dispute heading to court"
MIN_DESCRIPTION_WORDS = 2  # content words of the clause, the noun aside
MIN_SHARED = 0.5  # share of the description's words the describing sentence has
NAMING_DEPS = frozenset({"compound", "nmod", "appos"})  # "the Los Halcones copper mine", "Venn, the researcher"
BRIDGE_LABELS = NAME_LABELS - {"NORP"}  # "a Chilean mine" says where the mine is, not which
MAX_DISTANCE = 3  # steps in the parse from the name to a word the sentence shares with the description


@dataclass(frozen=True, slots=True)
class Description:
    """A noun of the question described by a clause: "the agency whose rescue teams dug the bypass tunnel"."""

    noun: Token
    start: int  # token range of the whole description in the question
    end: int

    @property
    def text(self) -> str:
        return self.noun.doc[self.start : self.end].text

    @property
    def words(self) -> set[str]:
        return content_lemmas(self.noun.doc[self.start : self.end])


def _clause_noun(clause: Token) -> Token | None:
    """The noun a describing clause is on: the last noun before it (the parser may hang "chaired by X" in
    "an opinion to the board of the company chaired by X" on "opinion")."""
    doc = clause.doc
    return next((doc[i] for i in range(clause.left_edge.i - 1, -1, -1) if doc[i].pos_ in ("NOUN", "PROPN")
                 and not (doc[i].dep_ == "compound" and doc[i].head.i < clause.left_edge.i)), None)


def _describing(tok: Token) -> bool:
    """Is this verb a clause that describes the noun before it: a relative clause with its relative word
    ("that operates", "whose rescue teams dug", "where X suffered"; not "that" opening a complement the
    parser took for one), or a participle ("chaired by X", which the parser may hang on the verb)?"""
    if tok.dep_ == "relcl":
        return not any(c.dep_ == "mark" for c in tok.children)
    if tok.dep_ == "advcl":  # "advised the board of the company chaired by X", the parser's reading of it
        return tok.tag_ == "VBN" and any(c.dep_ == "agent" for c in tok.children) and (
            tok.i > 0 and tok.doc[tok.i - 1].pos_ == "NOUN")
    return tok.dep_ == "acl" and tok.tag_ in PARTICIPLE_TAGS


def description(q: QuestionAnalysis) -> Description | None:
    """The described noun of a wh-question, if it has one (not the noun asked about:
    "Which firm was hired to provide cover?" describes what it asks for); of descriptions inside one
    another ("the consortium led by the company whose finance director is X"), the innermost."""
    if q.form != "wh" or not q.wants_short:
        return None
    asked = next((t.i for t in q.doc if t.pos_ == "NOUN" and t.lemma_.lower() == q.head), None) if q.head else None
    found = None
    for clause in q.doc:
        if not _describing(clause) or len(content_lemmas(clause.subtree)) < MIN_DESCRIPTION_WORDS:
            continue
        noun = _clause_noun(clause)
        if noun is None or noun.pos_ != "NOUN" or noun.i == asked:
            continue
        if noun.dep_ in ("nsubj", "attr") and noun.head.lemma_ == "be":
            continue  # "Who is the man who ...": the noun asked about
        found = Description(noun, noun.left_edge.i, clause.right_edge.i + 1)
    return found


def _fits(noun: Token, ent: Span, labels: dict[str, set[str]]) -> bool:
    """Is this name of the kind the noun is (an organisation for "operator", a person for "researcher"), by its
    label here or any the evidence gives it or a shorter or longer form of it elsewhere ("Savanna Mobile", taken
    for a place, is the organisation "Savanna")?"""
    kind = head_kind(lemma(noun))
    if kind not in ("person", "org", "place"):
        return False
    given = {ent.label_}.union(*(found for name, found in labels.items() if names_match(name, norm_text(ent.text))))
    return bool(given & ALLOWED_FOR[kind][1])


def _named_by(noun: Token, ent: Span) -> bool:
    """Does the text call this name by the noun ("the Los Halcones copper mine", "Venn, the researcher")?"""
    root = ent.root
    word = lemma(noun)
    if lemma(ent[-1]) == word or (root.dep_ in NAMING_DEPS and lemma(root.head) == word):
        return True  # "the Digital Services Appeals Tribunal", "the Los Halcones copper mine"
    return any(c.dep_ == "appos" and lemma(c) == word for c in root.children)


def _name(ent: Span) -> str:
    """A name as the question can take it: "Van Houten Infra" of "Van Houten Infra's"; with the short name in
    brackets after it ("the National Geology and Mining Service (Sernageomin)"), which is then no answer either."""
    name = ent[:-1].text if len(ent) > 1 and ent[-1].tag_ == "POS" else ent.text
    doc, end = ent.doc, ent.end
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")" and doc[end + 1].pos_ == "PROPN":
        name = f"{name} ({doc[end + 1].text})"
    return name


def resolve(q: QuestionAnalysis, d: Description, ev: Evidence, embedder: Embedder) -> tuple[str, int] | None:
    """The name the description stands for in the evidence, with the sentence that describes it, or None
    when no sentence tells it."""
    if not ev.spans:
        return None
    words = d.words - {lemma(d.noun)}
    vec = np.asarray(embedder.embed_query(d.text), dtype=np.float32)
    sims = ev.vectors @ vec
    asked = [n for n, _ in q.names]
    named = [n for n in asked if n in d.text]  # the names the description gives must be in its sentence
    best: tuple[float, int] | None = None
    for i, sent in enumerate(ev.spans):
        shared = content_lemmas(sent) & words
        if len(shared) < MIN_SHARED * len(words):
            continue
        if any(not any(names_match(n, e.text) for e in sent.ents) for n in named):
            continue
        if best is None or sims[i] > best[0]:
            best = (float(sims[i]), i)
    if best is None:
        return None
    at = best[1]
    sent = ev.spans[at]
    doc_id = ev.sentences[at].hit.chunk.doc_id

    def new(ent: Span) -> bool:
        return ent.label_ in BRIDGE_LABELS and not any(names_match(ent.text, n) for n in asked)

    # a name the article calls by the noun ("the Los Halcones copper mine"); of several, the one it names most
    article = [s for i, s in enumerate(ev.spans) if ev.sentences[i].hit.chunk.doc_id == doc_id]
    called = [_name(e) for s in article for e in s.ents if new(e) and _named_by(d.noun, e)]
    if called:
        counts = {c: sum(names_match(c, e.text) for s in article for e in s.ents) for c in called}
        return max(called, key=lambda c: counts[c]), at
    anchors = [t for t in sent if lemma(t) in words]
    labels: dict[str, set[str]] = {}
    for other in ev.spans:
        for e in other.ents:
            labels.setdefault(norm_text(e.text), set()).add(e.label_)
    fitting = [e for e in sent.ents if new(e) and _fits(d.noun, e, labels)]
    if not fitting or not anchors:
        return None
    near = min(fitting, key=lambda e: min(tree_distance(e.root, a) for a in anchors))
    return (_name(near), at) if min(tree_distance(near.root, a) for a in anchors) <= MAX_DISTANCE else None


def rewritten(d: Description, name: str) -> str:
    """The question with the name in place of the description."""
    doc = d.noun.doc
    before = doc[: d.start].text_with_ws if d.start else ""
    after = doc[d.end :].text if d.end < len(doc) else ""
    sep = " " if after and after[0] not in "?.,!" else ""
    return f"{before}{name}{sep}{after}".strip()
