"""What a clause of a parsed sentence states: its words, its embedded questions and its negation.

A clause is a verb and its dependents, without the embedded clauses that have a subject of their own
(which state something of their own). An embedded question ("whether to sell", "what caused it")
asks rather than states. A clause is a denial when negation hangs on its verb ("did not respond"),
a negative determiner or pronoun is one of its arguments ("places no restrictions", "killed
nobody"), a claim's word carries a negative prefix ("unsafe", "unchanged"), or its verb completes one
whose complement did not happen ("refused to resign", "stopped selling", "was barred from running").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Token

from rag.lexicon import participle_of
from rag.nlp import WH_TAGS, is_negated
from rag.nlp import lemma as _lemma

CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "xcomp", "advcl", "relcl", "acl", "pcomp", "conj", "csubj"})
NEGATIVE_DETERMINERS = frozenset({"no", "neither", "never", "none"})
NEGATIVE_PRONOUNS = frozenset({"nobody", "nothing", "none", "noone"})  # "killed nobody", "nobody died"
NEGATIVE_ADVERBS = frozenset({"not", "n't", "never"})  # "did not sign", "never signed"
NEGATIVE_PREFIXES = ("non", "un", "in", "im", "il", "ir", "dis")
MIN_PREFIXED = 4  # a negative prefix on a shorter word is more likely part of another word
# Verbs whose complement did not happen ("refused to resign", "failed to pay", "declined to comment").
NEGATIVE_IMPLICATIVES = frozenset({"refuse", "fail", "decline", "neglect"})
# Verbs whose gerund no longer or never happens ("stopped selling", "avoided paying") ...
ENDING_VERBS = frozenset({"stop", "cease", "quit", "avoid"})
# ... and verbs and adjectives that keep what their "from" complement names from happening ("was barred from
# running", "refrained from commenting", "exempt from paying")
PREVENTING = frozenset(
    "prevent stop bar ban block shield protect exempt spare prohibit forbid exclude immune refrain abstain".split())
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr"})
MIN_STEM = 5
# Verbs that carry no predicate of their own ("Is X a member?", "Did she give a date?"): the word they take does
LIGHT_VERBS = frozenset("be have do get make take give".split())
# verbs that, like the light ones, leave the act to their object noun ("put limits on", "show a willingness to",
# "impose a ban on"), though they also speak of acts of their own ("put the car in the garage")
SUPPORT_VERBS = frozenset("put place set show impose lay".split())


def lemma_match(a: str, b: str) -> bool:
    """Same lemma, or one word derived from the other ("restrict" / "restriction")."""
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if short.endswith("e") and len(short) >= MIN_STEM and long_ == short[:-1] + "ing":
        return True  # a participle the lemmatizer left as it is, its silent "e" dropped ("were housing": "house")
    return len(short) >= MIN_STEM and long_.startswith(short[: max(MIN_STEM, len(short) - 1)])


# how much of a yes/no claim an evidence clause must carry to speak of it (verdict, figure_verdict)
MIN_SHARED = 2
MIN_SHARE = 0.4


def least_shared(words: int, share: float = MIN_SHARE) -> int:
    """How many of a claim's ``words`` a clause must carry: ``share`` of them, at least ``MIN_SHARED`` (all of them,
    for a claim of one word)."""
    return max(min(MIN_SHARED, words), int(share * words + 0.999))


def shared_lemmas(lemmas: Iterable[str], tokens: Iterable[Token], close: dict[str, set[str]] | None = None) -> int:
    """How many of ``lemmas`` the tokens carry: the same word, a derived one, or (``close``) a synonym."""
    found = {_lemma(t) for t in tokens}
    close = close or {}
    return sum(1 for w in lemmas if any(lemma_match(w, f) for f in found) or found & close.get(w, set()))


def is_clause_head(tok: Token) -> bool:
    """Does a clause hang on this token: a verb (or the root) in a clausal dependency?"""
    if tok.dep_ not in CLAUSE_DEPS:
        return False
    return tok.pos_ in ("VERB", "AUX") or tok.dep_ == "ROOT"


def own_clause(tok: Token) -> bool:
    """An embedded clause with a subject of its own is a separate statement; a participle or infinitive is not."""
    return is_clause_head(tok) and tok.dep_ != "ROOT" and any(
        c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in tok.children
    )


COMPLEMENT_DEPS = frozenset({"ccomp", "xcomp", "pcomp"})
QUESTION_MARKS = frozenset({"whether", "if"})


def open_question(tok: Token) -> bool:
    """Is this the head of an embedded question ("whether to buy a satellite", "what caused the failure",
    "on whether cuts would follow"): a clause that asks rather than states, so that its words are
    neither asserted nor denied ("has not decided whether to close its ports" does not deny closing
    them; "did not say what caused it" denies the saying)?"""
    edge = tok.left_edge
    return (tok.dep_ in COMPLEMENT_DEPS and edge.i < tok.i
            and (edge.lower_ in QUESTION_MARKS or edge.tag_ in WH_TAGS))


def clause_tokens(head: Token) -> list[Token]:
    """The head and its dependents, without the embedded clauses that have their own subject (an
    embedded question stays: it is what the clause says was, or was not, said or decided)."""
    out = [head]
    for child in head.children:
        if own_clause(child) and not open_question(child):
            continue
        out.extend(clause_tokens(child))
    return out


def asked_only(tokens: Sequence[Token]) -> set[int]:
    """The token indices of these that sit inside an embedded question."""
    return {t.i for q in tokens if open_question(q) for t in q.subtree}


DIRECT_SUBJECTS = frozenset({"nsubj", "nsubjpass"})  # a clause's own subject, active or passive


def direct_subject(head: Token) -> Token | None:
    """The clause head's own subject (not one it shares with a verb it is joined to: see roles.subject_of)."""
    return next((c for c in head.children if c.dep_ in DIRECT_SUBJECTS), None)


def extraposed(head: Token) -> Token | None:
    """The clause that is the real subject of "it is unlikely that X" / "it is expected that X", if any."""
    subj = direct_subject(head)
    if subj is None or subj.lower_ != "it":
        return None
    return next((c for c in head.children if c.dep_ == "ccomp" and own_clause(c)), None)


def prefixed(word: str, base: str, shortest: int = MIN_PREFIXED) -> bool:
    """Is ``word`` ``base`` (of at least ``shortest`` letters), or a form of it, with a negative prefix
    ("unsafe", "non-binding", "ineffective", "unchanged" for "change")?"""
    if len(base) < shortest:
        return False
    for p in NEGATIVE_PREFIXES:
        if word.startswith(p):
            rest = word[len(p):].removeprefix("-")
            if rest == base or lemma_match(rest, base):
                return True
    return unmade(word, base)


def unmade(word: str, verb: str) -> bool:
    """Is ``word`` the verb's past participle with "un-": not done ("unsigned" for "sign", "unpaid" for "pay")?"""
    return word.startswith("un") and participle_of(word[2:], verb)


def _verb_of(tok: Token) -> Token | None:
    """The verb a word belongs to ("no" in "has no products and lost money" is of "has")."""
    at = tok.head
    for _ in range(8):
        if at.pos_ in ("VERB", "AUX") or at.head.i == at.i:
            return at if at.pos_ in ("VERB", "AUX") else None
        at = at.head
    return None


def _joined(verb: Token | None, head: Token) -> bool:
    """Is ``verb`` another verb joined to ``head`` by "and"/"but" (each with its own negation)?"""
    return verb is not None and verb.i != head.i and (
        (head.dep_ == "conj" and head.head.i == verb.i) or (verb.dep_ == "conj" and verb.head.i == head.i))


FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _joined_verbs(head: Token) -> list[Token]:
    """Verbs joined to ``head`` by "and"/"but" with a tense or auxiliary of their own ("had no plans to
    cut jobs and would keep the office"), not ones sharing its auxiliaries ("did not cut or close")."""
    return [c for c in head.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")
            and (c.tag_ in FINITE_TAGS or any(g.dep_ in ("aux", "auxpass") for g in c.children))]


def carrying_verb(head: Token, tokens: Sequence[Token], claim_lemmas: frozenset[str]) -> Token:
    """Of a clause's head and the verbs joined to it with their own tense, the one whose own words carry
    most of the claim's (the head on a tie): its negation is the one that counts."""
    joined = _joined_verbs(head)
    parts = {v.i: {t.i for t in v.subtree} for v in joined}
    inside = set().union(*parts.values()) if parts else set()
    parts[head.i] = {t.i for t in tokens} - inside
    words = {t.i: _lemma(t) for t in tokens}

    def carried(v: Token) -> int:
        return sum(1 for i in parts[v.i] if i in words and words[i] in claim_lemmas)

    return max([head, *joined], key=lambda v: (carried(v), v.i == head.i))


def clause_negated(head: Token, tokens: Sequence[Token], claim_lemmas: frozenset[str] = frozenset()) -> bool:
    """Is this clause a denial (see the module docstring)? A light verb's own negation is its complement's
    ("will not have to pay" denies the paying; "will not have to pay no toll" affirms it), and so is a
    privative adjective's ("stay free of nuclear weapons" denies them; "not free of them" affirms them)."""
    light = head.dep_ == "xcomp" and _lemma(head.head) in LIGHT_VERBS and is_negated(head.head)
    # "free of nuclear weapons" denies the weapons as "non-nuclear" does; "not free of them" affirms them
    privative = any(_privative(t, claim_lemmas) for t in tokens)
    return (_denied(head, tokens, claim_lemmas) != light) != privative


def _denied(head: Token, tokens: Sequence[Token], claim_lemmas: frozenset[str]) -> bool:
    if head.dep_ == "xcomp" and _lemma(head.head) in NEGATIVE_IMPLICATIVES | ENDING_VERBS:
        return not is_negated(head.head)  # "refused to resign" denies it; "did not fail to pay" affirms it
    if head.dep_ == "pcomp" and head.head.lower_ == "from" and _lemma(head.head.head) in PREVENTING:
        return not is_negated(head.head.head)  # "was barred from running" denies the running
    verbs = [head, *(c for c in head.children if c.dep_ in ("aux", "auxpass", "xcomp"))]
    if any(is_negated(v) for v in verbs):
        return True
    for tok in tokens:
        if tok.lower_ in NEGATIVE_DETERMINERS and tok.dep_ in ("det", "neg", "advmod") and tok.head.i != tok.i \
                and not _joined(_verb_of(tok), head):
            return True
        if tok.lower_ in NEGATIVE_PRONOUNS and tok.head.i == head.i and tok.dep_ in ARGUMENT_DEPS:
            return True
        low = tok.lower_
        for word in claim_lemmas:
            if prefixed(low, word, shortest=1):
                return True
        if low in NEGATIVE_PREFIXES and tok.i + 2 < len(tok.doc) and tok.nbor(1).text == "-":
            if _lemma(tok.nbor(2)) in claim_lemmas or tok.nbor(2).lower_ in claim_lemmas:
                return True  # "non-nuclear", tokenised as non / - / nuclear
    return False


PRIVATIVES = frozenset({"free", "devoid"})  # English adjectives that deny their "of" object ("free of debt")
COPULAS = frozenset({"be", "remain", "stay", "become", "seem", "appear", "look"})  # English linking verbs


def _privative(tok: Token, claim_lemmas: frozenset[str]) -> bool:
    """Does this adjective deny one of the claim's words as what is lacking ("stay free of nuclear weapons"), or
    "without" the state a linking verb names ("remain without nuclear weapons")? Not "without" after another verb,
    where it more often says how something is done than what is lacking ("form a government without independents"
    says it forms one)."""
    if tok.lower_ == "without" and tok.dep_ == "prep" and _lemma(tok.head) in COPULAS:
        objects = [o for o in tok.children if o.dep_ in ("pobj", "pcomp")]
    elif tok.lemma_.lower() in PRIVATIVES and tok.pos_ == "ADJ":
        objects = [o for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children
                   if o.dep_ == "pobj"]
    else:
        return False
    return any(_lemma(t) in claim_lemmas for o in objects for t in o.subtree)


def states_no_fact(verb: Token) -> bool:
    """Is this clause a condition, not a statement: an "if" / "unless" clause (:func:`is_condition`), what someone
    proposes or demands be done (:func:`proposed`), or a condition on a kind of people or things, a relative clause in
    the present on a bare plural, in a sentence that says what may happen to them ("Workers who lose their jobs can
    move into a transfer company" says nothing of whether any will)?"""
    if is_condition(verb) or proposed(verb):
        return True
    noun = verb.head
    return (verb.dep_ == "relcl" and verb.tag_ in ("VBP", "VBZ") and noun.tag_ == "NNS"
            and not any(c.dep_ in ("det", "poss", "nummod", "amod") for c in noun.children)
            and any(c.tag_ == "MD" for c in noun.head.children))


# English verbs whose "that" clause is what someone wants done, not what is: "proposing that both sides meet"
PROPOSING_VERBS = frozenset("propose demand urge request recommend ask".split())


def proposed(verb: Token) -> bool:
    """Is this clause only what someone proposes or demands be done ("proposing that both sides meet at the
    conciliation service" says nothing of whether they will)?"""
    return verb.dep_ == "ccomp" and _lemma(verb.head) in PROPOSING_VERBS and not any(
        c.dep_ == "mark" and c.lower_ in QUESTION_MARKS for c in verb.children)


CONDITIONS = frozenset({"if", "unless"})  # English: "if NATO does not get more involved, more territory will be lost"


def is_condition(verb: Token, marks: frozenset[str] = CONDITIONS) -> bool:
    """Is this clause (or the verb it is joined to) the condition of another, opened by one of ``marks`` ("if NATO
    does not get more involved and provide more assistance"), which states nothing?"""
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in marks for c in verb.children)
