"""What a number counts: the noun beside it, as a short answer's unit and as a match for the question's;
and whether a time is a length of time or a point in time (which month or year it names, and which the question
asks about: :mod:`rag.answer.dating`).

"600,000 troops" counts troops, "82 mm of rain" millimetres of rain; a "how many aircraft" question
is not answered by a count of troops, a "how long" question not by "Wednesday".
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from embeddings import Embedder
from rag.answer.kinds import head_kind
from rag.answer.question import DURATION_ADVERBS, QuestionAnalysis
from rag.claims import UNIT_DAYS, date_parts
from rag.figures import states_age
from rag.lexicon import is_kind_of, is_money
from rag.nlp import norm_text, of_objects
from rag.numbers import SCALE_WORDS, numeric_value

if TYPE_CHECKING:
    from rag.answer.evidence import AnswerSpan


def with_unit(q: QuestionAnalysis, ent: Span) -> tuple[int, int]:
    """Token range of a number plus the noun it counts, unless the question already names that noun;
    of a modifier plus the noun a "which X" question asks about ("the third floor" for "which floor")."""
    root = ent.root
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if (after is not None and after.head.i == root.i and after.pos_ == "NOUN" and ent.label_ == "CARDINAL"
            and after.lower_ not in q.focus):
        return ent.start, ent.end + 1  # "about 100 times smaller": the parser may hang the noun on the number
    if root.head.i != ent.end or root.head.pos_ != "NOUN":
        return ent.start, ent.end
    noun = root.head.lemma_.lower()
    if q.head and noun == q.head and head_kind(q.head) is None and root.dep_ in ("amod", "nummod", "compound"):
        return ent.start, ent.end + 1
    if ent.label_ in ("CARDINAL", "QUANTITY", "NUM") and root.dep_ == "nummod":
        if noun not in q.focus and noun != q.counted:
            return ent.start, ent.end + 1
    return ent.start, ent.end


def counted_nouns(span: Span, counting: bool = False) -> list[str]:
    """The nouns a number counts: "troops" in "600,000 troops", "millimetre" and "rain" in "82 mm of rain".
    ``counting`` (a "how many X" question): what a measure is of is not what it counts ("82 millimetres
    of rain" counts no rain), what a number word is of is ("hundreds of homes")."""
    out = []
    last = span[-1]
    noun = last if last.pos_ == "NOUN" and not last.like_num else None
    root = span.root
    if noun is None and root.dep_ in ("nummod", "quantmod") and root.head.pos_ == "NOUN":
        noun = root.head
    bare = root.like_num and root.ent_type_ in ("CARDINAL", "")  # a count, not a sum of money or a date
    if noun is None and bare and root.dep_ in ("nsubj", "nsubjpass", "dobj"):
        # "Two people died and 15 were taken to hospital", "killing 23 people and injuring more than 140":
        # a bare number counts what the number before it does
        noun = next((t.head for t in reversed(span.sent[: root.i - span.sent.start])
                     if t.like_num and t.dep_ == "nummod" and t.head.pos_ == "NOUN"), None)
    if noun is None and bare:
        # a part of a whole counts what the whole does: "won 23 of the 40 seats", "three of the judges"
        noun = next(iter(of_objects(root)), None)
    if noun is not None:
        out.append(noun.lemma_.lower())
        if counting and not (noun.like_num or noun.ent_type_ == "CARDINAL"):
            return out  # a measure, not a number word
        out += [c.lemma_.lower() for c in of_objects(noun)]  # a measure of something: "millimetres of rain"
    return out


def unit_similarity(
    q: QuestionAnalysis, spans: Sequence[Span], embedder: Embedder, stated: bool = False
) -> list[float | None]:
    """Similarity of what each numeric span counts to what the question counts or measures (None: unknown).
    ``stated``: the spans' sentence states the question's own predicate (:func:`rag.answer.roles.predicate_words`,
    which no light verb does), where a count of a more general kind counts the asked one ("shelters were housing
    1,240 people" for "How many evacuees were being housed?"; not "3,000 people are in the valley" for "How many
    evacuees are there?")."""
    if q.quantifier == "much" and q.counted:
        # "how much rain": a measure ("35 millimetres") is never close to what it measures; it is the one a
        # sentence that speaks of it gives ("Insurers estimate the damage at €80 million", not "rose four metres")
        return [1.0 if any(t.lemma_.lower() == q.counted for t in s.sent) else None for s in spans]
    target = q.counted if q.quantifier == "many" else q.measured
    units = [counted_nouns(s, counting=q.quantifier == "many") for s in spans]
    if not target or not any(units):
        return [None] * len(spans)
    words = sorted({u for us in units for u in us} | {target})
    vecs = dict(zip(words, embedder.embed_documents(words), strict=True))
    def counts(u: str) -> bool:
        return u == target or counts_kind(u, target) or (stated and counts_kind(target, u))

    return [max((1.0 if counts(u) else float(vecs[u] @ vecs[target]) for u in us), default=None) for us in units]


# English nouns whose plural spaCy keeps as its own lemma, with the singular WordNet files kinds under
COLLECTIVE_PLURALS = {"people": "person"}


def counts_kind(unit: str, counted: str) -> bool:
    """Does a count of ``unit`` count ``counted``: a kind of it by WordNet ("61,200 spectators", "38,000
    residents" for "how many people"), which the embedder may put far from it (spectator / people 0.40)?"""
    return is_kind_of(COLLECTIVE_PLURALS.get(unit, unit), COLLECTIVE_PLURALS.get(counted, counted))


def counts_things(span: Span, label: str) -> bool:
    """Does this figure count things that are no money ("184,877 vehicles", "70,757 employees"), so that it
    is no answer to what a sum of money is ("What was Tesla's revenue?")? A figure labelled money or a
    share, or one counted in money or a scale ("Rs 28 crore", "500 million shillings"), is not such a count."""
    if label in ("MONEY", "PERCENT"):
        return False
    nouns = counted_nouns(span)
    return bool(nouns) and not any(is_money(n) or n in SCALE_WORDS for n in nouns)


PER_UNIT = frozenset({"each", "every", "per", "apiece"})  # English: "each customer", "per day", "R450 million a day"
# English adjectives that ask a figure for one stretch of time: "What weekly wage ...?" asks for one week's
PER_TIME = {"hourly": "hour", "daily": "day", "weekly": "week", "monthly": "month"}


def per_unit_asked(q: QuestionAnalysis) -> str | None:
    """The noun a figure question asks for one of ("How much will X credit each customer?", "each of the four
    riders", "per day", "What weekly wage ...?"), if any; not a figure's own "each" ("a payment of 3 million pesos
    each")."""
    if not q.numeric:
        return None
    for tok in q.doc:
        low = tok.lower_
        if low in PER_TIME and tok.dep_ == "amod":
            return PER_TIME[low]
        if low in ("each", "every") and tok.dep_ == "det" and tok.head.pos_ == "NOUN":
            return tok.head.lemma_.lower()
        if low in ("each", "per"):
            held = [o for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children
                    if o.dep_ == "pobj"] if low == "each" else [o for o in tok.children if o.dep_ == "pobj"]
            if held:
                return held[0].lemma_.lower()
    return None


def says_per_unit(noun: str, sent: Span) -> bool:
    """Does the sentence give a figure for one of something ("each", "per", "apiece"), or "a" of the noun asked
    about ("R450 million a day" for "each day", "€15 an hour" or "an hourly rate" for "What hourly rate ...?")? A
    total for all customers does not say what each gets."""
    return any(t.lower_ in PER_UNIT or PER_TIME.get(t.lower_) == noun or (
        t.lower_ in ("a", "an") and t.dep_ == "det" and t.head.lemma_.lower() == noun) for t in sent)


COUNT_HEADS = frozenset({"number", "count", "total", "tally"})  # English: "What was the number of aftershocks?"


def counts_measured(q: QuestionAnalysis, span: Span) -> bool:
    """Does this figure count the very things the question asks a measure of ("60 aftershocks" for "What
    was the magnitude of the aftershock?"), which answers only what their number is? A figure before one
    such thing measures it ("a magnitude 6.9 earthquake")."""
    if q.measure_of is None or q.head in COUNT_HEADS:
        return False
    nouns = [t for t in (*span, span.root.head) if t.pos_ == "NOUN" and t.lemma_.lower() == q.measure_of]
    return q.measure_of in counted_nouns(span) and any(t.tag_ in ("NNS", "NNPS") for t in nouns)


WEEKDAYS = [d.lower() for d in calendar.day_name]  # English, Monday first as date.weekday() counts


CLOCK_WORDS = frozenset({"am", "pm", "a.m.", "p.m.", "o'clock", "noon", "midnight"})  # English clock times


def is_dated(span: Span) -> bool:
    """Does this span name a date or a time of day ("June 14", "2015", "10am", "7:30 a.m.")?"""
    return any(date_parts(span.text)) or any(t.lower_ in CLOCK_WORDS or (":" in t.text and t.like_num) for t in span)


def is_length(span: Span) -> bool:
    """Does this time span measure a length ("45 minutes", "the coming days", "five years") rather than
    name a point in time ("7:30 a.m.", "Thursday")?"""
    return not is_dated(span) and any(t.pos_ == "NOUN" and head_kind(t.lemma_.lower()) == "time" for t in span)


def counts_time(span: Span) -> bool:
    """Is this a length of time or an age ("five years", "a decade", "41", "spent days"), not a point in time
    ("June 14", "2015", "Wednesday")?"""
    return not is_dated(span) and (
        any(t.like_num or (t.lower_ in ("a", "an") and t.head.pos_ == "NOUN") for t in span) or bare_length(span))


def time_units(tok: Token) -> bool:
    """Is this noun units of time in the plural ("days", "the coming weeks", "months")?"""
    return tok.tag_ == "NNS" and tok.lemma_.lower() in UNIT_DAYS


# English words that count a few units of time
FEW = {"a": (1, 1), "an": (1, 1), "one": (1, 1), "couple": (2, 3), "few": (2, 9), "several": (3, 9)}
LOOSE = 1.25  # two lengths of time within this ratio may be one told two ways ("12 months" / "a year")


def duration_days(span: Span) -> tuple[float, float] | None:
    """The least and most days a length of time spans ("five years": 1825-1825; "a few hours": 2-9 hours;
    "days", a plural that counts nothing: 2-12 days), or None when it is no length of time ("March 4",
    "Thursday")."""
    units = [t for t in span if t.lemma_.lower() in UNIT_DAYS]
    if len(units) != 1 or is_dated(span):
        return None
    unit = UNIT_DAYS[units[0].lemma_.lower()]
    number = numeric_value(span)
    if number is not None:
        low, high = number, number
    else:
        few = [FEW[t.lower_] for t in span if t.lower_ in FEW]
        if few:
            low, high = few[-1]
        elif units[0].tag_ == "NNS":
            low, high = 2, 12
        else:
            return None
    return low * unit, high * unit


def durations_differ(a: Span, b: Span) -> bool:
    """Do two lengths of time differ beyond telling one two ways ("a few hours" / "days", "five-year" /
    "eight-year"; not "12 months" / "a year")?"""
    da, db = duration_days(a), duration_days(b)
    if da is None or db is None:
        return False
    return da[1] * LOOSE < db[0] or db[1] * LOOSE < da[0]


def bare_length(span: Span) -> bool:
    """Is this a unit of time in the plural, counting nothing ("spent days discussing", "for weeks", "took
    months"): an uncounted length of time?"""
    if len(span) != 1:
        return False
    tok = span[0]
    return time_units(tok) and not any(c.dep_ in ("nummod", "det", "amod", "poss") for c in tok.children)


FRACTION_WORDS = frozenset("half halves quarter quarters thirds fifths tenths".split())  # English
PER_WORDS = frozenset({"a", "an", "every", "each"})  # "one flat in a hundred", "one in every five"


def is_proportion(span: Span) -> bool:
    """Is this a share of something ("more than half", "two-thirds", "one in five", "one flat in a
    hundred"), not a count of it ("nearly half a million")?"""
    if any(t.lower_ in FRACTION_WORDS for t in span):
        return not any(t.lower_ in SCALE_WORDS for t in span)  # "half a million people" counts them
    doc = span.doc
    start = span.start - (span.start > 0 and doc[span.start - 1].lower_ in PER_WORDS)
    counts = span.end < len(doc) and doc[span.end].pos_ == "NOUN"  # "in 11 countries" says where, not per what
    if (start > 1 and doc[start - 1].lower_ == "in" and not counts
            and any(t.like_num for t in doc[max(start - 3, 0) : start - 1])):
        return True  # the "a hundred" of "one flat in a hundred"
    after = [t for t in doc[span.end : span.end + 6] if not t.is_punct]
    if after and after[0].lower_ == "in":  # "one in five", "one in every five voters"
        return _per_figure(after[1:], noun_after=True)
    if len(after) > 2 and after[0].is_alpha and after[1].lower_ == "in":
        # "one flat in a hundred"; not "48,000 adults in 11 countries", which says where they were
        return _per_figure(after[2:], noun_after=False)
    return False


def _per_figure(words: Sequence[Token], noun_after: bool) -> bool:
    """Do the words after "in" give what things are counted per ("a hundred", "every five", "five"); a bare
    figure followed by a noun only when ``noun_after`` ("in 11 countries" says where)?"""
    if words and words[0].lower_ in PER_WORDS:
        return len(words) > 1 and words[1].like_num
    return bool(words) and words[0].like_num and (noun_after or not (len(words) > 1 and words[1].pos_ == "NOUN"))


def counts_money(span: Span) -> bool:
    """Is this a figure of units of money, by WordNet ("2 million kroner"; not "610 people", nor "a quarter",
    which has no figure)?"""
    return any(t.like_num for t in span) and any(is_money(n) for n in counted_nouns(span))


def counts_measure(span: Span) -> bool:
    """Is this a figure of units of measurement, by WordNet ("8,400 hectares", "45 kilometres"; not "610
    people")?"""
    return any(t.like_num for t in span) and any(is_kind_of(n, "unit_of_measurement") for n in counted_nouns(span))


AGE_REACH = 2  # "the 52-year-old Adaeze Okonkwo" (1), "Okonkwo, aged 52" (2)


def age_of(q: QuestionAnalysis, span: Span) -> bool:
    """Is this span an age given of a name the question names: an age (:func:`states_age`) that hangs on
    one of the name's words, at most ``AGE_REACH`` steps up ("the 61-year-old chairman praised Okonkwo"
    is the chairman's age, not Okonkwo's)?"""
    words = {w for n, _ in q.names for w in norm_text(n).split()}
    return states_age(span) and any(norm_text(t.text) in words for t in list(span.root.ancestors)[:AGE_REACH])


CALENDAR_NOUNS = frozenset({"year", "month"})  # "what year", "which month": a point in the calendar


def figure_fits(q: QuestionAnalysis, span: Span, label: str, role: float) -> bool:
    """Can this span be the kind of figure the question asks for? Not a count of something else for "how
    soon" ("600,000 troops"), a bare number for "how long" (an age: "Mallard, 58,"), the "one" of "No
    one", a count of things for a sum of money ("610 people"), a share for "how many" ("more than half"),
    a length for "when" ("barred for five years") or "what year", nor for "How old is X?" anything but X's age ("Sato,
    41," in the asked role ``role``, or "the 41-year-old Sato";
    not "within 14 days", nor "The 23-year-old" said of someone else)."""
    root, doc = span.root, span.doc
    if q.degree in DURATION_ADVERBS and label in ("CARDINAL", "NUM") and (
            (nouns := counted_nouns(span)) and not any(head_kind(n) == "time" for n in nouns)):
        return False
    if root.lower_ == "one" and span.start > 0 and doc[span.start - 1].lower_ == "no":
        return False
    if q.degree == "long" and all(t.like_num for t in span):
        return False  # "Gregory Mallard, 58,": a bare number is an age or a count, no length of time
    if q.expected == {"MONEY"} and label == "CARDINAL" and counted_nouns(span) and not counts_money(span):
        return False  # "about 610 people" is no sum of money; "85 million crowns" is
    if q.quantifier == "many" and is_proportion(span):
        return False
    if (q.wh == "when" and label in ("DATE", "TIME") and root.dep_ == "pobj" and root.head.lower_ == "for"
            and counts_time(span)):
        return False
    if q.head in CALENDAR_NOUNS and label in ("DATE", "TIME") and counts_time(span):
        return False  # "In what year was the club founded?": "owned it for 41 years" counts years, it names none
    return not (q.degree == "old" and not (role >= 1.0 or age_of(q, span)))


def fullest_date(span: AnswerSpan, found: Sequence[AnswerSpan], resolved: str | None = None) -> AnswerSpan:
    """A date answer as the most precise candidate date that agrees with it ("2015" -> "December 2015",
    "early 2020" -> "May 29, 2020"): the same year, and the same month and day where it names them; a weekday
    as the date its article's own date makes it (``resolved``: "Saturday June 14" for "Saturday" in a report of
    Tuesday, June 17), when another candidate names that date. Only candidates that sit where the answer sits
    count; ``found`` is best first."""
    if span.label != "DATE":
        return span
    year, month, day = date_parts(span.text)
    most = sum(x is not None for x in (year, month, day))
    if not most and resolved is not None:
        # only a weekday resolves to a month and day (rag.answer.dating.with_date); the year is left open: "June 14"
        # and "June 14, 2025" agree
        year, month, day = date_parts(resolved)
        if month is None or day is None:
            return span
    elif year is None:
        return span
    best = span
    for other in found:
        if other.label != "DATE" or not other.in_role:
            continue
        y, m, d = date_parts(other.text)
        named = sum(x is not None for x in (y, m, d))
        if year in (None, y) and month in (None, m) and day in (None, d) and named > most:
            best, most = other, named
    return best
