"""Questions about what a named person is: "Who is Rui Alves?", "What is Maria Lopes's job?",
"What position does Ana Costa hold?". The answer is the title or description the text gives the
person: the title before the name ("Transport Secretary Maria Lopes"), a description in apposition
("Rui Alves, the city's chief engineer", "the city's chief engineer, Rui Alves") or after "is"
("Alves is the head of the water agency"), never another person's name.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from rag.nlp import entity_of, is_name_word, norm_text, of_objects

# Nouns that ask for what someone is by occupation or rank (English, not any corpus's).
ROLE_NOUNS = frozenset("job title role position post office occupation profession rank".split())
HAVE_VERBS = frozenset("hold have occupy fill".split())
# Words that attach a modifier into a title ("US Army Secretary", "former Prime Minister").
TITLE_DEPS = frozenset({"compound", "amod", "nmod"})
# What does not belong to a description: a clause about it, or the punctuation around it.
OUTSIDE_DEPS = frozenset({"relcl", "acl", "punct", "cc", "conj", "advcl"})


def person_asked(doc: Doc) -> list[str] | None:
    """The words of the name of the person whose title the question asks for, or None.

    "Who is X?" (only the name after "is"), "What is X's job/role/title?", "What is the title of X?",
    "What position/role does X hold/have?"."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return None
    wh = next((t for t in doc if t.lower_ in ("who", "what", "which")), None)
    if wh is None:
        return None
    if root.lemma_ == "be":
        subj = next((c for c in root.children if c.dep_ in ("nsubj", "attr") and c.i != wh.i), None)
        if subj is None:
            return None
        if wh.lower_ == "who" and is_name_word(subj) and not _content_beyond(doc, _name_tokens(subj), wh, root):
            return _words(_name_tokens(subj))  # "Who is Rui Alves?"
        if wh.lower_ == "what" and subj.lemma_.lower() in ROLE_NOUNS:
            owner = [c for c in subj.children if c.dep_ == "poss" and c.pos_ == "PROPN"]
            owner += of_objects(subj, "PROPN")
            return _words(_name_tokens(owner[0])) if owner else None
        return None
    if root.lemma_ in HAVE_VERBS and wh.head.lemma_.lower() in ROLE_NOUNS and wh.head.head.i == root.i:
        subj = next((c for c in root.children if c.dep_ == "nsubj" and c.pos_ == "PROPN"), None)
        return _words(_name_tokens(subj)) if subj is not None else None
    return None


def _name_tokens(tok: Token) -> list[Token]:
    """A proper noun with the proper nouns compounded into it ("Rui Alves")."""
    left = [t for t in tok.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
    return [*left, tok]


def _words(toks: Sequence[Token]) -> list[str]:
    return norm_text(" ".join(t.text for t in toks if t.dep_ != "case")).split()


def _content_beyond(doc: Doc, name: Sequence[Token], *others: Token) -> bool:
    """Does the question say more than the wh-word, "is" and the name ("Who is X's lawyer?")?"""
    skip = {t.i for t in (*name, *others)}
    return any(t.i not in skip and not t.is_punct for t in doc)


def title_of(name: Sequence[str], sent: Span) -> str | None:
    """The title or description ``sent`` gives the person named ``name`` (its words), or None."""
    if not name:
        return None
    surname = name[-1]
    for tok in sent:
        if tok.lower_ != surname or not tok.text[:1].isupper():  # the question says it is a name
            continue
        # a description says more than a title of address before the name ("the clinic's medical
        # director, Dr. Amira Haddad"; "Local resident Maria Ortiz, a nurse")
        found = _description(tok) or _title_before(sent.doc, _name_start(tok, name), tok)
        if found:
            return found
    return None


def _name_start(surname: Token, name: Sequence[str]) -> int:
    """Where the person's name starts in the text: at the entity holding the surname, else at the
    first of the question's name words before it."""
    ent = entity_of(surname, {"PERSON"})
    if ent is not None:
        return ent.start
    start = surname.i
    doc = surname.doc
    while start > 0 and doc[start - 1].lower_ in name[:-1]:
        start -= 1
    return start


def _title_before(doc: Doc, start: int, surname: Token) -> str | None:
    """The modifiers run into the name from the left: "US Army Secretary" in "US Army Secretary Dan Driscoll"."""
    i = start
    while i > 0:
        prev = doc[i - 1]
        if prev.dep_ not in TITLE_DEPS or not (i - 1 < prev.head.i <= surname.i) or prev.is_punct:
            break
        i -= 1
    if i == start or not any(t.pos_ in ("NOUN", "PROPN") for t in doc[i:start]):
        return None
    return doc[i:start].text


def _description(surname: Token) -> str | None:
    """A description in apposition to the name, either way round, or after "is" with the name as subject."""
    apposed = [c for c in surname.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
    if apposed:
        return _phrase(apposed[0])
    if surname.dep_ == "appos" and surname.head.pos_ == "NOUN":
        return _phrase(surname.head, skip=surname)
    if surname.dep_ == "nsubj" and surname.head.lemma_ == "be":
        attr = [c for c in surname.head.children if c.dep_ == "attr" and c.pos_ == "NOUN"]
        if attr:
            return _phrase(attr[0])
    return None


def _phrase(noun: Token, skip: Token | None = None) -> str:
    """A noun with its modifiers and "of" phrases, without clauses about any of them (or the ``skip`` branch)."""
    def kept(tok: Token) -> bool:
        while tok.i != noun.i:
            if tok.dep_ in OUTSIDE_DEPS or (skip is not None and tok.i == skip.i):
                return False
            tok = tok.head
        return True

    toks = [t for t in noun.subtree if kept(t)]
    first = toks[0]
    if len(toks) > 1 and first.head.i == noun.i and first.dep_ in ("det", "poss") and first.pos_ in ("DET", "PRON"):
        toks = toks[1:]  # "a nurse", "its chief executive": the article or pronoun is not the title
    return noun.doc[toks[0].i : toks[-1].i + 1].text.strip(" ,")
