"""Who is in charge of a body: "Who runs the authority?", "Who leads the union?", "Who is the boss of the company?".

News text seldom says "X runs the authority"; it gives the person a title: "Daniel Kiprop, the authority's
director-general", "Minera Tres Cumbres chief executive Andrés Salgado", "the union's general secretary, Siobhán
Keane". A person answers such a question when a title the text gives them is, by WordNet, a kind of leader
(director, chief executive, secretary, chairman, president, governor ...), not a deputy's, and not another
body's ("the hospital's chief executive" does not lead the union), or when a verb of leading says so ("an
inquiry chaired by X", "X, who heads the union").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Span, Token

from rag.answer.about import RANK_WORDS
from rag.answer.clauses import lemma_match
from rag.answer.names import named_by
from rag.answer.titles import TITLE_DEPS
from rag.lexicon import is_kind_of
from rag.nlp import entity_of, is_name_word, names_match, possessed

# English verbs that say someone is in charge of something, not any corpus's
LEADING_VERBS = frozenset("lead head run chair manage direct helm oversee".split())
# English nouns that ask for whoever is in charge, whatever their title ("Who is the boss of X?")
LEADER_NOUNS = frozenset("leader head boss chief".split())
BODY_LABELS = frozenset({"ORG", "GPE", "NORP"})  # what a pronoun owner of a title may stand for
LEADER = "leader"  # WordNet's noun every title of someone in charge is a kind of
TITLE_POS = frozenset({"NOUN", "PROPN", "ADJ"})  # the parser tags "director-general" as its adjective "general"
RUN_IN_POS = frozenset({"NOUN", "ADJ", "VERB", "PUNCT"})  # "managing director", "director-general"
ABOUT_DEPS = frozenset({"prep", "relcl", "acl", "appos"})  # phrases about a body, not its name
MAX_PHRASE_STEPS = 3  # the name, the preposition it hangs on, the title
PASSIVE_AGENT = ("agent", "prep")  # "led by X": the parser's "by" is an agent or a preposition


def led_body(doc: Iterable[Token]) -> Token | None:
    """The noun of the body a who-question asks the leader of: the object of "Who runs/leads/heads X?", or what
    "Who is the boss/head/leader of X?" or "Who is X's boss?" names; None for any other question."""
    wh = next((t for t in doc if t.lower_ == "who"), None)
    # "Which prosecutor headed the case?": the noun the wh-word determines is the subject, when only a person can be
    asker = next((t.head for t in doc if t.lower_ in ("which", "what") and t.dep_ == "det" and t.head.pos_ == "NOUN"
                  and is_kind_of(t.head.lemma_.lower(), "person")), None)
    for subject in (wh, asker):
        if subject is not None and subject.dep_ == "nsubj" and subject.head.lemma_.lower() in LEADING_VERBS:
            return next((c for c in subject.head.children if c.dep_ == "dobj"), None)
    if wh is None:
        return None
    verb = wh.head
    if wh.dep_ in ("attr", "nsubj") and verb.lemma_ == "be":
        noun = next((c for c in verb.children if c.dep_ in ("nsubj", "attr") and c.i != wh.i
                     and c.lemma_.lower() in LEADER_NOUNS), None)
        if noun is None:
            return None
        return next((o for c in noun.children for o in ([c] if c.dep_ == "poss" else
                     [g for g in c.children if g.dep_ == "pobj"] if c.dep_ == "prep" and c.lower_ == "of" else [])),
                    None)
    return None


@dataclass(frozen=True, slots=True)
class Title:
    """The words of a title the text gives a person, and the words saying whose it is, as written."""

    words: tuple[Token, ...]
    owner: tuple[Token, ...]


def title_of_person(name: Span) -> Title | None:
    """The title the text gives the person ``name`` (their entity): in apposition either way round ("Kiprop,
    the authority's director-general"; "general secretary of the union, Nomvula Jacobs"), or run into the name
    ("Minera Tres Cumbres chief executive Andrés Salgado", "INAHU general secretary Siobhán Keane")."""
    root = name.root
    apposed = next((c for c in root.children if c.dep_ == "appos" and c.ent_type_ != "PERSON"), None)
    if apposed is None and root.dep_ == "appos" and root.head.ent_type_ != "PERSON":
        apposed = root.head
    if apposed is not None and apposed.pos_ in TITLE_POS:
        return _apposed_title(apposed)
    return _run_in_title(name)


def _apposed_title(head: Token) -> Title:
    words = [head, *(c for c in head.children if c.dep_ in TITLE_DEPS and not is_name_word(c))]
    owner = [c for c in head.children if c.dep_ == "poss" or (c.dep_ in TITLE_DEPS and is_name_word(c))]
    # "general secretary of the union", "Director general of the DCA" (the "of" on either word)
    owner += [o for w in words for c in w.children if c.dep_ == "prep" and c.lower_ == "of"
              for o in c.children if o.dep_ == "pobj"]
    return Title(tuple(sorted(words, key=lambda t: t.i)), tuple(owner))


def _run_in_title(name: Span) -> Title | None:
    """The lower-case words right before the name ("chief executive"), and the name words before them."""
    doc, i = name.doc, name.start
    words: list[Token] = []
    while i > name.sent.start and doc[i - 1].pos_ in RUN_IN_POS and (
            doc[i - 1].is_lower or doc[i - 1].text == "-" or doc[i - 1].lower_ in RANK_WORDS
            or (i - 1 == name.sent.start and doc[i - 1].tag_ not in ("NNP", "NNPS"))):  # "Campaign manager X"
        i -= 1
        words.append(doc[i])
    if not any(t.pos_ == "NOUN" for t in words):
        return None
    owner: list[Token] = []
    if i > name.sent.start and doc[i - 1].tag_ == "POS":
        i -= 1  # "the CDA's director-general Daniel Kiprop"
    while i > name.sent.start and is_name_word(doc[i - 1]) and doc[i - 1].ent_type_ != "PERSON":
        i -= 1
        owner.append(doc[i])
    return Title(tuple(reversed(words)), tuple(reversed(owner)))


def _leader_title(title: Title) -> bool:
    """Is this title one of someone in charge ("director-general": its "director"), not a deputy's?"""
    if any(w.lower_ in RANK_WORDS for w in title.words):
        return False
    return any(w.pos_ in ("NOUN", "PROPN") and is_kind_of(w.lemma_.lower(), LEADER) for w in title.words)


def _own_words(body: Token) -> list[Token]:
    """The body's noun with the words that name it, without phrases about it ("the inquiry at X University")."""
    def own(tok: Token) -> bool:
        while tok.i != body.i:
            if tok.dep_ in ABOUT_DEPS:
                return False
            tok = tok.head
        return True

    return [t for t in body.subtree if own(t)]


def _same_body(owner: tuple[Token, ...], body: Token) -> bool:
    """Can the owner of a title be the body asked about? A pronoun stands for the body the sentence names before
    it; a common noun must be the body's noun ("the union's" for "the union"); a name must be the body's name when
    it has one, not a name the question gives something else ("Bedford Atlantic president" for "the inquiry at
    Bedford Atlantic University"), and else one the passage calls by the body's noun. No owner is no body's."""
    if owner and owner[0].pos_ == "PRON":
        # "its chairman, Kevin Mulcahy": the body the sentence names before it, if one
        before = [e for e in owner[0].sent.ents if e.label_ in BODY_LABELS and e.end <= owner[0].i]
        owner = tuple(before[-1]) if before else ()
    if not owner:
        return False  # "Chief executive Amina Wanjiru" may head any body the article speaks of
    written = " ".join(t.text for t in owner)
    if not any(is_name_word(t) for t in owner):
        # "the authority's" for "the authority" or for "Communications and Digital Authority"
        nouns = [body] if body.pos_ == "NOUN" else [t for t in _own_words(body) if t.pos_ in ("NOUN", "PROPN")]
        return any(lemma_match(t.lemma_.lower(), n.lemma_.lower()) for t in owner for n in nouns)
    own = " ".join(t.text for t in _own_words(body) if is_name_word(t))
    if own:
        return names_match(written, own)
    others = " ".join(t.text for t in body.subtree if is_name_word(t))
    if others and names_match(written, others):
        return False
    # a body the question names by a noun: the owner's name is one the passage calls by that noun ("Minera Tres
    # Cumbres, the company that operates the mine"; "the Irish Nurses and Allied Health Union (INAHU)")
    return any(names_match(e.text, written) and named_by(body, e) for e in owner[0].doc.ents)


def _leading_clause(root: Token, body: Token) -> bool:
    """Does a verb of leading make this person the one in charge of the body: "an inquiry chaired by X", "the
    inquiry was led by X", "X, who heads the union"?"""
    if root.dep_ == "pobj" and root.head.lower_ == "by" and root.head.dep_ in PASSIVE_AGENT:
        verb = root.head.head
        if verb.lemma_.lower() in LEADING_VERBS:
            led = verb.head if verb.dep_ == "acl" else next(
                (c for c in verb.children if c.dep_ == "nsubjpass"), None)
            return led is not None and lemma_match(led.lemma_.lower(), body.lemma_.lower())
    # "X, who heads the union"; the parser may hang the clause on a title the name is run into ("Director of Public
    # Prosecutions Grace Nyambura, who led the case")
    phrase = [root, *(a for a in root.ancestors if a.pos_ in ("NOUN", "PROPN", "ADP"))]
    for c in (c for tok in phrase[:MAX_PHRASE_STEPS] for c in tok.children):
        if c.dep_ == "relcl" and c.lemma_.lower() in LEADING_VERBS:
            obj = next((o for o in c.children if o.dep_ == "dobj"), None)
            return obj is not None and lemma_match(obj.lemma_.lower(), body.lemma_.lower())
    return False


def leads(root: Token, body: Token) -> bool:
    """Is the person whose name ends in ``root`` the one the text puts in charge of ``body`` (a noun of the
    question), by a leader's title that is not another body's, or by a verb of leading?"""
    name = entity_of(root, {"PERSON"})
    if name is None:
        return False
    title = title_of_person(name)
    if title is not None and _leader_title(title):
        # a title word may say whose it is: "campaign manager Marcus Tran" for "Who ran Deol's campaign?"
        naming = tuple(w for w in title.words
                       if w.pos_ == "NOUN" and lemma_match(w.lemma_.lower(), body.lemma_.lower()))
        if body.pos_ == "NOUN" and possessed(body) and not naming:
            # "Lumenta chief executive X" heads Lumenta, not "Lumenta's internal review": a body the question gives an
            # owner is headed by a title that names it ("campaign manager" for "Deol's campaign")
            return False
        return _same_body(title.owner or naming, body)
    return _leading_clause(root, body)


def leader_sentences(sents: Sequence[Span], body: Token | None) -> list[int]:
    """The sentences that put a person in charge of ``body`` (:func:`leads`), by their index."""
    if body is None:
        return []
    return [i for i, s in enumerate(sents) if any(leads(e.root, body) for e in s.ents if e.label_ == "PERSON")]


def role_of_kind(noun: Token, role: str) -> bool:
    """Is this noun a role that WordNet files as a kind of the asked one, given to a person in apposition
    ("Nomvula Jacobs, the union's general secretary" for "Which union leader ...?")?"""
    return (noun.pos_ == "NOUN" and noun.dep_ == "appos" and noun.head.ent_type_ == "PERSON"
            and is_kind_of(noun.lemma_.lower(), role))
