"""Which time a question asks about and which a candidate's own phrase gives: a figure "in March" is not the
one "in April", one whose sentence names no year is of its article's year, "last year" and "on Thursday" are
counted from the article's date.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, timedelta

from spacy.tokens import Token

from rag.answer.question import QuestionAnalysis
from rag.answer.units import WEEKDAYS, counts_time
from rag.claims import date_parts, published_date, years_named
from rag.nlp import NAME_LABELS, TIME_LABELS, governing_predicate, norm_text

# days after a year's end in which a report may still tell that year's figures as its own (annual results, a season
# reviewed in the new year)
REPORTING_LAG = 120
STATE_VERBS = frozenset({"be", "have"})  # English: "Who is the CEO in 2021?" asks who held a post then


def times_asked(q: QuestionAnalysis) -> list[tuple[int | None, str | None, int | None]]:
    """(year, month, day) of each date the question names with a year or a month; a year in a title ("Wonder
    Woman 1984") names no time."""
    return [p for e in q.doc.ents if e.label_ == "DATE" and any((p := date_parts(e.text))[:2])
            and not (e.root.dep_ in ("nummod", "compound") and e.root.head.pos_ == "PROPN")]


def dated_by_time(q: QuestionAnalysis) -> bool:
    """Is what the question asks for told by a sentence of the date it names: a figure, a date, or who did
    something ("Which club signed him in 2021?"), not who holds a post ("Who is the CEO in 2021?")?"""
    return q.numeric or q.expected <= TIME_LABELS or bool(
        q.expected & NAME_LABELS and q.slot is not None and q.slot[2] not in STATE_VERBS)


def asked_time(asked: Sequence[tuple[int | None, str | None, int | None]], said: str | None) -> bool:
    """Does a span's own date name the year (and month) of a date the question names ("48% in the last
    election in 2019" for "What was the turnout in 2019?")?"""
    if said is None:
        return False
    year, month, _ = date_parts(said)
    return any((y is None or y == year) and (m is None or m == month) and (y is not None or m is not None)
               for y, m, _ in asked)


def other_time(asked: Sequence[tuple[int | None, str | None, int | None]], said: str | None) -> bool:
    """Does a span's own date name another year, month or day than every date the question names?"""
    if said is None:
        return False
    year, month, day = date_parts(said)
    return all((year is not None and y is not None and y != year) or (month is not None and m is not None
               and m != month) or (day is not None and d is not None and m == month and d != day)
               for y, m, d in asked)


def another_year(asked: Sequence[tuple[int | None, str | None, int | None]], said: str | None,
                 published: str | None) -> bool:
    """Is a figure whose own date names no year (so it tells its article's present: "won 23 seats in results
    declared on Friday" in an article of 2025) of another year than every year the question names ("How many
    seats did it win in 2020?")? The next year is left to the figure (a forecast), and so is the last while its
    end is within ``REPORTING_LAG`` days: a report of early January tells last December's results without naming
    the year, one of December tells its own year's ("the league's top scorer with 22 goals" is not 2023's)."""
    day = published_date(published)
    years = [y for y, _, _ in asked if y is not None]
    return (day is not None and bool(years) and (said is None or date_parts(said)[0] is None)
            and all(y - day.year > 1 or (y < day.year and (day - date(y, 12, 31)).days > REPORTING_LAG)
                    for y in years))


def names_asked_year(asked: Sequence[tuple[int | None, str | None, int | None]], root: Token) -> bool:
    """Does a clause above the span name a year the question names ("raised 45 million dollars in 2023, in a round
    led by X" for "Which firm led the 2023 round?": the year hangs on the verb over the span's own)? Not a clause
    beside it: "The Union Front, which had won 24 seats in 2020, was reduced to 12" gives 2020 to the 24 seats."""
    years = {y for y, _, _ in asked if y is not None}
    above = {t.i for t in root.ancestors} | {root.i}
    return any(e.label_ == "DATE" and date_parts(e.text)[0] in years and governing_predicate(e.root).i in above
               for e in root.sent.ents)


def earlier_year(said: str | None, published: str | None) -> bool:
    """Does a span's own date (as :func:`with_date` writes it) name a year before its article's ("last
    year 2024", "in 2023" in an article of 2025)?"""
    day = published_date(published)
    year = date_parts(said)[0] if said is not None else None
    return day is not None and year is not None and year < day.year


def with_date(said: str | None, published: str | None) -> str | None:
    """A span's own date with what a relative one names written out, counted from the article's
    publication date, so it compares as a date: "last year" in an article of 2025 is "last year 2024",
    "on Thursday" in an article of Thursday, March 6, 2025 is "Thursday March 6" (a weekday is the
    last one on or before the publication day: news reports what happened)."""
    if said is None:
        return None
    day = published_date(published)
    years = years_named({norm_text(said)}, day) - set(filter(None, [date_parts(said)[0]]))
    if len(years) == 1:
        return f"{said} {min(years)}"
    weekday = next((WEEKDAYS.index(w) for w in norm_text(said).split() if w in WEEKDAYS), None)
    if day is not None and weekday is not None and not any(date_parts(said)[1:]):
        then = day - timedelta(days=(day.weekday() - weekday) % 7)
        return f"{said} {calendar.month_name[then.month]} {then.day}"
    return said


def own_time(root: Token) -> str | None:
    """The date a span's own phrase gives ("from 3.2% in March"), else one its verb gives outside other
    figures' phrases ("fell to 2.3% in April from 3.2% in March": April for 2.3%)."""
    # "a 7.1% increase after a one-day stoppage": a length of time that describes a thing dates nothing
    dates = [e for e in root.doc.ents
             if e.label_ == "DATE" and not (e.root.dep_ in ("compound", "amod") and counts_time(e))]
    phrase = root.head if root.dep_ in ("nummod", "compound", "quantmod") else root
    if phrase.dep_ == "pobj":
        phrase = phrase.head
    near = {t.i for t in phrase.subtree}
    own = [e for e in dates if e.root.i in near]
    if own:
        return own[0].text
    pred = governing_predicate(phrase)
    around = {t.i for c in pred.children if c.dep_ in ("prep", "npadvmod") and c.i not in near
              and not any(t.like_num and t.ent_type_ != "DATE" for t in c.subtree) for t in c.subtree}
    if pred.dep_ == "relcl":  # a relative clause is dated by what it describes: "since 2010, when 33 men were
        # trapped", "the 2010 mine collapse, in which 33 workers were trapped"
        around |= {pred.head.i} | {c.i for c in pred.head.children if c.dep_ in ("compound", "nummod", "amod")}
    return next((e.text for e in dates if e.root.i in around), None)
