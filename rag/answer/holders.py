"""Who holds a post: "Who is the managing director of Pemba Star Shipping?", "Who will be chief financial officer
of Nordkyst Bank?", "Who is the owner of Medisur?".

Such a question asks for the person a passage says holds the post, so the answer's sentence must say the post: its
noun or a word WordNet gives for its first sense ("chair" for "chairman"), a verb WordNet derives it from ("owns" for
"owner", "chaired by" for "chairman"), its initials as an acronym ("CFO" for "chief financial officer"), or, for an
acronym asked, words that spell its start ("chief executive" for "CEO"). A
sentence that names people but not the post ("Fjordbanken's chief executive, Ingrid Solberg, will become CEO" for the
chief financial officer) does not answer it; when no candidate's sentence says the post, the corpus does not say who
holds it. A "Which official ...?" question is not asked so: there the noun is a kind of person and the question's
verb says which one; nor is "Who is the individual whose ...?" or "Who is the official quoted by ...?", which
describe a person by what they did; nor is "Who is the head of X?", which asks for whoever is in charge, whatever
their title (:mod:`rag.answer.leaders`).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from rag.answer.kinds import first_sense_kind, head_kind
from rag.answer.leaders import LEADER_NOUNS
from rag.answer.question import QuestionAnalysis
from rag.lexicon import derived_nouns, synonyms
from rag.nlp import lemma, norm_text

POST_DEPS = frozenset({"attr", "nsubj"})  # "Who is the owner?" / "Who will be chief financial officer?"
DESCRIBING_DEPS = frozenset({"relcl", "acl"})
PERSON = "person"  # WordNet's noun for anyone: its own synonyms ("individual", "someone") name no post
MIN_SPELLED = 2  # letters of an acronym a title must spell out ("chief executive" for "CEO")


def asked_post(q: QuestionAnalysis) -> Token | None:
    """The noun of the post a "Who is the X?" question asks the holder of (a person by its kind), or None."""
    if q.wh != "who" or q.slot is None or q.slot[2] != "be" or not q.head:
        return None
    post = next((t for t in q.doc if t.pos_ == "NOUN" and lemma(t) == q.head and t.dep_ in POST_DEPS
                 and lemma(t.head) == "be"), None)
    if post is None or q.head in LEADER_NOUNS or (head_kind(q.head) or first_sense_kind(q.head)) != "person":
        return None  # whoever is in charge, whatever their title, is read by rag.answer.leaders
    # "Who is the individual whose fraud ...?", "Who is the official quoted by the FT?": a person described by what
    # they did, not a post
    if q.head in synonyms(PERSON) or any(c.dep_ in DESCRIBING_DEPS for c in post.children):
        return None
    return post


def _initials(post: Token) -> str:
    """The initials of the post's words, its modifiers before it included ("cfo" for "chief financial officer")."""
    words = [t for t in post.lefts if t.dep_ in ("amod", "compound")] + [post]
    return "".join(t.lower_[0] for t in words) if len(words) > 1 else ""


def _spelled(acronym: str, sent: Span) -> bool:
    """Does the sentence spell out the start of the acronym asked for, at least two of its letters ("chief executive"
    for "CEO", "chief financial officer" for "CFO")?"""
    letters = acronym.lower()
    words = [t.lower_ for t in sent]
    for n in range(len(letters), MIN_SPELLED - 1, -1):
        if any("".join(w[0] for w in words[i:i + n]) == letters[:n] for i in range(len(words) - n + 1)):
            return True
    return False


def names_post(post: Token, sent: Span) -> bool:
    """Does the sentence say the post, in any of the ways the module docstring lists?"""
    noun = lemma(post)
    words = synonyms(noun, "noun", 1)
    text = f" {norm_text(sent.text)} "
    if any(f" {w.replace('_', ' ')} " in text for w in words if " " in w or "_" in w):
        return True
    if post.is_upper and len(post.text) >= MIN_SPELLED and _spelled(post.text, sent):
        return True
    initials = _initials(post)
    for tok in sent:
        said = lemma(tok)
        if said in words or tok.lower_ in words:
            return True
        if tok.pos_ == "VERB" and noun in derived_nouns(said):
            return True
        if initials and tok.is_upper and tok.lower_.startswith(initials):
            return True
    return False


__all__ = ["asked_post", "names_post"]
