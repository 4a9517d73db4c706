"""Short answers that are phrases, not names or figures: why something was done, and what was done.

A why-question is answered by the purpose or the cause the best sentence gives for the question's own
predicate ("has gone to Russia to please Putin": "to please Putin"; "closed because of the flood":
"the flood"). A how-question about a manner or a response ("How has Kyiv responded?") and a
what-question about a doing ("What should the countries do?") are answered by the verb phrase of the
clause whose subject is the question's subject: the verb with its negation, particle and complements
("will never accept territorial concessions": "never accept territorial concessions"), or, when that
clause only reports or threatens ("have reiterated that ..."), the verb phrase of what it reports. A
how-question about how something is seen or described ("How does the ministry view the merger?") is answered by
what a sentence calls it: "sees the merger as good for both towns", "called the ruling a victory".

The clause is looked for in the best sentence only: the phrase names what that sentence says, and the
answer's sentences are chosen as for any other question. What something is called is looked for in the best
sentences in turn, and the first that calls it something leads the answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from rag.answer.clauses import NEGATIVE_ADVERBS, direct_subject, lemma_match
from rag.answer.question import QuestionAnalysis
from rag.answer.roles import LIGHT_VERBS
from rag.lexicon import relations
from rag.nlp import REPORTING_VERBS, content_lemmas, names_match

if TYPE_CHECKING:
    from rag.answer.evidence import Evidence

CAUSE_MARKS = frozenset({"because", "since"})  # "closed because the river rose"
CAUSE_PREPS = frozenset({"because", "due", "thanks", "owing"})  # "because of", "due to", "thanks to the flood"
# what a verb phrase keeps: its complements, not its subject, its adverbial clauses or what is joined to it
COMPLEMENT_DEPS = frozenset({"dobj", "dative", "prt", "acomp", "oprd", "attr", "xcomp", "prep", "neg", "agent",
                             "npadvmod"})  # "rose 0.3%"
TIME_PREPS = frozenset({"during", "after", "before", "since", "until", "by"})  # when it was done, not what
MAX_WORDS = 8  # a short answer: a longer phrase is cut at the end of its object's noun phrase
MAX_OBJECT_WORDS = 12  # an object with all it carries, when it is what a subject "says"
# Verbs whose clause reports, promises or threatens another: the answer is what they report
REPORTING = REPORTING_VERBS | frozenset("reiterate warn threaten promise guarantee insist argue vow pledge".split())
REGARDED_DEPS = frozenset({"dobj", "nsubjpass"})  # what a verb of the question or the evidence regards
# what "as" introduces: a noun phrase ("as a betrayal") or an adjective ("as essentially worthless")
AS_COMPLEMENTS = frozenset({"pobj", "amod", "acomp", "advmod", "npadvmod"})


def phrase_answer(q: QuestionAnalysis, sent: Span) -> str | None:
    """The purpose or cause (why) or the verb phrase (how, what ... do) in ``sent`` that answers ``q``."""
    verb = _question_verb(q)
    if q.wh == "why":
        for head in _aligned(sent, verb):
            found = _reason(head)
            if found is not None:
                return found
        # the sentence says why in other words ("the increase was needed because ..." for "Why do fares
        # have to rise?"): the one cause or purpose it states outright, if it states one only
        stated = [found for tok in sent if (found := _reason(tok, stated=True)) is not None]
        return stated[0] if len(stated) == 1 else None
    if not asks_doing(q):
        return None
    undergoing = happening_to(q)
    subject = undergoing if undergoing is not None else direct_subject(verb) if verb is not None else None
    own = _aligned(sent, verb)
    for head in _by_subject(sent, subject, head_only=undergoing is not None):
        if head.dep_ == "csubj":
            head = head.head  # "any supplier found selling X would have its licence cancelled": the clause is a subject
        told = _told(head)
        if head.lemma_.lower() in REPORTING and told is not None:
            head = told  # "have reiterated that Ukraine will never accept ...": what they reiterated
        means = _means(head)
        if head in own and means is not None:
            return means  # "How did the council react?" -- "responded by writing to ...": how
        return _doing(head)
    return None


def regarded_as(q: QuestionAnalysis, sentences: Sequence[Span]) -> tuple[str, int] | None:
    """What the evidence calls the thing a how-question asks about, and the sentence that calls it that: "How does
    the administration view the agreement?" -- "sees the agreement as 'beneficial to Ukraine'"; "How does the
    commentary judge such a guarantee?" -- "A security guarantee with an expiration date is seen as essentially
    worthless". The thing is the question verb's object (or passive subject); the answer is the "as" phrase or the
    object predicate ("called the ruling a victory") of a verb with that object, in the first of ``sentences``
    that has one. The evidence's verb need not be the question's: "judge" is answered by "is seen as"."""
    verb = _question_verb(q)
    if verb is None or not asks_doing(q):
        return None
    thing = next((c for c in verb.children if c.dep_ in REGARDED_DEPS), None)
    if thing is None:
        return None
    for i, sent in enumerate(sentences):
        for tok in sent:
            said = next((c for c in tok.children if c.dep_ in REGARDED_DEPS), None)
            if tok.pos_ == "VERB" and said is not None and lemma_match(said.lemma_.lower(), thing.lemma_.lower()):
                found = _called(tok)
                if found is not None:
                    return found, i
    return None


def _called(verb: Token) -> str | None:
    """What a verb calls its object: its "as" phrase ("seen as essentially worthless", "described as a
    betrayal") or its object predicate ("called it a victory")."""
    # the parser may hang a passive verb's agent on the adjective ("is seen as useless by its authors")
    passive = any(c.dep_ == "nsubjpass" for c in verb.children)
    agent = {t.i for by in verb.subtree if passive and by.lower_ == "by" for t in by.subtree}
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "as":
            said = [t.i for g in c.children if g.dep_ in AS_COMPLEMENTS or g.pos_ == "ADJ" for t in g.subtree
                    if t.i not in agent]
            if said:
                return _text(list(verb.doc[min(said) : max(said) + 1]))
        if c.dep_ == "oprd":
            return _text(list(c.subtree))
    return None


def reported_answer(q: QuestionAnalysis, sent: Span) -> str | None:
    """What the question's subject said, promised or warned, when it is a clause: "What does Russia promise
    Ukraine?" -- "Russia will guarantee that it will not attack Ukraine again": "not attack Ukraine again".
    None when the question asks for no such thing or the sentence gives a thing, not a clause ("What did the
    minister announce?" -- "announced a 5% cut" is answered by the noun phrase)."""
    verb = _question_verb(q)
    if (q.wh != "what" or q.head or verb is None or verb.lemma_.lower() not in REPORTING
            or not any(t.dep_ in ("dobj", "dative") and t.lower_ == "what" for t in verb.children)):
        return None
    for head in _by_subject(sent, direct_subject(verb)):
        told = _told(head)
        if told is not None:
            return _doing(told)
        if head.lemma_.lower() not in REPORTING:
            # "What does the constitution say about alliances?" -- "the constitution enshrines aspirations to
            # join NATO": what it says is what its verb does to its object
            obj = next((c for c in head.children if c.dep_ == "dobj"), None)
            if obj is not None and len(list(obj.subtree)) <= MAX_OBJECT_WORDS:
                return _text(list(obj.subtree))
    return None


def _told(head: Token) -> Token | None:
    """The verb of the clause a verb reports ("said that it would ...")."""
    return next((c for c in head.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")), None)


def _question_verb(q: QuestionAnalysis) -> Token | None:
    root = next((t for t in q.doc if t.dep_ == "ROOT"), None)
    if root is None:
        return None
    done = _reported_doing(root)
    if done is not None:
        return done
    if root.pos_ == "AUX":
        # "Why was the team scrapped?": the parser may hang the participle on "was" as a clause of its own
        late = [c for c in root.children if c.pos_ == "VERB" and c.dep_ in ("ccomp", "advcl") and c.i > root.i]
        if late:
            return late[-1]
    # "What should the countries do if ...?", "Why did the envoy go?": the question's main verb
    return root if root.pos_ in ("VERB", "AUX") else None


def _reported_doing(root: Token) -> Token | None:
    """The "do" of a reported clause that "what" asks about: "What does the analysis say the US has done?"
    (the parser hangs "what" on "say" or on "done")."""
    asked = {root.i, *(c.i for c in root.children if c.dep_ == "ccomp")}
    if not any(w.dep_ == "dobj" and w.lower_ == "what" and w.head.i in asked for w in root.doc):
        return None
    return next((t for t in root.doc if t.lemma_.lower() == "do" and t.pos_ == "VERB" and t.dep_ == "ccomp"
                 and not any(c.dep_ == "dobj" and c.lower_ != "what" for c in t.children)), None)


def asks_doing(q: QuestionAnalysis) -> bool:
    """Is this a how-question that asks for a manner or a response ("How has Kyiv responded?", not "how
    many"), or "What did X do?"?"""
    verb = _question_verb(q)
    if verb is None or q.form != "wh":
        return False
    if q.wh == "how":
        # "How has Kyiv responded?", not "How strong were the gusts?" (a degree) or "how many"
        wh = next((t for t in q.doc if t.lower_ == "how"), None)
        after = q.doc[wh.i + 1] if wh is not None and wh.i + 1 < len(q.doc) else None
        return not q.wants_short and after is not None and after.pos_ in ("AUX", "VERB")
    return q.wh == "what" and ((verb.lemma_.lower() == "do" and not q.head) or happening_to(q) is not None)


def happening_to(q: QuestionAnalysis) -> Token | None:
    """What "What will happen to X?" asks about: X, whose clause says what is done to it or what it does ("The
    sanctions would be removed in agreed phases"; also in a reported clause: "What did the US tell NATO would
    happen to Ukraine?")."""
    if q.wh != "what" or q.form != "wh":
        return None
    return next((o for t in q.doc if t.lemma_.lower() == "happen" and t.pos_ == "VERB"
                 for p in t.children if p.dep_ == "prep" and p.lower_ == "to"
                 for o in p.children if o.dep_ == "pobj"), None)


def _aligned(sent: Span, verb: Token | None) -> list[Token]:
    """The verbs of the sentence that say what the question's verb says (itself, or a word WordNet puts with it)."""
    if verb is None:
        return []
    lemma = verb.lemma_.lower()
    alike = relations(lemma, "VERB").alike
    return [t for t in sent if t.pos_ in ("VERB", "AUX") and (lemma_match(t.lemma_.lower(), lemma)
                                                            or t.lemma_.lower() in alike)]


def _by_subject(sent: Span, subject: Token | None, head_only: bool = False) -> list[Token]:
    """The verbs of the sentence whose subject is the question's (the same name or the same words; ``head_only``:
    the same head noun, "any supplier found selling ..." for "solvent suppliers caught passing off ...")."""
    if subject is None:
        return []
    asked = {subject.lemma_.lower()} if head_only else content_lemmas(subject.subtree)
    text = " ".join(t.text for t in subject.subtree)
    found = []
    for tok in sent:
        theirs = direct_subject(tok) if tok.pos_ in ("VERB", "AUX") else None
        if theirs is None:
            continue
        said = content_lemmas(theirs.subtree)
        if (asked and asked <= said) or names_match(text, " ".join(t.text for t in theirs.subtree)):
            found.append(tok)
    return found


# English words by which a sentence says its cause was told just before it ("For this reason, ...", "As a
# result, ...", "Therefore, ...", "That is why ...")
CONSEQUENCE_ADVERBS = frozenset("therefore thus hence consequently accordingly".split())
CONSEQUENCE_NOUNS = frozenset("reason result consequence".split())
DEMONSTRATIVES = frozenset("this that these those".split())
BACK_PREPS = CAUSE_PREPS | {"for", "as"}  # "For this reason", "Because of this", "As a result"


def cause_told_before(sent: Span) -> bool:
    """Does the sentence open by pointing back to its cause, told in the sentence before it ("For this reason,
    the plan is more in Russia's favor", "As a result, ...", "Therefore ...", "That is why ...")?"""
    root = sent.root
    for c in root.children:
        if c.i > root.i:
            continue
        if c.dep_ == "advmod" and c.lower_ in CONSEQUENCE_ADVERBS:
            return True
        if c.dep_ == "prep" and c.lower_ in BACK_PREPS:
            obj = next((o for p in (c, *c.children) for o in p.children if o.dep_ == "pobj"), None)
            if obj is None or any(p.dep_ == "prep" and p.lower_ == "of" for p in obj.children):
                continue  # "As a result of the flood" tells its cause
            if obj.lower_ in DEMONSTRATIVES or (obj.lemma_.lower() in CONSEQUENCE_NOUNS and (
                    c.lower_ == "as" or any(d.lower_ in DEMONSTRATIVES for d in obj.children))):
                return True  # "For this reason", "Because of this", "As a result"
        if c.dep_ == "nsubj" and c.lower_ in DEMONSTRATIVES and root.lemma_ == "be" and any(
                t.lower_ == "why" for t in root.subtree):
            return True  # "That is why ..."
    return False


def _reason(head: Token, stated: bool = False) -> str | None:
    """Why the verb ``head`` happened, as the sentence says: a cause or a purpose, or (unless only a ``stated``
    one counts: "because ...", "because of", "due to", "in order to") what it followed or what it was for."""
    if head.lemma_ == "be" and any(c.dep_ == "nsubj" and c.lemma_.lower() == "reason" for c in head.children):
        told = next((c for c in head.children if c.dep_ in ("ccomp", "attr") and c.pos_ in ("VERB", "AUX")), None)
        if told is not None:  # "The reason for this is that Russia has gained the upper hand"
            return _text([t for t in told.subtree if not (t.dep_ == "mark" and t.head.i == told.i)])
    for c in head.children:
        mark = next((m for m in c.children if m.dep_ == "mark"), None)
        if c.dep_ == "advcl" and mark is not None and (mark.lower_ in CAUSE_MARKS or (
                mark.lower_ == "after" and not stated)):
            # "ended without agreement after the company declined ...": what it followed
            return _text([t for t in c.subtree if t.i != mark.i])
        to = next((a for a in c.children if a.dep_ == "aux" and a.lower_ == "to"), None)
        if c.dep_ in ("advcl", "xcomp") and to is not None and mark is None and not stated:
            return _text(list(c.subtree))  # the purpose: "to please Putin"
        if c.dep_ == "prep" and c.lower_ in CAUSE_PREPS:
            objs = [t for p in (c, *c.children) for t in p.children if t.dep_ == "pobj"]
            if objs:
                return _text(list(objs[0].subtree))
        if c.dep_ == "prep" and c.lower_ == "in":
            # "in order to work out when ...": the parser hangs the purpose on "order"
            order = next((o for o in c.children if o.dep_ == "pobj" and o.lower_ == "order"), None)
            purpose = next((a for a in order.children if a.dep_ in ("acl", "relcl")
                            and any(x.lower_ == "to" for x in a.children)), None) if order is not None else None
            if purpose is not None:
                return _text(list(purpose.subtree))
    return None


def _means(head: Token) -> str | None:
    """How a verb was done, when the sentence says it with "by" and a verb: "by writing to the minister"."""
    by = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "by" and c.i > head.i
               and _before_a_verb(c)), None)
    if by is None:
        return None
    words = list(by.subtree)
    return _text(_cut(words) if len(words) > MAX_WORDS else words)


def _before_a_verb(prep: Token) -> bool:
    """Does a preposition take a verb ("by writing"), not a noun ("by Friday")?"""
    return any(g.dep_ == "pcomp" for g in prep.children)


def _doing(head: Token) -> str | None:
    """The verb phrase of a clause: negation, the verb, its particle and complements (no subject, auxiliary
    or adverbial clause), in the sentence's order."""
    if head.lemma_.lower() in LIGHT_VERBS and not any(c.dep_ in ("dobj", "acomp", "oprd", "attr")
                                                      for c in head.children):
        return None  # "did", "was": nothing said
    tokens = [head]
    for c in head.children:
        negation = c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in NEGATIVE_ADVERBS)
        # the parser may take an adjective complement for a clause ("has shown itself positive on ...")
        complement = c.dep_ in COMPLEMENT_DEPS or (c.dep_ == "ccomp" and c.pos_ == "ADJ")
        again = c.dep_ == "advmod" and c.pos_ == "ADV" and c.i > head.i and not any(c.children)  # "attack again"
        # only what follows the verb ("According to sources, Ukraine has shown ...": not the attribution)
        # "by writing to ..." says how, "by Friday" when
        if negation or again or (complement and c.i > head.i and (c.lower_ not in TIME_PREPS or _before_a_verb(c))):
            tokens += list(c.subtree)
    tokens.sort(key=lambda t: t.i)
    run = tokens[:1]  # the unbroken run of words from the first: nothing that is not part of the phrase
    for tok in tokens[1:]:
        if tok.i != run[-1].i + 1:
            break
        run.append(tok)
    if len(run) > MAX_WORDS:
        run = _cut(run)
    return _text(run)


def _cut(tokens: list[Token]) -> list[Token]:
    """A long verb phrase up to the end of its first object's own noun phrase ("accept territorial
    concessions" of "accept territorial concessions or restrictions on military capabilities")."""
    obj = next((t for t in tokens if t.dep_ in ("dobj", "attr", "oprd", "acomp", "pobj")), None)
    if obj is None:
        return tokens[:MAX_WORDS]
    return [t for t in tokens if t.i <= obj.i]


def _text(tokens: list[Token]) -> str | None:
    words = [t for t in tokens if not t.is_space]
    while words and (words[-1].is_punct or words[-1].dep_ in ("cc", "punct")):
        words.pop()
    while words and words[0].is_punct:
        words.pop(0)
    if not words:
        return None
    doc = words[0].doc
    return doc[words[0].i : words[-1].i + 1].text


def cause_before(ev: Evidence) -> int | None:
    """The sentence just before the best one in its passage, when the best one opens by pointing back to its
    cause ("For this reason, ...", "As a result, ..."), if it is among the candidates."""
    if not ev.spans or not cause_told_before(ev.spans[0]):
        return None
    best = ev.sentences[0]
    if best.start is None:
        return None
    chunk = best.hit.chunk
    # the sentence that ends where the best one begins, nothing but space between them
    return next((i for i, s in enumerate(ev.sentences) if s.hit.chunk.id == chunk.id and s.end is not None
                 and s.end <= best.start and not chunk.text[s.end - chunk.start: best.start - chunk.start].strip()),
                None)
