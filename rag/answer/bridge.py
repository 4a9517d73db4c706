"""Two-hop questions: what the question asks of a thing it names only by a description.

"Who is the director of the agency whose rescue teams dug the bypass tunnel?" asks about an agency that
one article names ("Rescue teams from the National Geology and Mining Service (Sernageomin) ... dug a
bypass tunnel") and another gives the director of ("The agency's director, Rodrigo Espinoza"). The
passages retrieved for the whole question are those of the description, and the sentence that matches
the question best is the one describing the agency, which names no director.

So the description (a noun of the question with a relative clause, or a participle clause, on it) is
resolved first: a name the article of the sentence closest to it calls by the noun ("the Los Halcones
copper mine"), or else, in the closest sentence that has one, the name of the kind the noun is (an
organisation for "agency", a person for "researcher") nearest to the words it shares with the
description; never one the question names, nor one the text calls by another noun of the description
("Fisheries Minister Rachel Tremblay" is the minister of "the scientist whose work was cited in the
assessments the fisheries minister ordered"). The question is then asked again with the name in place of
the description ("Who is the director of the National Geology and Mining Service (Sernageomin)?"), over
the passages retrieved for it. Of descriptions inside one another, the innermost one the evidence
resolves is taken.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from spacy.tokens import Span, Token

from embeddings import Embedder
from rag.answer.evidence import Evidence
from rag.answer.kinds import ALLOWED_FOR, head_kind
from rag.answer.names import named_by
from rag.answer.question import QuestionAnalysis
from rag.answer.roles import tree_distance
from rag.dateline import dateline
from rag.nlp import NAME_LABELS, content_lemmas, lemma, names_match, norm_text

MIN_DESCRIPTION_WORDS = 2  # content words of the clause, the noun aside
MIN_SHARED = 0.5  # share of the description's words the describing sentence has
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
    parser took for one), or a participle ("heading to court", "chaired by X", which the parser may hang on
    the verb)?"""
    if tok.dep_ == "relcl":
        return not any(c.dep_ == "mark" for c in tok.children)
    # a past participle only with its agent ("chaired by X"): "the regulator imposed on X" is a misread "the
    # penalty the regulator imposed on X"
    by_agent = tok.tag_ == "VBN" and any(c.dep_ == "agent" for c in tok.children)
    if tok.dep_ == "advcl":  # "advised the board of the company chaired by X", the parser's reading of it
        return by_agent and tok.i > 0 and tok.doc[tok.i - 1].pos_ == "NOUN"
    return tok.dep_ == "acl" and (tok.tag_ == "VBG" or by_agent)


def descriptions(q: QuestionAnalysis) -> list[Description]:
    """The described nouns of a wh-question (not the noun asked about: "Which firm was hired to provide cover?"
    describes what it asks for), the innermost of descriptions inside one another first ("the company whose
    finance director is X" before "the consortium led by the company whose ...")."""
    if q.form != "wh" or not q.wants_short:
        return []
    asked = q.head_token.i if q.head_token is not None else None
    found = []
    for clause in q.doc:
        if not _describing(clause) or len(content_lemmas(clause.subtree)) < MIN_DESCRIPTION_WORDS:
            continue
        noun = _clause_noun(clause)
        if noun is None or noun.pos_ != "NOUN" or noun.i == asked:
            continue
        if noun.dep_ in ("nsubj", "attr") and noun.head.lemma_ == "be" and q.wh != "quantity":
            continue  # "Who is the man who ...": the noun asked about ("How old is the man who ...": what is measured)
        found.append(Description(noun, noun.left_edge.i, clause.right_edge.i + 1))
    return found[::-1]


def _fits(noun: Token, ent: Span, labels: dict[str, set[str]]) -> bool:
    """Is this name of the kind the noun is (an organisation for "operator", a person for "researcher"), by its
    label here or any the evidence gives it or a shorter or longer form of it elsewhere ("Savanna Mobile", taken
    for a place, is the organisation "Savanna")?"""
    kind = head_kind(lemma(noun))
    if kind not in ("person", "org", "place"):
        return False
    given = {ent.label_}.union(*(found for name, found in labels.items() if names_match(name, norm_text(ent.text))))
    return bool(given & ALLOWED_FOR[kind][0])


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
    words = d.words - {lemma(d.noun)}
    asked = [n for n, _ in q.names]
    named = [n for n in asked if n in d.text]  # the names the description gives must be in its sentence
    told = [i for i, sent in enumerate(ev.spans) if len(content_lemmas(sent) & words) >= MIN_SHARED * len(words)
            and all(any(names_match(n, e.text) for e in sent.ents) for n in named)]
    if not told:
        return None
    sims = ev.vectors @ np.asarray(embedder.embed_query(d.text), dtype=np.float32)
    told.sort(key=lambda i: -float(sims[i]))
    labels: dict[str, set[str]] = {}
    for sent in ev.spans:
        for e in sent.ents:
            labels.setdefault(norm_text(e.text), set()).add(e.label_)
    kind = head_kind(lemma(d.noun))
    others = [t for t in d.noun.doc[d.start : d.end] if t.pos_ == "NOUN" and t.i != d.noun.i]

    def candidate(ent: Span) -> bool:
        # not a name the question gives, nor one the text calls by another noun of the description ("Fisheries
        # Minister Rachel Tremblay" for "the scientist whose work was cited in the assessments the fisheries
        # minister ordered"; "Savanna Mobile spokesperson X" does not make the firm a spokesperson); of the
        # noun's kind if it has one ("Fisheries scientists" name no scientist); a wire dateline's agency is the
        # reporter, not what is described; a name that ends in the noun is called by it, whatever other noun or name
        # of the description it carries ("the Vescara Port Authority" for "the authority that runs the port of
        # Vescara")
        called = named_by(d.noun, ent)
        return (ent.label_ in BRIDGE_LABELS and not dateline(ent) and not any(_given(ent, n, called) for n in asked)
                and (called or not any(named_by(t, ent) and (
                    head_kind(lemma(t)) is None or _fits(t, ent, {})) for t in others))
                and (kind is None or _fits(d.noun, ent, labels)))

    # a name the best sentence's article calls by the noun ("the Los Halcones copper mine"); of several, the one
    # it names most
    doc_id = ev.sentences[told[0]].hit.chunk.doc_id
    article = [s for i, s in enumerate(ev.spans) if ev.sentences[i].hit.chunk.doc_id == doc_id]
    called = [_name(e) for s in article for e in s.ents if candidate(e) and named_by(d.noun, e)]
    if called:
        counts = {c: sum(names_match(c, e.text) for s in article for e in s.ents) for c in called}
        return max(called, key=lambda c: counts[c]), told[0]
    if kind is None:
        return None
    # else the name of the noun's kind nearest the words the sentence shares with the description, in the
    # closest sentence that has one near enough
    for i in told:
        anchors = [t for t in ev.spans[i] if lemma(t) in words]
        near = [(min(tree_distance(e.root, a) for a in anchors), e) for e in ev.spans[i].ents if candidate(e)]
        if near and anchors and (best := min(near, key=lambda x: x[0]))[0] <= MAX_DISTANCE:
            return _name(best[1]), i
    return None


def _given(ent: Span, name: str, called: bool) -> bool:
    """Is this the name the question gives (or one it is part of), not a longer one the text calls by the noun
    described ("the Vescara Port Authority" for "the authority that runs the port of Vescara")?"""
    return names_match(ent.text, name) and not (
        called and len(norm_text(ent.text).split()) > len(norm_text(name).split()))


def rewritten(d: Description, name: str) -> str:
    """The question with the name in place of the description."""
    doc = d.noun.doc
    before = doc[: d.start].text_with_ws if d.start else ""
    after = doc[d.end :].text if d.end < len(doc) else ""
    sep = " " if after and after[0] not in "?.,!" else ""
    return f"{before}{name}{sep}{after}".strip()
