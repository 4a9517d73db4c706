"""What the evidence says has not happened yet, read against a wh-question about what was done: "Cabinet members are
due to pick an option in December" leaves "Which option did the cabinet pick in December?" unanswered, and "A
conciliator would be appointed only once both sides had agreed" leaves "Who has been appointed as conciliator?". And
what it says is still an open question, read against a yes/no question no clause settles: "was examining whether to
file a class action" leaves "Will a class action be filed?" open. And which times the evidence tells as past, read
against a question about the time of what is yet to come: "began a strike on Tuesday" does not say when the next
strike will begin.

Only the question's own verb (or a WordNet synonym of it in its first sense) counts, only in a clause whose subject,
object or "as" role is what the question asks for, and only while no evidence sentence tells that act as done.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date

from spacy.tokens import Span, Token

from rag.answer.claim import question_claim
from rag.answer.clauses import LIGHT_VERBS, QUESTION_MARKS, lemma_match, open_question
from rag.answer.intended import INTENTION_VERBS
from rag.answer.question import QuestionAnalysis
from rag.answer.units import counts_time
from rag.claims import MONTH_NUMBERS, date_parts, published_date
from rag.lexicon import synonyms
from rag.nlp import TIME_LABELS, content_lemmas, governing_predicate, is_negated
from rag.wordnet import senses

FUTURE_MODALS = frozenset({"will", "would", "shall", "'ll", "'d"})  # English: what is yet to be done
# English words a clause of what is to come hangs on: "is due / expected / set / scheduled to pick"
AHEAD_WORDS = frozenset({"due", "expected", "scheduled", "set", "likely"})


def asks_done(q: QuestionAnalysis) -> list[Token]:
    """The question's predicate tokens, when it asks what was done ("Which option did the cabinet pick?", "Who
    has been appointed?"): told in the past or the perfect, with no modal; else none."""
    if q.form != "wh" or q.slot is None:
        return []
    preds = [t for t in q.predicate_tokens if t.pos_ == "VERB"]
    done = [t for t in preds if not any(c.tag_ == "MD" for c in t.children) and (
        t.tag_ == "VBD" or any(c.dep_ == "aux" and (c.tag_ == "VBD" or c.lemma_ == "have") for c in t.children))]
    # "Which option did Derby's cabinet pick?": the parser may take the verb for the object of "did"
    return [o for t in done for o in t.children if o.dep_ == "dobj" and senses(o.lemma_.lower(), "verb")] if (
        q.slot[2] == "do") else done


def _asked_nouns(q: QuestionAnalysis) -> set[str]:
    """The nouns naming what the question asks for: the wh-phrase's ("Which option"), the role "as" gives ("Who has
    been appointed as conciliator?")."""
    nouns = {q.head} if q.head else set()
    return nouns | {t.lemma_.lower() for t in q.doc if t.pos_ == "NOUN" and t.dep_ == "pobj" and t.head.lower_ == "as"}


def _arguments(verb: Token) -> list[Token]:
    """A verb's subject, object, agent and "as" role, with the nouns run into them: "A conciliator would be
    appointed", "pick an option", "a round led by the venture firm X" (the noun a participle describes too)."""
    args = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj", "attr")]
    args += [o for c in verb.children if (c.dep_ == "agent" or c.lower_ in ("as", "by")) for o in c.children
             if o.dep_ == "pobj"]
    if verb.dep_ == "acl":
        args.append(verb.head)
    return args + [c for a in args for c in a.children if c.dep_ == "compound"]


def _ahead(verb: Token) -> bool:
    """Is this verb's clause one of what is yet to be done: "would be appointed", "will choose", "are due to pick"?"""
    if any(c.tag_ == "MD" and c.lower_ in FUTURE_MODALS for c in verb.children):
        return True
    head = verb.head
    # ... or "plans / intends to pick", not "was expected to pick" (what came of it the text may not say)
    return verb.dep_ == "xcomp" and (head.lower_ in AHEAD_WORDS or head.lemma_.lower() in INTENTION_VERBS) and (
        head.tag_ != "VBD" and not any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in head.children))


def _done(verb: Token) -> bool:
    """Is this verb's clause told as done: past or perfect, not negated, not of what is yet to be done?"""
    if _ahead(verb) or is_negated(verb):
        return False
    # "in a round led by X": a participle describing a noun tells what was done to it
    return verb.tag_ == "VBD" or (verb.tag_ == "VBN" and (verb.dep_ == "acl" or any(
        c.dep_ in ("aux", "auxpass") and (c.tag_ == "VBD" or c.lemma_ == "have") for c in verb.children)))


def _verbs(preds: Sequence[Token]) -> set[str]:
    """The question's predicate verbs and the other words of their first sense ("name", "nominate" for "appoint"),
    light verbs aside ("take" is among "lead"'s)."""
    verbs = {t.lemma_.lower() for t in preds}
    return verbs | {w for v in verbs for w in synonyms(v, "verb", 1) if " " not in w} - LIGHT_VERBS


def asks_ahead(q: QuestionAnalysis) -> bool:
    """Does a when-question ask the time of what is yet to come ("When will the strike begin?", "When is the review
    due to be completed?")?"""
    return (q.form == "wh" and bool(q.expected) and q.expected <= TIME_LABELS
            and any(_ahead(t) for t in q.doc if t.pos_ in ("VERB", "AUX")))


# English prepositions that make a length of time a time to come: "within 60 days"
DEADLINE_WORDS = frozenset({"within"})
AFTER_WORDS = frozenset({"in", "after"})  # ... and those that do in a clause of what is to come: "will open in a year"
HALF_YEAR = 183  # days: a date without a year further back than this is next year's


def told_as_past(span: Span, published: str | None) -> bool:
    """Is this time span no time of what is yet to come: a counted length of time ("spent more than a century"), a
    year before the article's own ("completed in 1971"), or a day its clause tells as done ("began a strike on
    Tuesday")? A length after "within" (or after "in" in a clause of what is to come) is a time to come; a calendar
    date, one the article's own year or later, or one its clause sets ("was scheduled for Friday") may be."""
    if counts_time(span):
        prep = span.root.head
        return not (prep.lower_ in DEADLINE_WORDS or (prep.lower_ in AFTER_WORDS and _ahead(governing_predicate(prep))))
    year, month, on = date_parts(span.text)
    day = published_date(published)
    if year is not None:
        return day is not None and year < day.year
    if month is not None and day is not None:
        # a date without its year is the article's year's, or the next year's when that would be long past; the
        # article's own month alone ("in June" in a report of June 17) is left to its clause
        number = MONTH_NUMBERS[month]
        if (number, on) != (day.month, None):
            then = date(day.year, number, min(on or 1, calendar.monthrange(day.year, number)[1]))
            return 0 < (day - then).days <= HALF_YEAR
    pred = governing_predicate(span.root)
    while not _ahead(pred) and pred.dep_ == "xcomp" and pred.tag_ in ("VB", "VBG"):
        pred = pred.head  # "began assessing the damage on Tuesday": the day of the beginning
    return pred.lower_ not in AHEAD_WORDS and _done(pred)


def not_done_yet(q: QuestionAnalysis, sentences: Sequence[Span], best: int) -> int | None:
    """The first of the ``best`` sentences telling the act the question asks about as yet to be done, when no
    sentence tells it as done; else None."""
    preds = asks_done(q)
    if not preds:
        return None
    verbs = _verbs(preds)
    asked = _asked_nouns(q)
    if not asked:
        return None

    def acts(sent: Span) -> list[Token]:  # the question's act, done to or by what the question asks for
        return [t for t in sent if t.pos_ == "VERB" and any(lemma_match(t.lemma_.lower(), v) for v in verbs)
                and any(lemma_match(a.lemma_.lower(), n) for a in _arguments(t) for n in asked)]

    if any(_done(t) for sent in sentences for t in acts(sent)):
        return None
    return next((i for i, sent in enumerate(sentences[:best]) if any(_ahead(t) for t in acts(sent))), None)


def _whether_clause(tok: Token) -> bool:
    """Is this the head of a whether- or if-clause ("whether to file one")?"""
    return open_question(tok) and tok.left_edge.lower_ in QUESTION_MARKS


def _in_open_question(tok: Token) -> bool:
    """Does this token sit in a whether- or if-clause ("decide whether to appoint a replacement or hold a
    by-election")?"""
    return any(_whether_clause(a) for a in (tok, *tok.ancestors))


def undecided(q: QuestionAnalysis, sentences: Sequence[Span], best: int) -> int | None:
    """The first of the ``best`` sentences that asks whether the act a wh-question asks about will happen at all
    ("Council must decide within 60 days whether to appoint a replacement or hold a separate by-election" for
    "When will the by-election be held?"), when no sentence tells that act outside such a question; else None.
    The act is the question's verb (or a first-sense synonym) with a noun the question gives it as an argument."""
    if q.form != "wh":
        return None
    verbs = _verbs([t for t in q.predicate_tokens if t.pos_ == "VERB"])

    def nouns_of(verb: Token) -> set[str]:  # its arguments and the objects of its prepositions ("to the seat")
        said = [*_arguments(verb), *(o for c in verb.children if c.dep_ == "prep" for o in c.children
                                     if o.dep_ == "pobj")]
        return {a.lemma_.lower() for a in said if a.pos_ == "NOUN"}

    nouns = {n for t in q.predicate_tokens for n in nouns_of(t)} - ({q.head} if q.head else set())

    def acts(sent: Span) -> list[Token]:
        return [t for t in sent if t.pos_ == "VERB" and any(lemma_match(t.lemma_.lower(), v) for v in verbs)
                and nouns_of(t) & nouns]

    if not nouns or any(not _in_open_question(t) for sent in sentences for t in acts(sent)):
        return None
    return next((i for i, sent in enumerate(sentences[:best]) if acts(sent)), None)


def still_open(q: QuestionAnalysis, sentences: Sequence[Span]) -> int | None:
    """The first of ``sentences`` that asks the yes/no question's claim as an open question, by its predicate ("was
    examining whether to file a class action" for "Will a class action be filed?"); else None. Read only where no
    clause settles the claim: what is still being weighed is neither a yes nor a no."""
    claim = question_claim(q) if q.form == "yes_no" else None
    if claim is None or not claim.keys:
        return None
    for i, sent in enumerate(sentences):
        for tok in sent:
            if _whether_clause(tok) and any(lemma_match(w, k) for w in content_lemmas(tok.subtree) for k in claim.keys):
                return i
    return None
