"""Question analysis: what kind of answer is wanted, what the question is about, what it names.

From the spaCy parse of the question:

* the form: a wh-question, a yes/no question, an either-or question, or a bare keyword query
  ("Super Bowl 2021 location");
* the expected answer: entity labels the short answer should carry, from the wh-word and the
  head noun ("who" -> PERSON/ORG, "where" -> GPE/LOC/FAC, "when" -> DATE/TIME, "how many/much"
  -> numbers, "which envoy" -> PERSON, "what year" -> DATE); ``strict`` when only those labels
  can answer (a "when" question is not answered by a name);
* focus lemmas (what the answer sentence should be about), the names and numbers the question
  depends on, the noun a "how many" question counts, and the options of an either-or question.

What kind of thing a head noun names is :mod:`rag.answer.kinds` (general English and WordNet, not
knowledge of any corpus).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Token

from rag.answer.asked import asked_names, event_places, unit_figures
from rag.answer.either_or import question_options
from rag.answer.kinds import ALLOWED_FOR, AMOUNT_KINDS, PLACES, first_sense_kind, head_kind
from rag.answer.slots import object_slot, question_slot
from rag.answer.spending import costs_after, spends
from rag.nlp import (
    NUMERIC_LABELS,
    TIME_LABELS,
    WH_TAGS,
    TextAnalyser,
    content_lemmas,
    is_negated,
    of_objects,
)

# "the name of X", "what kind of X": the noun asked about is X
WRAPPER_NOUNS = frozenset("name kind type sort form".split())
# Words every news question uses about its sources rather than about the news.
META_LEMMAS = frozenset("article report story piece say accord mention write news source".split())
QUANTITY_ADVERBS = frozenset(
    "many much large big long old high low far tall heavy often soon quickly hot cold warm deep wide fast".split())
DURATION_ADVERBS = frozenset("long old soon quickly often".split())
# Verbs whose "how much" is an amount of money.
PREFERRED_KIND = {
    "soon": TIME_LABELS, "quickly": TIME_LABELS, "often": TIME_LABELS,
    "long": TIME_LABELS | {"QUANTITY"}, "old": frozenset({"DATE", "CARDINAL"}),
    # a physical measure: "310 metres", not "72 floors"
    "tall": frozenset({"QUANTITY"}), "far": frozenset({"QUANTITY"}), "heavy": frozenset({"QUANTITY"}),
    "hot": frozenset({"QUANTITY"}), "cold": frozenset({"QUANTITY"}), "warm": frozenset({"QUANTITY"}),
    "deep": frozenset({"QUANTITY"}), "wide": frozenset({"QUANTITY"}), "fast": frozenset({"QUANTITY"}),
}


@dataclass(frozen=True, slots=True)
class QuestionAnalysis:
    """What a question asks for. ``doc`` is its parse."""

    text: str
    doc: Doc
    form: str  # "wh", "yes_no", "either_or" or "keyword"
    wh: str | None  # who, what, which, when, where, why, how, quantity
    expected: frozenset[str]  # preferred entity labels of the short answer (empty: any)
    allowed: frozenset[str]  # labels that may answer at all (empty: any entity or noun chunk)
    numeric: bool  # a quantity is asked for
    head: str | None  # lemma of the noun asked about ("envoy" in "which envoy")
    counted: str | None  # lemma of the noun a how-many question counts
    focus: frozenset[str]  # content lemmas the answer sentence should share
    names: tuple[tuple[str, str], ...]  # (text, label) of the names, numbers and dates the question names
    options: tuple[Token, ...]  # either-or options
    wants_short: bool  # a short answer makes sense (not for why/how-manner questions)
    slot: tuple[str, str, str] | None = None  # (dependency, preposition, predicate lemma) of the wh-phrase

    @property
    def strict(self) -> bool:
        """Only entities with ``allowed`` labels (and, for quantities, bare numbers) can be the answer."""
        return bool(self.allowed)

    @property
    def predicate_tokens(self) -> list[Token]:
        """The question's tokens of its slot's predicate ("cost" of "How much did it cost?"), none without a slot."""
        return [t for t in self.doc if self.slot is not None and t.lemma_.lower() == self.slot[2]]

    @property
    def head_token(self) -> Token | None:
        """The noun asked about, as a token of the question (the first noun with the head's lemma)."""
        if not self.head:
            return None
        return next((t for t in self.doc if t.pos_ == "NOUN" and t.lemma_.lower() == self.head), None)

    @property
    def quantifier(self) -> str | None:
        """ "many" or "much" in a how-many/much question."""
        return self.degree if self.degree in ("many", "much") else None
    measured: str | None = None  # lemma of what a "how large/long ... is X" question measures
    measure_of: str | None = None  # ... when named after "of": "What was the magnitude of the aftershock?"
    degree: str | None = None  # the adverb of any "how X" quantity question: "many", "long", "old" ...
    places: tuple[str, ...] = ()  # places the question sets its event in ("fell in Madrid")
    wants_name: bool = False  # "what is the name of ...": a proper name answers, not a description
    asks_kind: bool = False  # "which animals", "what kind of relationship": a kind of the head noun answers
    figures: tuple[tuple[float, str], ...] = ()  # figures it names a thing by: "the 80 mg group" -> (80, "mg")
    slot_negated: bool = False  # it negates its slot's predicate ("Where will NATO not station troops?")


def _wh_token(doc: Doc) -> Token | None:
    """The question word; in a question opened by an auxiliary, a relative pronoun ("Would people
    who ... be shielded?") is none (elsewhere the parser may take a fronted phrase for the head of a
    relative clause: "Between the Herald and the Gazette, which paper ...")."""
    opens_aux = len(doc) > 0 and doc[0].pos_ == "AUX"
    for tok in doc:
        if (tok.tag_ in WH_TAGS and tok.lower_ != "that"
                and not (opens_aux and any(a.dep_ == "relcl" for a in tok.ancestors))):
            return tok
    return None


def _unwrap(noun: Token | None) -> Token | None:
    """ "the name of the body" -> "body"; "what kind of relationship" -> "relationship"."""
    while noun is not None and noun.lemma_.lower() in WRAPPER_NOUNS:
        of = [c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"]
        objs = [c for c in of[0].children if c.dep_ == "pobj"] if of else []
        if not objs:
            return noun
        noun = objs[0]
    if noun is not None and noun.pos_ == "PROPN":
        # "the Department of Public Health spokesman", which the parser may take for the name with
        # an appositive: the common noun the name runs into is what is asked about
        for tok in noun.doc[noun.i + 1 :]:
            if tok.pos_ == "NOUN":
                return tok
            if not (tok.pos_ in ("PROPN", "PART") or tok.lower_ == "of"):
                break
    return noun


def _head_noun_raw(wh: Token | None, doc: Doc) -> Token | None:
    """The noun a which/what question (or a keyword query) asks about."""
    if wh is not None and wh.lower_ in ("which", "what", "whose"):
        if wh.dep_ == "det" and wh.head.pos_ in ("NOUN", "PROPN"):
            return wh.head
        if wh.dep_ in ("attr", "nsubj") and wh.head.lemma_ == "be":
            # "What was Tesla's revenue in 2019?", "What is the release date of X?": the noun across "is"
            other = [c for c in wh.head.children if c.dep_ in ("nsubj", "attr") and c.i != wh.i and c.pos_ == "NOUN"]
            if other:
                return other[0]
        # "What did the minister announce?": the wh-word is the verb's own argument, asked about as such
        if (wh.lower_ == "what" and wh.dep_ in ("dobj", "nsubj", "nsubjpass") and wh.head.lemma_ != "be"
                and not any(c.dep_ == "prep" and c.lower_ == "of" for c in wh.children) and not _noun_next(wh)):
            return None
        # "What is the name of ...", "Which of the countries": the noun after the wh-word
        for tok in doc[wh.i + 1 : wh.i + 4]:
            if tok.pos_ == "NOUN":
                # ... the noun a compound runs into: "Which Cypriot investment fund ...?" asks for a fund
                while tok.dep_ == "compound" and tok.head.pos_ == "NOUN" and tok.head.i > tok.i:
                    tok = tok.head
                return tok
        return None
    if wh is None and len(doc) and doc[0].pos_ not in ("AUX", "VERB"):
        roots = [t for t in doc if t.dep_ == "ROOT"]
        if roots and roots[0].pos_ in ("NOUN", "PROPN"):
            return roots[0]
    return None



def _noun_next(wh: Token) -> bool:
    """Does a noun phrase follow the wh-word straight away ("What labour union speaks for ...?"), which makes it
    the phrase's determiner, however the parser hangs it?"""
    after = wh.doc[wh.i + 1 : wh.i + 3]
    return len(after) > 0 and (after[0].pos_ == "NOUN" or (
        after[0].pos_ == "ADJ" and len(after) > 1 and after[1].pos_ == "NOUN"))


NOMINAL_POS = frozenset({"DET", "PRON", "PROPN", "NOUN", "NUM"})
AUXILIARY_LEMMAS = frozenset({"do", "be", "have"})


def _opens_inverted_clause(tok: Token) -> bool:
    """An auxiliary right after a comma and before a noun phrase: "..., was there", "..., did the paper"."""
    aux = tok.pos_ == "AUX" or tok.tag_ == "MD" or (tok.lemma_ in AUXILIARY_LEMMAS and tok.tag_.startswith("VB"))
    if not aux or tok.i == 0 or tok.i + 1 >= len(tok.doc) or tok.nbor(-1).text != ",":
        return False
    nxt = tok.nbor(1)
    return nxt.pos_ in NOMINAL_POS or nxt.lower_ == "there"


def inverted_auxiliary(doc: Doc) -> Token | None:
    """The auxiliary of a main clause that comes before its subject ("After the vote, did the party ..."):
    the mark of a yes/no question even behind a fronted phrase."""
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if not roots or not doc.text.rstrip().endswith("?"):
        return None
    root = roots[0]
    auxes = [c for c in root.children if c.dep_ in ("aux", "auxpass") and (c.pos_ == "AUX" or c.tag_ == "MD")]
    if root.pos_ == "AUX":
        auxes.append(root)
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj")]
    if auxes:
        aux = min(auxes, key=lambda t: t.i)
        if any(s.i > aux.i for s in subjects):
            return aux
    # A long fronted phrase ("Between the report of May 1 and ..., was there ...", "After X reported
    # ..., did the paper ...") is often parsed as the main clause, or as a subject of its own; the
    # question is still inverted when, after its comma, an auxiliary comes before a noun phrase.
    return next((t for t in reversed(doc) if _opens_inverted_clause(t)), None)


@lru_cache(maxsize=256)
def analyse_question(question: str, analyser: TextAnalyser) -> QuestionAnalysis:
    """What ``question`` asks for, from its parse by ``analyser``.

    Remembered per (question, analyser): the answerer and the stages after it (the consistency
    verdict) read the same analysis without parsing or analysing again.
    """
    doc = analyser.parse(question)
    wh_tok = _wh_token(doc)
    first = next((t for t in doc if not t.is_punct and not t.is_space), None)
    starts_aux = first is not None and (first.pos_ == "AUX" or first.tag_ == "MD" or (
        first.lemma_ in AUXILIARY_LEMMAS and first.i == 0))
    inverted = inverted_auxiliary(doc)
    if not starts_aux and inverted is not None and (wh_tok is None or wh_tok.i > inverted.i):
        starts_aux = True  # a fronted phrase, then "did ..." / "was there ...": a yes/no question
        if wh_tok is not None:
            wh_tok = None  # "... when Wall Street rebounded": a wh-word inside the claim is not the question's
    wh = wh_tok.lower_ if wh_tok is not None else None
    if wh_tok is not None and starts_aux and (wh_tok.i > 3 or any(
            a.dep_ in ("ccomp", "xcomp", "pcomp", "advcl") for a in wh_tok.ancestors)):
        # "Is it true that what ..." is rare; an embedded "which" in a yes/no question is not its wh-word, nor is
        # the "what" of an embedded question ("Did the airline reveal what discount it got?"), nor a "when" that
        # opens an adverbial clause ("Was anyone hurt when a truck was stoned?")
        wh = None
    expected: frozenset[str] = frozenset()
    allowed: frozenset[str] = frozenset()
    numeric = False
    counted: str | None = None
    degree: str | None = None
    measured_tok: Token | None = None
    measure_of: str | None = None
    wants_short = True
    asked_noun = _head_noun_raw(wh_tok if wh else None, doc)
    head_tok = _unwrap(asked_noun)
    # "what is the name of ...": a proper name answers, not a description
    wants_name = asked_noun is not None and asked_noun.lemma_.lower() == "name" and wh in ("what", "which")
    if wh == "how" and wh_tok is not None and wh_tok.i + 1 < len(doc):
        nxt = doc[wh_tok.i + 1]
        if nxt.lower_ in QUANTITY_ADVERBS:
            wh, numeric = "quantity", True
            duration = TIME_LABELS if nxt.lower_ in DURATION_ADVERBS else frozenset()
            if nxt.lower_ == "many":
                expected = allowed = frozenset({"CARDINAL", "QUANTITY"})
            elif nxt.lower_ == "much" and (
                    spends(nxt.head) or costs_after(nxt) or any(t.lower_ == "worth" for t in doc)):
                # "How much did the bridge cost?", "How much is the order worth?": an amount of money, not a
                # share or a measure
                expected, allowed = frozenset({"MONEY"}), frozenset({"MONEY", "CARDINAL"})
            elif nxt.lower_ == "much":
                # a bare count is no amount; a count with a unit noun is ("35 millimetres")
                expected = frozenset({"MONEY", "PERCENT", "QUANTITY"})
                allowed = expected | {"CARDINAL"}
            else:
                allowed = NUMERIC_LABELS | duration
                # the answer's preferred kind: "how soon/quickly/often" a time, "how long" a time or a
                # length, "how old" an age (a count or a date); "how large/high/far" a measure
                expected = PREFERRED_KIND.get(nxt.lower_, allowed)
                if duration:  # a sum of money or a share is no length of time or age
                    allowed = expected | {"CARDINAL"}
            between = doc[nxt.i + 1 : nxt.head.i]
            degree = nxt.lower_
            if (degree in ("many", "much") and nxt.head.pos_ == "NOUN" and nxt.head.i > nxt.i
                    and not any(t.pos_ in ("AUX", "VERB") for t in between)):
                counted = nxt.head.lemma_.lower()
                head_tok = None
                if head_kind(counted) == "time":  # "how many days": "100 days" is labelled a date
                    expected, allowed = expected | TIME_LABELS, allowed | TIME_LABELS
            elif nxt.head.pos_ == "NOUN" and nxt.head.i > nxt.i:
                measured_tok = nxt.head  # "how long a prison term"
            elif degree == "many" and (part := next(iter(of_objects(nxt)), None)) is not None:
                counted = part.lemma_.lower()  # "How many of the plan's 28 points ...?" counts points
        else:
            wants_short = False  # "how did Kyiv respond": a manner, not a value
    elif wh in ("who", "whom", "whose"):
        expected, allowed = frozenset({"PERSON", "ORG"}), frozenset({"PERSON", "ORG", "NORP", "GPE"})
        # "who is the governor of ...": the noun on the other side of "is" says what kind of who
        attr = [t for t in doc if t.dep_ in ("attr", "nsubj") and t.pos_ == "NOUN" and t.head.lemma_ == "be"]
        # ... and so does the role "as" names: "Who will serve as deputy chief minister?"
        attr += [t for t in doc if t.dep_ == "pobj" and t.pos_ == "NOUN" and t.head.lower_ == "as"
                 and t.head.head.dep_ == "ROOT"]
        # "the co-founder": the tokenizer splits the prefix off, and the parser may take it for the noun
        # ... by the typing lists, or, for a noun a relative clause describes ("Who is the grower who lost his
        # crop?"), by WordNet's first sense of a noun they do not know
        kinds = [(t, head_kind(t.lemma_.lower()) or (first_sense_kind(t.lemma_.lower()) if any(
            c.dep_ == "relcl" for c in t.children) else None)) for t in attr]
        named, named_kind = next(((t, k) for t, k in kinds if k in ("person", "org")), (None, None))
        if named is not None:  # "who is the governor of ...", "who is the operator"
            head_tok = named
            expected, allowed = ALLOWED_FOR[named_kind or "person"]
    elif wh == "where":
        expected, allowed = PLACES, PLACES | {"ORG"}
    elif wh == "when":
        expected = allowed = TIME_LABELS
    elif wh == "why":
        wants_short = False
    elif wh == "what" and wh_tok is not None and costs_after(wh_tok):
        # "What will a return ticket cost?", "What did the club pay?": an amount of money
        expected, allowed, numeric, head_tok = frozenset({"MONEY"}), frozenset({"MONEY", "CARDINAL"}), True, None
    head = head_tok.lemma_.lower() if head_tok is not None else None
    if head and wh not in ("who", "whom", "whose", "when", "where", "quantity"):
        kind = head_kind(head)
        if kind is None and head_tok is not None and not wants_name and (
                wh == "which" or _asked_by_determiner(head_tok)):
            kind = first_sense_kind(head)  # "Which prosecutor / ship-leasing business ...?"
        if kind is None and head_tok is not None and _amount_of(head_tok):
            kind = "number"  # "What is the estimated total bill for rebuilding it?": an amount, whatever a bill is
        if kind is not None:
            expected, allowed = ALLOWED_FOR[kind]
            numeric = kind in AMOUNT_KINDS
        if head_tok is not None and _time_of_day(head_tok):
            expected = frozenset({"TIME"})  # "At what time of day did it begin?": "06:00", not "Monday"
    options = question_options(doc) if wh is None and starts_aux else ()
    form = "wh" if wh else "either_or" if options else "yes_no" if starts_aux else "keyword"
    skip = {t.i for t in doc if t.tag_ in WH_TAGS or t.pos_ == "AUX"}
    if wh == "quantity" and wh_tok is not None:
        skip.add(wh_tok.i + 1)
    focus = content_lemmas(t for t in doc if t.i not in skip) - META_LEMMAS
    names = asked_names(doc)
    if numeric and measured_tok is None and head_tok is not None and head_kind(head or "") == "number":
        # "What is the size of Ukraine's army?" measures the army, as "How large is Ukraine's army?" does
        # (a share "of the vote" is of the whole, not of what it measures)
        measured_tok = next(iter(of_objects(head_tok)), None)
        measure_of = measured_tok.lemma_.lower() if measured_tok is not None else None
    measured = measured_tok.lemma_.lower() if measured_tok is not None else None
    if wh == "quantity" and counted is None and measured is None:
        subj = [t for t in doc if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ == "NOUN"]
        measured = subj[0].lemma_.lower() if subj else None
    slot = (object_slot(wh_tok, analyser.parse) if wh else None) or question_slot(wh_tok if wh else None)
    if degree == "long" and slot is not None and slot[2] != "be":
        expected = TIME_LABELS  # "How long does the crossing take?" asks for a time; "How long is it?" a length
    return QuestionAnalysis(
        text=question, doc=doc, form=form, wh=wh, expected=expected, allowed=allowed, numeric=numeric,
        head=head, counted=counted, focus=frozenset(focus), names=names, options=options,
        wants_short=wants_short and form != "yes_no", measured=measured, measure_of=measure_of,
        slot=slot,
        degree=degree, places=event_places(doc), wants_name=wants_name,
        asks_kind=_asks_kind(wh_tok if wh else None, head_tok), figures=tuple(unit_figures(doc)),
        slot_negated=slot is not None and any(is_negated(t) for t in doc if t.lemma_.lower() == slot[2]),
    )


CLOCK_NOUNS = frozenset({"hour", "minute"})  # English: "at what hour", "at what minute"
# English adjectives and participles that make a noun an amount: "the estimated bill", "the total tab"
AMOUNT_QUALIFIERS = frozenset({"estimate", "estimated", "total"})


def _asked_by_determiner(noun: Token) -> bool:
    """Is the noun the one "which" or "what" asks for ("Which prosecutor ...?", "What agency ...?")?"""
    return any(c.dep_ == "det" and c.lower_ in ("which", "what") for c in noun.children)


def _amount_of(noun: Token) -> bool:
    """Is the noun qualified as an amount ("the estimated bill", "the total tab"): what is estimated or totalled is
    a quantity; so is an estimate or a total itself ("the union's estimate of the back pay"), and a bound put on an
    amount ("a cap on troop numbers", "put a ceiling on the size of the army"; the first senses of "cap" and
    "ceiling" are a hat and a room's)?"""
    if noun.lemma_.lower() in AMOUNT_QUALIFIERS or any(
            c.dep_ == "amod" and c.lemma_.lower() in AMOUNT_QUALIFIERS for c in noun.children):
        return True
    # ... of an amount kind, not any measure: "on Tuesday" (a day is a unit of time) bounds nothing
    bound = [noun, noun.head] if noun.dep_ == "dobj" else [noun]
    return any(c.dep_ == "prep" and c.lower_ == "on" and any(
        o.dep_ == "pobj" and head_kind(o.lemma_.lower()) in AMOUNT_KINDS for o in c.children)
        for t in bound for c in t.children)


def _time_of_day(head: Token) -> bool:
    """Does the head noun ask for a time of day ("at what hour", "what time of day") or a time on the clock
    ("At what time did the quake strike?", "What time did the winner run?"; not "what time of year")?"""
    lemma = head.lemma_.lower()
    if lemma in CLOCK_NOUNS:
        return True
    of = [g for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
    return lemma == "time" and all(g.lemma_.lower() == "day" for g in of)


def _asks_kind(wh: Token | None, head: Token | None) -> bool:
    """Does a what/which determiner ask for a kind of its noun ("Which animals", "What kind of relationship";
    not "What is the capital of X", whose noun is across "is")?"""
    if wh is None or head is None or wh.lower_ not in ("what", "which") or wh.dep_ != "det":
        return False
    return wh.head.i == head.i or _wraps(wh)


def _wraps(wh: Token) -> bool:
    """Does a what/which determiner ask for its noun by a wrapper noun ("What kind of ...", "Which type of ...")?"""
    return wh.head.lemma_.lower() in WRAPPER_NOUNS


def asks_sort(q: QuestionAnalysis) -> bool:
    """Does the question ask for a sort of its noun in so many words ("What kind / type / sort of X ...?")?"""
    return any(t.lower_ in ("what", "which") and t.dep_ == "det" and _wraps(t) for t in q.doc)
