"""What the evidence leaves unsaid: a figure it says was not disclosed (or a question it says is still open),
a person or thing it mentions unnamed.

Both turn an answer into "the corpus does not say", with the sentence that shows it as the reason.
"""

from __future__ import annotations

from spacy.tokens import Token

from rag.answer.clauses import (
    NEGATIVE_DETERMINERS,
    NEGATIVE_IMPLICATIVES,
    NEGATIVE_PRONOUNS,
    lemma_match,
    open_question,
    prefixed,
)
from rag.answer.evidence import SPAN_SENTENCES, AnswerSpan, Evidence, needs_anchor
from rag.answer.kinds import PLACES, called_alike, first_sense_kind, head_kind
from rag.answer.labels import KIND_LABEL, named_as_head
from rag.answer.origins import ORIGIN_LABELS, origin_names
from rag.answer.question import QuestionAnalysis
from rag.answer.roles import role_match, slot_of, tree_distance
from rag.lexicon import is_kind_of, is_measure, is_sum_of_money, synonyms
from rag.nlp import NAME_LABELS, TIME_LABELS, WH_TAGS, content_lemmas, is_negated, possessed

# Verbs by which a report says what it was told; negated, they say a figure or a name was withheld.
DISCLOSING_VERBS = frozenset("disclose reveal give name identify release provide specify confirm publish say".split())


SETTING_OUT = frozenset("set spell lay".split())  # "did not set out / spell out his reasons": a telling
# what a negated verb of telling says was withheld: "did not disclose the price", "the price ... was not made public"
WITHHELD_DEPS = frozenset({"dobj", "nsubjpass", "csubjpass"})
FINANCIAL = frozenset({"financial", "commercial"})  # English: "the financial terms were not disclosed"
UNKNOWN_ADJECTIVES = frozenset({"clear", "known"})  # "it is not clear how many ...", "it is unknown who ..."


def withheld(q: QuestionAnalysis, ev: Evidence, doc_id: str, before: int = 0, off_role: bool = False) -> int | None:
    """The sentence of article ``doc_id``, or of any article among the ``before`` best sentences, that says what
    the question asks for was not disclosed ("The company did not disclose its valuation" for "What valuation
    did it reach?"), or that asks the question itself as unanswered ("did not say how much the recall would
    cost", "it was not clear how many people were inside", "declined to say when they would appear") if any.
    For an answer ``off_role`` (not the question's own predicate's), any article's sentence that leaves the
    question's own clause open counts ("would be presented to supporters but has not said when" outweighs a
    "Monday" the club confirmed a sale on)."""
    asked = q.counted or q.measured or q.head
    # "How much is X paying?" asks for a sum: a price, a fee, or the financial terms of the deal
    paid = asked is None and q.expected == {"MONEY"}
    for i, (cand, sent) in enumerate(zip(ev.sentences, ev.spans, strict=True)):
        if cand.hit.chunk.doc_id != doc_id and i >= before:
            if off_role and any(_left_open(q, tok) for tok in sent):
                return i
            continue
        for tok in sent:
            if tok.pos_ == "VERB" and _discloses(tok) and (is_negated(tok) or _without(tok)) and any(
                    _asked_thing(c, asked, paid) or _measure_of_asked(q, c, asked) for c in tok.children):
                return i
            if open_question(tok) and _not_told(tok.head) and _asks_the_question(q, tok):
                return i
            if _left_open(q, tok):
                return i
    return None


def _asked_wh(q: QuestionAnalysis) -> set[str]:
    """The wh-words an embedded question asking the question's question opens with: its own ("who", "how"), and
    "when" for a time asked by a noun ("On what date ...?"), "where" for a place."""
    asked = {t.lower_ for t in q.doc if t.tag_ in WH_TAGS}
    if q.expected and q.expected <= TIME_LABELS:
        asked.add("when")
    elif q.expected and q.expected <= PLACES:
        asked.add("where")
    return asked


def _left_open(q: QuestionAnalysis, told: Token) -> bool:
    """Is this a negated verb of telling joined to a clause of the question's predicate, whose wh-word is left
    open: "would be presented to supporters before a home match but has not said when" for "On what date will
    he be presented?", "would hold a rally on Saturday but has not yet said where it will take place" for
    "Where will the rally be held?" (what it does not say is where or when the clause before it happens)?"""
    if told.dep_ != "conj" or q.slot is None or not (_discloses(told) and _not_told(told)):
        return False
    # "The club said he would be presented ... but has not said when": the telling is joined to the telling of
    # the clause, which the wh-word asks of
    before = [told.head, *(c for c in told.head.children if c.dep_ == "ccomp" and _discloses(told.head))]
    # a copula is no predicate of its own ("reports are not due until September, and neither campaign disclosed
    # how much it had spent" leaves open nothing of "How much is X paying?")
    if not any(_slot_verb(q, v.lemma_.lower()) for v in before if v.lemma_.lower() != "be"):
        return False
    asked = _asked_wh(q)
    for c in told.children:
        if c.tag_ in WH_TAGS and not list(c.children):  # "has not said when": the question stops at its wh-word
            return c.lower_ in asked
        if open_question(c) and c.left_edge.lower_ in asked:
            subject = next((s for s in c.children if s.dep_ in ("nsubj", "nsubjpass")), None)
            # "where it will take place": the clause speaks of what the one before it names, through a pronoun
            return subject is not None and subject.pos_ == "PRON"
    return False


def _slot_verb(q: QuestionAnalysis, lemma: str) -> bool:
    """Is this the question's predicate, or a verb it takes ("expected to cost": "cost")?"""
    if q.slot is None:
        return False
    verbs = {q.slot[2]} | {c.lemma_.lower() for t in q.predicate_tokens for c in t.children
                           if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")}
    return any(lemma_match(lemma, v) for v in verbs)


def _asked_thing(told: Token, asked: str | None, paid: bool) -> bool:
    """Is this dependent of a negated verb of telling what the question asks for: its noun ("did not disclose its
    valuation"), or, for a sum paid, a sum of money or the financial terms it speaks of?"""
    if told.dep_ in ("dobj", "nsubjpass") and asked and told.lemma_.lower() in synonyms(asked):
        return True  # "did not set out the judge's reasons" for "On what grounds ...?"
    return paid and told.dep_ in WITHHELD_DEPS and any(_a_sum(n) for n in told.subtree if n.pos_ == "NOUN")


def _measure_of_asked(q: QuestionAnalysis, told: Token, asked: str | None) -> bool:
    """For a question asking a number, is this dependent of a negated verb of telling a measure of what it counts or
    of its predicate ("have not given a count of flooded homes in Wendaree Flats" for "How many homes were flooded in
    Wendaree Flats?", "did not disclose the value of the offer" for "How much did the bidder offer?"), naming nothing
    the question does not (a count for another town is not the one asked)?"""
    if not q.numeric or told.dep_ not in WITHHELD_DEPS or told.pos_ != "NOUN":
        return False
    noun = told.lemma_.lower()
    if not (is_measure(noun) or is_sum_of_money(noun)):
        return False
    wanted = {w for w in (asked, q.slot[2] if q.slot else None) if w}
    of = [o for c in told.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children if o.dep_ == "pobj"]
    if not any(lemma_match(o.lemma_.lower(), w) for o in of for w in wanted):
        return False
    asked_words = {t.lower_ for t in q.doc}
    return all(t.lower_ in asked_words for t in told.subtree if t.ent_type_ in NAME_LABELS)


def _discloses(verb: Token) -> bool:
    """Is this a verb of telling ("disclose", "reveal"), or "make public"?"""
    return (verb.lemma_ or verb.text).lower() in DISCLOSING_VERBS or (
        verb.lemma_.lower() == "make" and any(c.lower_ == "public" for c in verb.children)) or (
        verb.lemma_.lower() in SETTING_OUT and any(c.dep_ == "prt" and c.lower_ == "out" for c in verb.children))


def _a_sum(noun: Token) -> bool:
    """Does this noun say a sum of money: one WordNet files as a sum paid ("the price", "the fee"), or the financial
    terms of a deal?"""
    return is_sum_of_money(noun.lemma_.lower()) or any(
        c.dep_ == "amod" and c.lower_ in FINANCIAL for c in noun.children)


def _not_told(tok: Token) -> bool:
    """Does this word say something was not told: a negated disclosing verb ("did not say"), one
    declined or refused ("declined to say"), or "not clear", "unclear", "unknown"?"""
    lemma = tok.lemma_.lower()
    if lemma == "be":  # "it was not clear how many ...": the question hangs on the copula
        adjective = next((c for c in tok.children if c.dep_ == "acomp"), None)
        return adjective is not None and _not_told(adjective)
    if lemma in DISCLOSING_VERBS:
        return is_negated(tok) or _without(tok) or _no_one_told(tok) or (
            tok.dep_ == "xcomp" and tok.head.lemma_.lower() in NEGATIVE_IMPLICATIVES)
    if tok.pos_ != "ADJ":
        return False
    if lemma in UNKNOWN_ADJECTIVES:
        return is_negated(tok) or is_negated(tok.head)
    return any(prefixed(lemma, known) for known in UNKNOWN_ADJECTIVES)  # "unclear", "unknown"


def _without(verb: Token) -> bool:
    """Is this verb done "without": "said a vote would take place next week, without giving a date"?"""
    return verb.dep_ == "pcomp" and verb.head.lower_ == "without"


def _no_one_told(verb: Token) -> bool:
    """Is the teller no one ("Neither company would say ...", "Nobody would say ...", "None of them would say")?"""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and (subject.lower_ in NEGATIVE_PRONOUNS or any(
        c.dep_ == "det" and c.lower_ in NEGATIVE_DETERMINERS for c in subject.children))


def _asks_the_question(q: QuestionAnalysis, clause: Token) -> bool:
    """Is this embedded question the question asked: the same wh-word ("how much", "when", "who"), the
    question's predicate, and what it counts ("how many people were inside" for "How many people ...")?"""
    asked = next((t for t in q.doc if t.tag_ in WH_TAGS), None)
    said = clause.left_edge
    if asked is None or q.slot is None or asked.lower_ != said.lower_:
        return False
    if asked.lower_ == "how" and not (asked.i + 1 < len(q.doc) and said.i + 1 < len(said.doc)
                                      and q.doc[asked.i + 1].lower_ == said.doc[said.i + 1].lower_):
        return False  # "how many" is not "how long"
    if not _slot_verb(q, clause.lemma_.lower()):
        return False
    return q.counted is None or any(t.lemma_.lower() == q.counted for t in clause.subtree)


UNNAMED_RATIO = 0.6  # the unnamed mention's sentence scores at least this share of the answer's
DEFINITE = frozenset("the this that these those".split())
GENERIC = frozenset("any every each all no most".split())
EXEMPLIFYING = frozenset("including like as".split())


def _is_named(noun: Token, by_place: bool = True) -> bool:
    """Does the sentence give this noun a name ("Governor Ana Costa", "the envoy, Ana Costa", "Costa is the envoy")?
    ``by_place`` False: a place or people before it says where they are from, not who they are ("US officials")."""
    if noun.ent_type_ in NAME_LABELS:
        return True
    if noun.dep_ in ("appos", "compound") and noun.head.ent_type_ in NAME_LABELS:
        return True
    naming = NAME_LABELS if by_place else NAME_LABELS - ORIGIN_LABELS
    if any(c.dep_ in ("appos", "compound") and c.ent_type_ in naming for c in noun.children):
        return True
    # "companies including Apple and Samsung", "cities such as Kherson"
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in EXEMPLIFYING):
        if any(t.ent_type_ in NAME_LABELS for t in prep.subtree):
            return True
    # "Costa is the envoy", "Costa will be sworn in as chief minister"
    if noun.dep_ == "attr" or (noun.dep_ == "pobj" and noun.head.lower_ == "as"):
        verb = noun.head if noun.dep_ == "attr" else noun.head.head
        return any(c.dep_ in ("nsubj", "nsubjpass") and c.ent_type_ in NAME_LABELS for c in verb.children)
    return False


def unnamed(q: QuestionAnalysis, span: AnswerSpan | None, ev: Evidence) -> int | None:
    """The best sentence that speaks of what the question asks to name without naming it, if the
    evidence names it nowhere.

    "Which ministers are implicated in the scandal?" over "a scandal involving ministers and figures
    close to the president": the evidence brings the ministers in and does not say who they are, so
    the president's name is no answer. Only a mention in a sentence scoring at least
    ``UNNAMED_RATIO`` of the answer's counts ("as if teams know ..." in passing does not). Not when
    a sentence names them ("the minister, X", "ministers including X"), speaks of them definitely
    ("the company said", which points back to a name; not "The official added", after "a senior
    official said" in its passage), or the short answer hangs on the noun. When a mention carries all the
    words the question puts before its noun ("a former New Zealand assistant coach" for "Which former New
    Zealand assistant coach ...?"; for an organisation, under another noun of one: "a European drinks group"; an
    origin by another of its names: "US envoy" for "American envoy"), only such mentions are weighed: other coaches
    named are others; and such a mention is not named by "the" alone ("The American envoy has gone to Russia to
    please Putin"), unless the answer fills the asked role or the mention's owner is said.
    ``span`` None: there is no short answer to weigh.
    """
    # "What is the name of the shift supervisor who ...?" asks for a person by a noun the typing lists may not know
    # ("supervisor"); WordNet does
    asked = (needs_anchor(q) and bool(q.expected & NAME_LABELS)) or (
        q.wants_name and q.head is not None and is_kind_of(q.head, "person"))
    if not asked or (span is not None and span.start < 0):
        return None
    root = ev.spans[span.sentence].doc[span.start:span.end].root if span is not None else None
    did_it = span is not None and span.role >= 1.0  # the answer fills the asked role of the asked predicate
    if did_it and span is not None and named_as_head(
            q, ev.spans[span.sentence].doc[span.start:span.end], kinds=True):
        # "The riders were represented by Priya Natarajan, a Wellington employment barrister": the answer fills the
        # asked role and is called what is asked for
        return None
    nouns = [(i, t) for i, s in enumerate(ev.spans[:SPAN_SENTENCES]) for t in s
             if _mention(t) and lemma_match(t.lemma_.lower(), q.head or "")]
    kinds = _modifiers(q)
    described = False  # a mention carries all the question's words for the thing
    if kinds:
        # "Which former New Zealand assistant coach ...?": a mention with all the question's words for it is the
        # one asked about ("A former New Zealand assistant coach is among the candidates"); other coaches named
        # ("Interim coach Josaia Naulu") are others. News calls a firm a company, a group or a firm alike, so "a
        # European drinks group" is the "European drinks company" (a minister is no official, though)
        same = [(i, t) for i, s in enumerate(ev.spans[:SPAN_SENTENCES]) for t in s
                if t.pos_ == "NOUN" and called_alike(t.lemma_.lower(), q.head or "")
                and _carries(t, kinds)]
        if not same and did_it:
            # "a senior official in Kyiv" is not the "US official" who did what is asked, and the answer did it
            return None
        nouns = same or nouns
        # ... and such a mention, "the American envoy" for "the American envoy who travelled to Russia", gets no
        # name from its article by its definite article (as "the company said" does from the company named before)
        # unless the answer is the one who did what is asked ("X travelled to Russia. The American envoy met ...");
        # its owner's name still speaks of it ("Zelenskyy's presidential office")
        described = bool(same) and not did_it
    # "would not identify the German company that built it", "a subcontractor the company declined to name": the
    # text says the name was kept back, however definitely it speaks of the thing
    kept = [_kept_back(n) for _, n in nouns]
    kept_back = [m for m, k in zip(nouns, kept, strict=True) if k]
    # a short answer by the noun is its name, unless the name was kept back (the answer is then who kept it back:
    # "a company that Tagus declined to name")
    # "US officials have informed NATO allies" leaves "Which US official briefed them?" unanswered, unless the answer
    # is the one who did what is asked ("US Army Secretary X presented the plan" for "Which US official delivered it?")
    if any(_is_named(n, by_place=did_it)
           or (not k and root is not None and n.doc is root.doc and tree_distance(root, n) <= 2)
           for (_, n), k in zip(nouns, kept, strict=True)):
        return None
    if not kept_back and any(_definite(n) and not _refers_back(n) and (not described or possessed(n))
                             for _, n in nouns):
        return None
    nouns = kept_back or nouns
    # a passing mention in a sentence far weaker than the answer's ("as if teams know ...") brings no one in
    floor = UNNAMED_RATIO * ev.sentences[span.sentence].score if span is not None else 0.0
    return next((i for i, _ in nouns if ev.sentences[i].score >= floor), None)


INDEFINITE = frozenset({"a", "an", "another", "one"})  # English: "a component supplier", "another operator"


def unnamed_in_role(q: QuestionAnalysis, span: AnswerSpan, ev: Evidence) -> tuple[int, Token] | None:
    """The best sentence, and its noun, that puts someone the text says it leaves unnamed, of the kind asked for
    and called what the question calls it, where the question's wh-phrase sits, when the answer does not sit there
    itself: "Another delivery operator, which asked not to be named, said it had begun reviewing its contracts"
    for "Which rival delivery company said it had started reviewing its contracts?"."""
    if not (q.strict and not q.numeric and q.head and q.expected & {"PERSON", "ORG"}) or span.role >= 1.0:
        return None
    for i, sent in enumerate(ev.spans[:SPAN_SENTENCES]):
        for tok in sent:
            if tok.pos_ != "NOUN" or not any(c.dep_ in ("det", "nummod") and c.lower_ in INDEFINITE
                                             for c in tok.children):
                continue
            lemma = tok.lemma_.lower()
            kind = head_kind(lemma) or first_sense_kind(lemma)
            if kind in ("person", "org") and KIND_LABEL[kind] in q.expected and called_alike(lemma, q.head or "") and (
                    _kept_back(tok) and role_match(q, tok) >= 1.0 and _same_object(q, tok)):
                return i, tok
    return None


def _same_object(q: QuestionAnalysis, doer: Token) -> bool:
    """Does the doer's verb take what the question's verb takes, when the question's takes an object ("a contractor
    ... had been carrying out repairs" is no doer of "Which firm will carry out the review?")?"""
    asked = {o.lemma_.lower() for t in q.predicate_tokens for o in t.children if o.dep_ == "dobj"}
    if not asked:
        return True
    verb = slot_of(doer)[2]
    return any(o.dep_ == "dobj" and o.lemma_.lower() in {w for a in asked for w in synonyms(a)} for o in verb.children)


def _kept_back(noun: Token) -> bool:
    """Is this noun the object of a telling the text says did not happen ("would not identify the company"), in
    its own clause or in a relative clause on it ("a subcontractor that the company declined to name")?"""
    if noun.dep_ in ("dobj", "nsubjpass") and _not_told(noun.head):
        return True
    clauses = [c for c in noun.children if c.dep_ == "relcl"]
    verbs = [*clauses, *(x for c in clauses for x in c.children if x.dep_ == "xcomp")]  # "declined to name"
    # ... or asked that it be, or was, not named: "an operator, which asked not to be named"
    return any(_not_told(v) and (any(o.dep_ in ("dobj", "nsubjpass") and o.tag_ in WH_TAGS for o in v.children)
                                 or any(c.dep_ == "auxpass" for c in v.children)) for v in verbs)


def _mention(tok: Token) -> bool:
    """Is this word a mention of a thing, not a noun modifying another ("shore agency staff" brings in no agency)? A
    title written as part of a name is one ("Prosecutor Lucia Ramos Tello")."""
    if tok.dep_ == "compound":
        return tok.head.ent_type_ in NAME_LABELS
    return tok.pos_ == "NOUN" or (tok.pos_ == "PROPN" and tok.ent_type_ not in NAME_LABELS)


MODIFIER_DEPS = frozenset({"amod", "compound", "nmod"})  # the words before a noun that say which one


def _modifiers(q: QuestionAnalysis) -> set[str]:
    """The words the question puts before the noun it asks about ("former", "new", "zealand", "assistant" of
    "Which former New Zealand assistant coach ...?")."""
    return _said_before(q.head_token) if q.head_token is not None else set()


def _said_before(noun: Token) -> set[str]:
    """The content words of the modifiers before a noun ("former", "new", "zealand", "assistant" of "coach")."""
    return content_lemmas(w for c in noun.children if c.dep_ in MODIFIER_DEPS for w in c.subtree)


def _carries(noun: Token, words: set[str]) -> bool:
    """Do the words before a noun say all these words, an origin by any of its names ("US envoy" for "American
    envoy")?"""
    said = _said_before(noun)
    return all(w in said or any(origin_names(w) & origin_names(m) for m in said) for w in words)


def _refers_back(noun: Token) -> bool:
    """Does a definite mention take up an unnamed one earlier in its passage ("A senior official said ...
    The official added ...")? Then it is as unnamed as that one."""
    return any(t.pos_ == "NOUN" and t.lemma_ == noun.lemma_ and not _definite(t) and not _is_named(t)
               and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in t.children)
               for t in noun.doc[: noun.i])


def _definite(noun: Token) -> bool:
    """A definite mention ("the company", "its rival") or a generic one ("any team", "every bank"):
    neither brings in someone the sentence leaves unnamed."""
    return any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in DEFINITE) or c.lower_ in GENERIC
               for c in noun.children)
