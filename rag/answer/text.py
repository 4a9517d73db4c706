"""Small text helpers for answering: sentence spans, content-word stems, question analysis."""

from __future__ import annotations

import re
from dataclasses import dataclass

_STOP = frozenset(
    """a an the and or but if then than that this these those there here of in on at to for from by with
    about as into onto over under after before between through during without within is are was were be been
    being am do does did doing have has had having will would shall should can could may might must it its
    they them their theirs he him his she her hers we us our you your i me my what which who whom whose when
    where why how not no nor so such also just only very more most much many some any each every all both
    few other own same too s t according said says say tell told article articles corpus report reports
    reported mention mentioned mentions state stated states news piece""".split()
)
_QUESTION_WORDS = frozenset(
    {
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "how",
        "is",
        "are",
        "was",
        "were",
        "do",
        "does",
        "did",
        "can",
        "could",
        "would",
        "will",
        "should",
        "according",
        "under",
        "in",
        "on",
        "if",
        "the",
        "a",
        "an",
        "has",
        "have",
        "name",
    }
)
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*")
# A quantity; "28-point" (a number inside a compound adjective) is not one.
# Linear time: a number starts only where no digit group ends ("1,") and its digits are taken
# possessively, so "1,1,1,..." or a long digit run before "-word" is scanned once, not once per
# start position and once per backtracking step.
_NUMBER = re.compile(
    r"(?<![\w.])(?<![\d,.],)(?:\$|€|£)?\d[\d,.]*+(?!-[A-Za-z])(?:\s?(?:%|percent|bn|billion|million|m|k|thousand))?"
)
_MONTHS = "january february march april may june july august september october november december".split()
_DATEISH = re.compile(
    r"\b(?:\d{4}-\d{2}-\d{2}|(?:19|20)\d{2}|" + "|".join(_MONTHS) + r"|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|yesterday|today|tomorrow|days?|weeks?|months?|years?)\b",
    re.IGNORECASE,
)
_ABBREV = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "gen",
        "col",
        "lt",
        "sen",
        "rep",
        "gov",
        "jr",
        "sr",
        "u.s",
        "u.k",
        "e.g",
        "i.e",
        "vs",
        "no",
        "inc",
        "ltd",
        "co",
        "corp",
        "jan",
        "feb",
        "aug",
        "sept",
        "oct",
        "nov",
        "dec",
    }
)
# A boundary starts at the first of a run of stops (the lookbehind), so "?????" is one attempt
# rather than one per character.
_BOUNDARY = re.compile(r"(?<![.!?])([.!?]+)[\"”’')\]]*\s+|\n+")
_LONGEST_ABBREV = 16  # a longer word before a stop is neither an abbreviation nor an initial


def _word_before(text: str, start: int, stop: re.Match[str]) -> str:
    """The word a sentence stop follows, with the stop's leading dots but not its last character.

    "U.S. " -> "U.S", "etc... " -> "etc.."; at most ``_LONGEST_ABBREV`` characters of it. Found by
    walking back from the stop, so a long sentence is not searched again at every stop.
    """
    i = stop.start()
    while i > start and stop.start() - i < _LONGEST_ABBREV and (text[i - 1].isalnum() or text[i - 1] in "._"):
        i -= 1
    stops = stop.group(1)
    dots = min(len(stops) - len(stops.lstrip(".")), len(stops) - 1)
    return text[i : stop.start()] + stops[:dots]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) in ``text``, whitespace-trimmed, abbreviation-aware."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        if "\n" not in m.group(0):
            if m.start() > 0 and text[m.start() - 1].isspace():
                continue  # a spaced ellipsis ". . ." is not a sentence end
            nxt = text[end : end + 1]
            word = _word_before(text, start, m).lower()
            if word in _ABBREV or (len(word) == 1 and word.isalpha()) or (nxt and nxt.islower()):
                continue
        _add_span(text, start, end, spans)
        start = end
    _add_span(text, start, len(text), spans)
    return spans


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    seg = text[start:end]
    lead = len(seg) - len(seg.lstrip())
    trail = len(seg) - len(seg.rstrip())
    s, e = start + lead, end - trail
    if e - s >= 3:
        spans.append((s, e))


def stem(word: str) -> str:
    """A deliberately light stemmer: possessives, plurals and common verb endings."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'-")
    for suffix, min_len in (("ies", 5), ("ing", 6), ("ed", 5), ("es", 5), ("s", 4)):
        if w.endswith(suffix) and len(w) >= min_len and not w.endswith("ss"):
            return w[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return w


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def content_stems(text: str) -> list[str]:
    return [stem(w) for w in words(text) if w.lower().replace("’", "'").split("'")[0] not in _STOP and len(w) > 1]


def numbers(text: str) -> list[str]:
    return [m.group(0).strip() for m in _NUMBER.finditer(text)]


def has_date(text: str) -> bool:
    return bool(_DATEISH.search(text))


@dataclass(frozen=True, slots=True)
class QuestionInfo:
    """What the question asks for and which specific names or numbers it depends on."""

    text: str
    stems: tuple[str, ...]
    entities: tuple[str, ...]  # proper names, acronyms and numbers named in the question
    answer_type: str  # "number", "percent", "date", "person" or "any"
    counted: str | None = None  # the thing a "how many X" question counts ("troops")


_COUNT_STOP = (
    "would",
    "will",
    "does",
    "do",
    "did",
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "can",
    "could",
    "should",
    "in",
    "of",
    "under",
    "from",
    "for",
    "at",
    "on",
    "does",
    "remain",
    "be",
)
_ADJECTIVE_ENDINGS = ("ern", "ian", "ean", "ese", "ish", "ic", "an")


def _entities(question: str) -> list[str]:
    """Names, acronyms and numbers in the question, hyphenated compounds split into their parts.

    The question's first word is capitalised by grammar, so it only counts when it is an acronym
    or a number.
    """
    toks = list(re.finditer(r"[A-Za-z0-9][A-Za-z0-9'’.]*", question.replace("-", " ")))
    found: list[str] = []
    current: list[str] = []
    for i, m in enumerate(toks):
        clean = re.sub(r"['’]s$", "", m.group(0).rstrip(".").strip("'’"))
        clean = re.sub(r"^(\d+)(?:st|nd|rd|th)$", r"\1", clean)  # "October 1st" -> "October 1"
        has_digit = any(ch.isdigit() for ch in clean)
        proper = clean[:1].isupper() and clean.lower() not in _QUESTION_WORDS and clean.lower() != "i"
        if i == 0 and not (has_digit or (clean.isupper() and len(clean) > 1)):
            proper = False
        if has_digit or proper:
            current.append(clean)
            continue
        if current:
            found.append(" ".join(current))
            current = []
    if current:
        found.append(" ".join(current))
    return found


def spoken_date(iso: str | None) -> str:
    """ "2023-10-22" -> "2023-10-22 October 22 2023" so dates named in questions can be matched."""
    if not iso or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
        return ""
    year, month, day = iso.split("-")
    return f"{iso} {_MONTHS[int(month) - 1].capitalize()} {int(day)} {year}"


def is_strong_entity(entity: str) -> bool:
    """A multi-word name, an acronym or a number; single adjectives like "Western" are weak."""
    if " " in entity or any(ch.isdigit() for ch in entity) or (entity.isupper() and len(entity) > 1):
        return True
    return not entity.lower().endswith(_ADJECTIVE_ENDINGS)


def analyse_question(question: str) -> QuestionInfo:
    q = question.strip().lower()
    counted = re.search(
        r"\bhow many\s+((?:[a-z\-]+\s+){0,2}?[a-z\-]+?)(?=\s+(?:" + "|".join(_COUNT_STOP) + r")\b|\?|$)", q
    )
    if re.search(r"\bwhat (percentage|percent|proportion|share)\b|\bhow many percent\b", q):
        kind = "percent"
    elif re.search(
        r"\bhow (many|much|large|big|long|old|high|far)\b|\bwhat (percentage|percent|share|number|"
        r"amount|size|sum|figure|proportion|cap|ceiling|limit)\b|\bhow many\b",
        q,
    ):
        kind = "number"
    elif re.search(r"^when\b|\bwhat (date|year|day|month|time)\b|\bby when\b|\bwhich (date|year|day|month)\b", q):
        kind = "date"
    elif re.search(
        r"^who\b|\bwhom\b|\bwhich (person|official|envoy|leader|minister|president|politician|"
        r"diplomat|negotiator|spokes\w+)\b",
        q,
    ):
        kind = "person"
    else:
        kind = "any"
    # "how large" / "what percentage" say what kind of answer is wanted, not what it is about.
    topic = re.sub(
        r"\b(?:how|what)\s+(?:many|much|large|big|long|old|high|far|percentage|percent|share|number|"
        r"amount|size|sum|figure|proportion)\b",
        " ",
        question,
        flags=re.IGNORECASE,
    )
    counted_noun = counted.group(1).split()[-1] if counted else None
    return QuestionInfo(question, tuple(content_stems(topic)), tuple(_entities(question)), kind, counted_noun)


def mentions(entity: str, text_lower: str, text_stems: set[str]) -> bool:
    """Does the passage mention ``entity``? Each word must match a passage word by stem or prefix.

    Prefix matching lets "Russian" match "Russia" and "Ukrainian" match "Ukraine"; a multi-word
    name also matches its initials ("European Union" -> "EU").
    """
    parts = entity.split()
    if len(parts) > 1:
        initials = "".join(p[0] for p in parts if p[:1].isupper()).lower()
        if len(initials) > 1 and initials in text_stems:
            return True
    for part in parts:
        p = stem(part)
        if not p:
            continue
        if any(ch.isdigit() for ch in p):
            if part.lower() not in text_lower and p not in text_lower:
                return False
            continue
        if p in text_stems:
            continue
        prefix = p[: max(4, len(p) - 2)]
        if len(p) >= 4 and any(s.startswith(prefix) for s in text_stems):
            continue
        return False
    return True
