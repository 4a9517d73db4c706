"""Where a thing is from, when a question asks for one of a given origin ("Which Moroccan firm ...?", "Which US
company ...?", "Which Swiss antitrust authority ...?").

A name's origin is what the text sets on the name itself or on the noun it is given as ("Morocco's Atlas
Engineering", "U.S. private equity firm Halsey Ridge", "X, a German company"), not what the rest of its sentence
mentions (nor where it is based: "the Mainz-based drugmaker X" is not read). A nationality and its country are one
origin: WordNet relates the adjective to its country ("Moroccan": Morocco) and :func:`rag.lexicon.same_government`
gives the country's other names ("American": America, United States, U.S., US). Knowledge of no corpus: WordNet's
and the parse's.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from spacy.tokens import Span, Token

from rag.answer.kinds import called_alike
from rag.answer.question import QuestionAnalysis
from rag.lexicon import same_government
from rag.nlp import names_match, norm_text
from rag.wordnet import senses, synset

PERTAINYM = "\\"  # WordNet's pointer from an adjective to the noun it pertains to ("Moroccan" -> "Morocco")
ORIGIN_LABELS = frozenset({"NORP", "GPE"})
ORIGIN_DEPS = frozenset({"amod", "compound", "poss", "nmod"})


@lru_cache(maxsize=1024)
def origin_names(word: str) -> frozenset[str]:
    """The names one origin goes by, lower case: "moroccan" -> moroccan, morocco, maroc, ...; "us" -> us, america,
    united states, ..."""
    key = norm_text(word)
    found = {key}
    for off in senses(key.replace(" ", "_"), "adj"):
        for t_off, t_file in synset("adj", off).targets(PERTAINYM, key):
            found |= {w.replace("_", " ").lower() for w in synset(t_file, t_off).words}
    for name in list(found):
        found |= {norm_text(n) for n in same_government(name)} | {norm_text(n) for n in same_government(name.title())}
    return frozenset(n for n in found if n)


def _origins_on(noun: Token) -> list[str]:
    """The nationalities and countries set on a noun ("Moroccan", "Morocco's", "U.S.")."""
    out = []
    for c in noun.children:
        if c.dep_ in ORIGIN_DEPS and c.ent_type_ in ORIGIN_LABELS:
            ent = next((e for e in noun.doc.ents if e.start <= c.i < e.end), None)
            out.append(ent.text if ent is not None else c.text)
    return out


def asked_origin(q: QuestionAnalysis) -> str | None:
    """The origin the question puts on the noun it asks about ("Moroccan" of "Which Moroccan firm ...?") or counts
    ("Russian" of "How many Russian troops ...?")."""
    head = q.head_token
    if head is None and q.counted:
        head = next((t for t in q.doc if t.pos_ == "NOUN" and t.lemma_.lower() == q.counted), None)
    if head is None:
        return None
    found = _origins_on(head)
    return found[0] if found else None


def span_origins(span: Span) -> list[str]:
    """The origins the text sets on a candidate name: on the name, on the noun it is given as in a compound or in
    apposition ("U.S. private equity firm Halsey Ridge", "Halsey Ridge, a U.S. firm")."""
    root = span.root
    nouns = [root, *(c for c in root.children if c.dep_ == "appos" or (
        c.dep_ == "compound" and c.pos_ == "NOUN" and c.i < span.start))]
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        nouns.append(root.head)
    return [o for n in nouns for o in _origins_on(n) if not (span.start <= n.i < span.end and o in span.text)]


def origin_agrees(asked: str, span: Span) -> bool | None:
    """True when the text sets the asked origin on the candidate, False when it sets only others, None when
    it sets none."""
    said = span_origins(span)
    if not said:
        return None
    return _one_of(said, asked)


def _one_of(said: Sequence[str], asked: str) -> bool:
    """Is one of the origins said the asked one, by any of their names?"""
    names = origin_names(asked)
    return any(_same_place(a, b) for s in said for a in origin_names(s) for b in names)


def _same_place(a: str, b: str) -> bool:
    """One name, or one ending with the other ("south korea" / "korea")."""
    return a == b or a.endswith(" " + b) or b.endswith(" " + a)


def other_origin_phrase(asked: str, span: Span) -> bool:
    """Does a phrase's own nationality or country set another origin on its noun than the asked one ("Ukrainian
    missile strikes" for "What type of Russian attack ...?")?"""
    # "Ukrainian missile strikes": the nationality may sit on a noun compounded with the head
    said = [o for n in (span.root, *(c for c in span.root.children if c.dep_ == "compound" and c.pos_ == "NOUN"))
            for o in _origins_on(n)]
    return bool(said) and not _one_of(said, asked)


def origin_rank(asked: str, span: Span) -> int:
    """0 for a name the text gives the asked origin, 1 for one it gives none, 2 for one it gives another."""
    agrees = origin_agrees(asked, span)
    return 1 if agrees is None else 0 if agrees else 2


def origin_said(asked: str, sent: Span) -> bool:
    """Does the sentence name the asked origin anywhere: as a nationality or a country ("Portuguese", "Portugal's"),
    or inside a name ("the Korea Exchange")?"""
    names = origin_names(asked)
    for ent in sent.ents:
        words = f" {norm_text(ent.text)} "
        if any(f" {n} " in words for n in names) or (
                ent.label_ in ORIGIN_LABELS and any(_same_place(a, b) for a in origin_names(ent.text) for b in names)):
            return True
    return False


def answer_of_origin(asked: str, name: str | None, said_in: int, sents: Sequence[Span]) -> bool:
    """May the answer given by sentence ``said_in`` of ``sents`` be the thing of the asked origin: does that
    sentence name the origin, or, for a ``name``, another sentence that names it too? "Which Portuguese club does X
    own part of?" over "X owns 25% of Holcroft Town", where no passage says Portuguese, has no answer, nor "How many
    Russian troops ...?" over "Ukraine is to cut its armed forces to 600,000 troops": the origin is what picks the
    thing out, and the evidence gives it to nothing."""
    if origin_said(asked, sents[said_in]):
        return True
    return name is not None and any(origin_said(asked, s) and any(names_match(name, e.text) for e in s.ents)
                                    for s in sents)


NAMED_LABELS = frozenset({"ORG", "PERSON", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT"})  # what names a thing itself


def unnamed_of_origin(asked: str, head: str, sents: Sequence[Span]) -> int | None:
    """The first of ``sents`` that speaks of a thing of the asked kind and origin without naming it ("A Chinese
    drugmaker had held talks with Hanul", "a club in Portugal's second division, which it did not name"), if any:
    the evidence then knows such a thing and leaves it unnamed. A company, a group or a firm are one kind."""
    for i, sent in enumerate(sents):
        for tok in sent:
            if (tok.pos_ != "NOUN" or tok.ent_type_
                    or not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children)
                    or not called_alike(tok.lemma_.lower(), head)):
                continue
            phrase = tok.doc[tok.left_edge.i : tok.right_edge.i + 1]
            if origin_said(asked, phrase) and not any(e.label_ in NAMED_LABELS for e in phrase.ents):
                return i
    return None
