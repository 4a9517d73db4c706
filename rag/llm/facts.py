"""Checkable facts in a sentence (numbers, amounts, dates, names) and the passage text that can support them.

A sentence written by the LLM may only state a number or name that a passage it cites states
too. Matching is lenient about *format* and strict about *value*:

* numbers are compared by value after removing thousands separators and applying scale words,
  so "600,000", "600000" and "600 thousand" agree, "$1.5bn" equals "1.5 billion", but
  "800,000" never equals "600,000"; a bare number also matches the same figure with a scale
  ("1.5" is in "1.5 billion"); percentages only match percentages;
* number words ("two" ... "twelve") match the word or the digit;
* names are case-insensitive and use :func:`rag.answer.text.mentions`, so "Russian" matches
  "Russia" and "European Union" matches "EU"; job titles ("President", "Secretary") are not
  required, so "President Zelensky" is supported by a passage that says "Zelensky";
* months and weekdays count as names, years as numbers; the article's publication date is part
  of each passage, so "on 20 November 2025" is supported by a passage dated 2025-11-20.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from rag.answer.text import _STOP, content_stems, mentions, split_sentences
from rag.records import SearchHit

_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"]
_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9,
           "trillion": 1e12, "tn": 1e12}
_AMOUNT = re.compile(
    r"(?<![\w.,$€£])(?:[$€£]\s?)?(\d{1,3}(?:[,\u00a0\u202f]\d{3})+|\d+)(?:\.(\d+))?(?!\d)"
    r"(?:\s?(%|per ?cent|thousand|million|billion|trillion|bn|mn|tn|m|k)(?![A-Za-z]))?",
    re.IGNORECASE,
)
_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split()) if i >= 2}
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’]*")  # hyphens split: "Russia-Ukraine" is two names
# Words that may start a sentence without being names. Anything else capitalised at the start
# of a sentence is treated as a name: dropping a sentence wrongly is reported and recoverable,
# letting an invented name through is not.
_OPENERS = _STOP | frozenset(
    """however according despite under while although meanwhile both critics officials experts analysts
    sources observers several many most some others other in on at after before during since until for
    with without as by from if yes no neither either first second third finally also additionally moreover
    furthermore instead overall together separately previously earlier later currently today still yet thus
    therefore hence but and or nor one two three four five six seven eight nine ten because once unlike
    like amid among following regarding per everyone everybody everything someone somebody something anyone
    anybody anything nobody nothing none""".split()
)
_TITLES = frozenset(
    """president prime minister secretary general chancellor king queen mr mrs ms dr sir senator governor
    mayor ambassador envoy spokesman spokeswoman spokesperson foreign defence defense army deputy vice
    special former acting chief""".split()
)
# Sentences in a passage that talk to the model rather than report news. They are kept in the
# prompt (they are part of the article) but can never support a claim, so a model that obeys an
# injected instruction cannot cite the instruction as its source.
_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b[^.!?\n]{0,60}\b(?:instructions?|prompts?|rules|directions|guidelines)\b"
    r"|\bsystem prompt\b|\byou are (?:now )?(?:an? |the )?(?:ai|assistant|language model|chatbot)\b"
    r"|\b(?:as an ai|as a language model)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Amount:
    """A number as written (``surface``), its value and its value after scale words."""

    surface: str
    kind: str  # "pct" or "num"
    raw: float
    value: float


def amounts(text: str) -> list[Amount]:
    """Every number in ``text`` (years, counts, money, percentages) with its normalised value."""
    out = []
    for m in _AMOUNT.finditer(text):
        whole = re.sub(r"[,\u00a0\u202f]", "", m.group(1))
        raw = float(f"{whole}.{m.group(2)}" if m.group(2) else whole)
        scale = (m.group(3) or "").lower()
        if scale in ("%", "percent", "per cent"):
            out.append(Amount(m.group(0).strip(), "pct", raw, raw))
        else:
            out.append(Amount(m.group(0).strip(), "num", raw, raw * _SCALES.get(scale, 1.0)))
    return out


def number_words(text: str) -> dict[str, int]:
    return {w: _NUMBER_WORDS[w] for w in re.findall(r"[a-z]+", text.lower()) if w in _NUMBER_WORDS}


def names(sentence: str) -> list[str]:
    """Proper names, acronyms, months and weekdays in ``sentence``, as runs of capitalised words."""
    runs: list[list[str]] = []
    current: list[str] = []
    last_end = -1
    for i, m in enumerate(_TOKEN.finditer(sentence)):
        word = re.sub(r"['’]s$", "", m.group(0)).strip("'’-")
        capital = word[:1].isupper() and len(word) > 1  # "I", and initials that mentions() cannot match
        acronym = len(word) > 1 and word.isupper()
        if i == 0 and capital and not acronym and word.lower() in _OPENERS | _TITLES:
            capital = False  # grammar capitalised it
        if i == 0 and word.lower().endswith("ly") and not acronym:
            capital = False
        glued = last_end >= 0 and sentence[last_end : m.start()].strip() == ""
        if capital and not word[:1].isdigit():
            if current and not glued:
                runs.append(current)
                current = []
            current.append(word)
        elif current:
            runs.append(current)
            current = []
        last_end = m.end()
    if current:
        runs.append(current)
    out = []
    for run in runs:
        kept = [w for w in run if w.lower() not in _TITLES]
        if kept:
            out.append(" ".join(kept))
    return out


def is_instruction(sentence: str) -> bool:
    """Does this passage sentence address the model ("ignore all previous instructions ...")?"""
    return bool(_INSTRUCTION.search(sentence))


def _date_variants(published_at: str | None) -> list[str]:
    if not published_at:
        return []
    try:
        d = date.fromisoformat(published_at[:10])
    except ValueError:
        return [published_at]
    month = _MONTHS[d.month - 1].capitalize()
    return [published_at, f"{month} {d.day}, {d.year}", f"{d.day} {month} {d.year}"]


@dataclass(slots=True)
class Support:
    """What one passage (or the union of several) can vouch for."""

    text: str = ""
    sentences: list[str] = field(default_factory=list)  # units for the similarity check
    values: set[tuple[str, float]] = field(default_factory=set)
    raws: set[float] = field(default_factory=set)
    stems: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, hit: SearchHit) -> Support:
        """The passage's title, source, date and text, minus instruction-like sentences."""
        body = hit.chunk.text
        kept = [body[s:e] for s, e in split_sentences(body) if not is_instruction(body[s:e])]
        meta = [x for x in (hit.title, hit.source) if x and not is_instruction(x)]
        text = "\n".join([*meta, *_date_variants(hit.published_at), *kept])
        units = [*meta, *kept]
        units += [f"{a} {b}" for a, b in zip(kept, kept[1:], strict=False)]  # a claim may span two sentences
        if kept:
            units.append(" ".join(kept))
        sup = cls(text=text, sentences=[u for u in units if u.strip()])
        sup._index()
        return sup

    def _index(self) -> None:
        found = amounts(self.text)
        self.values = {(a.kind, a.value) for a in found}
        self.raws = {a.raw for a in found}
        lower = self.text.lower()
        self.raws |= {float(i + 1) for i, mth in enumerate(_MONTHS) if re.search(rf"\b{mth}\b", lower)}
        self.raws |= {float(v) for v in number_words(self.text).values()}
        self.stems = set(content_stems(self.text)) | {w.lower() for w in re.findall(r"\w+", self.text)}

    @classmethod
    def union(cls, parts: list[Support]) -> Support:
        sup = cls(text="\n".join(p.text for p in parts), sentences=[u for p in parts for u in p.sentences])
        sup._index()
        return sup

    def has_amount(self, a: Amount) -> bool:
        if (a.kind, a.value) in self.values:
            return True
        # A bare figure may restate a scaled one ("1.5" of "1.5 billion"); a scaled one must match by value.
        return a.value == a.raw and a.raw in self.raws

    def has_number_word(self, word: str, value: int) -> bool:
        return word in self.stems or float(value) in self.raws

    def has_name(self, name: str) -> bool:
        return mentions(name, self.text.lower(), self.stems)


def unsupported_facts(sentence: str, support: Support) -> list[str]:
    """The numbers, number words and names of ``sentence`` that ``support`` does not contain."""
    missing = [a.surface for a in amounts(sentence) if not support.has_amount(a)]
    missing += [w for w, v in number_words(sentence).items() if not support.has_number_word(w, v)]
    missing += [n for n in names(sentence) if not support.has_name(n)]
    return missing
