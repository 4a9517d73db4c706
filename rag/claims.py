"""Claims: typed values stated in sentences, extracted at index time, compared across articles.

A claim is one value in one sentence: a number with the noun it counts ("600,000 troops"), an
amount of money, a percentage, a date, or a name (person, organisation, place, ...), together
with what the sentence says about it: the predicate it depends on (``relation``), that
predicate's subject, the sentence's other content words (``terms``), and the times the sentence
names besides the value. Everything comes from the spaCy parse and entity recogniser
(:mod:`rag.nlp`); nothing is specific to any corpus.

Two claims from different articles *conflict* (:func:`conflicting`) when they have the same kind
of value, the values differ (numbers beyond rounding, with the same unit; names that are not
the same name; dates that differ), they are about the same thing at the same time, and their
sentences say the same thing once the values are masked: near-identical masked sentences, or the
same predicate with a shared subject and similar masked sentences. Times must agree: sentences
naming different days ("on Monday" / "on Thursday") or articles published days apart report
different moments, not a disagreement.
"""

from __future__ import annotations

import calendar
import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from spacy.tokens import Doc, Span

from rag.blob_table import BlobTable
from rag.dateline import dateline_end
from rag.figures import own_times, per_unit_noun, states_age
from rag.nlp import (
    NAME_LABELS,
    VALUE_LABELS,
    content_lemmas,
    governing_predicate,
    names_match,
    norm_text,
    sentence_spans,
    value_kind,
)
from rag.numbers import numeric_value, same_number

# v7-v10, v13, v15: rag.figures ("£12m", "Rs 4 lakh", "2:21:37", "R$280 million")
# v11, v12, v14: times of the value's event; v17: figures before names
# in long sentences; v18: no dateline (rag.dateline); v21: an age beside a name ("Joshi, 41,") is no time;
# v22: a sentence goes on after an ellipsis before a lower-case word (rag.nlp); v23: an unlisted currency
# glued to a figure before a scale word ("Sh500 million", rag.figures); v24: a figure "per cent" the recogniser
# left unlabelled (rag.figures); v25: a name its bracketed acronym spells out is one entity (rag.acronyms);
# v26: "fined" is "fine", not "fin" (rag.nlp.silent_e_lemmas); v27: "more than half a trillion dollars" is one
# figure (rag.figures); v28: a figure for one of something ("142 francs a share") has that in its unit;
# v29: figures and times written in turn pair up ("11 percent in 2023, and 18 percent in 2024", rag.figures)
EXTRACTOR_VERSION = "claims-v29"
MAX_VALUES_PER_SENTENCE = 8
MAX_DAYS_APART = 3
MASK = {"number": "NUMBER", "money": "AMOUNT", "percent": "PERCENT", "date": "DATE", "name": "NAME"}


@dataclass(frozen=True, slots=True)
class Claim:
    """One value stated in one sentence of one article. Offsets are in the article's clean text."""

    doc_id: str
    start: int  # sentence
    end: int
    value_start: int  # value, inside the article
    value_end: int
    sentence: str
    value: str
    kind: str  # number, money, percent, date or name
    label: str  # the entity label: names of different labels ("Kenya", "Daniel Kiprop") never conflict
    role: str  # "dependency:preposition" of the value under its predicate ("dobj:", "pobj:in")
    number: float | None
    unit: str
    relation: str
    subject: str
    terms: str
    times: str
    names: str  # the other names in the sentence, normalised, " | "-joined: what the sentence is about

    @property
    def masked(self) -> str:
        """The sentence with the value replaced by a placeholder of its kind."""
        a, b = self.value_start - self.start, self.value_end - self.start
        return f"{self.sentence[:a]}{MASK[self.kind]}{self.sentence[b:]}"

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def _ents_within(ents: Sequence[Span], sent: Span) -> list[Span]:
    """``sent.ents`` from the document's entities computed once (``Span.ents`` rebuilds them all per call)."""
    return [e for e in ents if e.start >= sent.start and e.end <= sent.end]


def _value_spans(sent: Span, sent_ents: Sequence[Span]) -> list[Span]:
    """Entities worth comparing, "Tampa, Florida" merged into one place, numbers with their noun."""
    doc = sent.doc
    ents = [e for e in sent_ents if e.label_ in VALUE_LABELS]
    merged: list[Span] = []
    for e in ents:
        prev = merged[-1] if merged else None
        # "Tampa, Florida" is one place; two names of one label with nothing between them are one
        # name the recogniser split ("Bianca" "Andreescu")
        joined = prev is not None and prev.label_ == e.label_ and (
            e.start == prev.end or (e.label_ == "GPE" and e.start - prev.end == 1 and doc[prev.end].text == ","))
        if prev is not None and joined:
            label = prev.label_
            merged[-1] = doc[prev.start : e.end]
            merged[-1].label_ = label
            continue
        merged.append(e)
    # a long sentence keeps its figures and dates before its names: a wire story's lead names its dateline's
    # place, its outlet and every party before the figure it reports ("OSLO, April 15 (Nordic Finance
    # Review) - Swedish lender X and Norway's Y ... values Y at SEK 46.8 billion")
    kept = sorted(merged, key=lambda e: e.label_ in NAME_LABELS)[:MAX_VALUES_PER_SENTENCE]
    out = []
    for e in sorted(kept, key=lambda e: e.start):
        root = e.root
        if e.label_ in ("CARDINAL", "QUANTITY") and root.dep_ == "nummod" and root.head.i == e.end:
            span = doc[e.start : e.end + 1]
            span.label_ = e.label_
            out.append(span)
        else:
            out.append(e)
    return out


def _role(span: Span) -> str:
    """How the value hangs on its predicate: its dependency and, for an object of a preposition, the preposition."""
    tok = span.root
    if tok.dep_ in ("nummod", "compound", "quantmod") and tok.head.pos_ == "NOUN":
        tok = tok.head
    prep = tok.head.lower_ if tok.dep_ in ("pobj", "pcomp") else ""
    return f"{tok.dep_}:{prep}"


_PLACE = frozenset({"GPE", "LOC", "FAC"})


def same_label_group(a: str, b: str) -> bool:
    return a == b or (a in _PLACE and b in _PLACE)


def extract_claims(doc: Doc, doc_id: str) -> list[Claim]:
    """Every claim in an article's parse (``doc`` is the parse of the whole clean text)."""
    out: list[Claim] = []
    # Both computed once per document: Doc.text joins every token and Span.ents rebuilds every
    # entity of the document on each access, which made extraction quadratic in article length.
    text = doc.text
    doc_ents = list(doc.ents)
    for s, e in sentence_spans(doc):
        sent = doc.char_span(s, e, alignment_mode="expand")
        if sent is None:
            continue
        filed = dateline_end(sent[0].sent)  # the dateline's names and date are no claims
        sent_ents = [e for e in _ents_within(doc_ents, sent) if filed is None or e.end > filed]
        values = _value_spans(sent, sent_ents)
        if not values:
            continue
        moments = [t for t in sent_ents if t.label_ in ("DATE", "TIME") and not _duration(t)]
        names = sorted({norm_text(t.text) for t in sent_ents if t.label_ in NAME_LABELS})
        figures = [v for v in values if value_kind(v.label_) in ("number", "money", "percent")]
        paired = own_times(figures, [t for t in moments if not any(_of_another_event(t, f) for f in figures)])
        for v in values:
            kind = value_kind(v.label_)
            pred = governing_predicate(v.root)
            own = [paired[v.start]] if v.start in paired else moments
            subj = [c for c in pred.children if c.dep_ in ("nsubj", "nsubjpass")]
            unit = ""
            if kind in ("number", "money", "percent"):
                last = v[-1]
                unit = last.lemma_.lower() if last.pos_ == "NOUN" else ("%" if kind == "percent" else "")
                if (one := per_unit_noun(v)) is not None:
                    unit = f"{unit}/{one}"  # "142 francs a share" is no price of the whole
            out.append(Claim(
                doc_id=doc_id, start=s, end=e, value_start=v.start_char, value_end=v.end_char,
                sentence=text[s:e], value=v.text, kind=kind, label=v.label_, role=_role(v),
                number=numeric_value(v) if kind in ("number", "money", "percent") else None, unit=unit,
                relation=(pred.lemma_ or pred.text).lower(),
                subject=" ".join(sorted(content_lemmas(t for x in subj for t in x.subtree))),
                terms=" ".join(sorted(content_lemmas(t for t in sent if not (v.start <= t.i < v.end)))),
                times=" | ".join(sorted({norm_text(t.text) for t in own
                                         if not _of_another_event(t, v)} - {norm_text(v.text)})),
                names=" | ".join(n for n in names if n != norm_text(v.text)),
            ))
    return out


# --- comparison ------------------------------------------------------------------------------------
ORDINAL_SUFFIXES = ("st", "nd", "rd", "th")


def date_parts(text: str) -> tuple[int | None, str | None, int | None]:
    """(year, month, day) a date names, each None when it does not: "September 20th" -> (None, "sep", 20)."""
    words = [w[:-2] if w[-2:] in ORDINAL_SUFFIXES and w[:-2].isdigit() else w for w in norm_text(text).split()]
    year = next((int(w) for w in words if w.isdigit() and len(w) == 4), None)
    # a month's name or its abbreviation ("Sept"), not any word it begins ("decade", "novel", "market")
    month = next((w[:3] for w in words if w in _MONTH_WORDS), None)
    # a day is a number beside a month, not any small number ("the 24 hours", "its 25th year")
    day = next((int(w) for w in words if w.isdigit() and 1 <= int(w) <= 31 and len(w) <= 2 and month is not None),
               None)
    return year, month, day


# a month's name or its abbreviation
_MONTH_WORDS = frozenset({m.lower() for m in calendar.month_name[1:]} | {m.lower() for m in calendar.month_abbr[1:]}
                         | {"sept"})
# each month's three-letter name (as date_parts gives it) -> its number; built once: indexing calendar.month_abbr
# formats all twelve names each time (a few ms a question)
MONTH_NUMBERS = {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}


def values_differ(a: Claim, b: Claim) -> bool:
    """Do two claims of one kind state different values?"""
    if a.kind != b.kind:
        return False
    if a.kind in ("number", "money", "percent"):
        if a.number is None or b.number is None:
            return False
        if a.unit and b.unit and a.unit != b.unit:
            return False  # 11 people vs 23 vehicles: different things
        return not (same_number(a.number, b.number)
                    or abs(a.number - b.number) <= max(_approximation(a), _approximation(b)))
    if a.kind == "date":
        return times_differ(a.value, b.value)
    return not names_match(a.value, b.value)


def times_differ(a: str, b: str) -> bool:
    """Do two times name different moments: two clock readings, or a year, month or day both name, named
    differently ("2015" / "December 2005"; not "2015" / "December 2015", nor "May" / "June 2020": a lone month
    is too loose to compare)?"""
    ca, cb = clock_reading(a), clock_reading(b)
    if ca is not None and cb is not None:
        return ca != cb  # "at 06:00" / "at 07:00", "in 2:06:14" / "in 2:06:41"
    pa, pb = date_parts(a), date_parts(b)
    shared = [(x, y) for x, y in zip(pa, pb, strict=True) if x is not None and y is not None]
    # a lone month or day is too loose to compare ("in May"); a year, or two parts, is not
    precise = sum(x is not None for x in pa) >= 2 or (pa[0] is not None and pb[0] is not None)
    return bool(shared) and any(x != y for x, y in shared) and precise


def clock_reading(text: str) -> int | None:
    """Seconds a time of day or a running time states ("06:00", "7:30 p.m.", "7 pm", "2:06:14"), or None
    when the text is none ("Monday", "morning", "March 3")."""
    words = norm_text(text).split()
    after = {"pm": 12, "am": 0}  # hours added after noon (norm_text writes "p.m." as "pm")
    half = next((after[w] for w in words if w in after), None)
    digits = [w for w in words if w not in after]
    if (not digits or not all(w.isdigit() for w in digits) or len(digits) > 3
            or (half is None and (":" not in text or len(digits) == 1))):
        return None  # "2023-24" is a season, "3" a count
    parts = [int(w) for w in digits] + [0] * (3 - len(digits))
    if parts[1] >= 60 or parts[2] >= 60:
        return None
    hours = parts[0] % 12 + half if half is not None else parts[0]
    return hours * 3600 + parts[1] * 60 + parts[2]


# Words that make a figure a round approximation: "about 1,200" agrees with "1,214".
APPROXIMATORS = frozenset("about around approximately roughly nearly almost some circa".split())


def _approximation(claim: Claim) -> float:
    """How far off an approximate figure ("about 1,200") may be: half a unit of its last non-zero digit."""
    before = claim.sentence[: max(0, claim.value_start - claim.start)].lower().split()
    said = [*before[-1:], *claim.value.lower().split()[:1]]  # the recogniser may leave "around" out of the value
    number = abs(claim.number or 0)
    if not APPROXIMATORS & set(said) or number < 1 or number != int(number):
        return 0.0
    unit = 1
    while int(number) % (unit * 10) == 0:
        unit *= 10
    return unit / 2


def date_precision(claim: Claim) -> int:
    """How many of year, month and day a date claim names (0 for other kinds)."""
    return sum(x is not None for x in date_parts(claim.value)) if claim.kind == "date" else 0


# English units of time, in days
UNIT_DAYS = {"second": 1 / 86400, "minute": 1 / 1440, "hour": 1 / 24, "day": 1, "week": 7, "fortnight": 14,
             "month": 30, "year": 365, "decade": 3650, "century": 36500}
TIME_UNITS = frozenset(UNIT_DAYS)


def _duration(ent: Span) -> bool:
    """Is this time mention a length of time ("seven months", "nearly three years", "11.2 months") or an
    age ("a 71-year-old man", which the recogniser labels a date), not a moment? Two sentences giving
    different lengths of time may still report the same moment."""
    return ((ent.root.lemma_.lower() in TIME_UNITS and any(t.like_num for t in ent)
             and not any(t.pos_ == "PROPN" for t in ent)) or states_age(ent))


SUBORDINATE_DEPS = frozenset({"relcl", "acl", "advcl"})


def _of_another_event(time: Span, value: Span) -> bool:
    """Is this time mention that of a subordinate clause the value is not in ("called 41 witnesses during a
    trial that began in September 2021": when the trial began, not when the witnesses were called)?"""
    pred = governing_predicate(time.root)
    return (pred.dep_ in SUBORDINATE_DEPS and pred.i != governing_predicate(value.root).i
            and not any(a.i == pred.i for a in value.root.ancestors))


def published_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


def _absolute(times: set[str]) -> set[str]:
    """Time mentions that name a calendar date or year ("March 3", "2024"), not a weekday or "last week"."""
    return {t for t in times if any(w.isdigit() or w[:3] in MONTH_NUMBERS for w in t.split())}


# a year told from the article's own: "last year" in an article of 2025 is 2024
RELATIVE_YEARS = {"last year": -1, "this year": 0, "next year": 1}


def years_named(times: set[str], published: date | None) -> set[int]:
    """The years a sentence's time mentions name, a relative year counted from the publication date."""
    years = {int(w) for t in times for w in t.split() if len(w) == 4 and w.isdigit() and 1800 < int(w) < 2200}
    if published is not None:
        years |= {published.year + shift for t in times for phrase, shift in RELATIVE_YEARS.items() if phrase in t}
    return years


def same_time(a: Claim, b: Claim, date_a: str | None, date_b: str | None) -> bool:
    """Do the two sentences report the same moment?

    Articles published days apart report different moments unless they name the same calendar
    date; sentences naming different times ("on Monday" / "on Thursday") do too. A sentence naming
    no time reports its article's: "paid $300 million for it in 2022" is not what an article of 2025
    says was paid "now", nor "last year" what another says of this year.
    """
    ta, tb = {t for t in a.times.split(" | ") if t}, {t for t in b.times.split(" | ") if t}
    da, db = published_date(date_a), published_date(date_b)
    if da and db and abs((da - db).days) > MAX_DAYS_APART:
        return bool(_absolute(ta) & _absolute(tb))
    if ta and tb:
        return bool(ta & tb)
    ya, yb = years_named(ta, da), years_named(tb, db)
    if ya and not tb and db is not None:
        return db.year in ya
    if yb and not ta and da is not None:
        return da.year in yb
    return True


def same_subject_names(a: Claim, b: Claim) -> bool:
    """Unless both sentences name things and share none ("Ontario's outbreak" / "Alberta's outbreak")."""
    na, nb = [n for n in a.names.split(" | ") if n], [n for n in b.names.split(" | ") if n]
    if not na or not nb:
        return True
    return any(names_match(x, y) for x in na for y in nb)


def shared_terms(a: Claim, b: Claim) -> int:
    return len(set(a.terms.split()) & set(b.terms.split()))


# --- a cache of extracted claims, keyed by article text --------------------------------------------
class ClaimCache:
    """Claims per article text hash, so a rebuild or a re-index does not parse unchanged text again."""

    def __init__(self, path: Path, model: str) -> None:
        self._table = BlobTable.open(path, "claims", value_type="TEXT")
        self._salt = f"{EXTRACTOR_VERSION}|{model}|"

    def _key(self, doc_id: str, text: str) -> str:
        return hashlib.sha256((self._salt + doc_id + "\0" + text).encode("utf-8")).hexdigest()

    def get(self, doc_id: str, text: str) -> list[Claim] | None:
        data = self._table.get(self._key(doc_id, text))
        return None if data is None else [Claim(**c) for c in json.loads(data)]

    def put(self, doc_id: str, text: str, claims: Sequence[Claim]) -> None:
        data = json.dumps([c.to_json() for c in claims], ensure_ascii=False)
        self._table.put_many([(self._key(doc_id, text), data)])

    def commit(self) -> None:
        self._table.commit()

    def close(self) -> None:
        self._table.close()
