"""Checkable facts in a sentence (numbers, amounts, dates, names) and the passage text that can support them.

A sentence written by the LLM may only state a number, date or name that a passage it cites
states too. Facts come from the same analysis as everything else (:mod:`rag.nlp`): numeric and
date entities and bare numbers, and named entities plus proper nouns the recogniser missed.
Matching is lenient about *format* and strict about *value*:

* numbers are compared by value ("600,000" = "600000" = "600 thousand", "$1.5bn" = "1.5 billion",
  "two" = "2"), never "800,000" for "600,000"; percentages only match percentages;
* names match by :func:`rag.nlp.names_match` (case, spelling variants, surnames, acronyms), so
  "President Zelensky" is supported by a passage that says "Volodymyr Zelenskyy";
* a date is supported when its words (month, weekday, year, day) occur in the passage or in the
  article's publication date, so "on 20 November 2025" is supported by a passage dated 2025-11-20.

Passage sentences that address the model ("ignore all previous instructions ...") are left out
of what a passage can support, so a model that obeys an injected instruction cannot cite it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span

from rag.nlp import NAME_LABELS, NUMERIC_LABELS, TIME_LABELS, TextAnalyser, names_match, norm_text
from rag.numbers import numeric_value
from rag.records import SearchHit

# Injected instructions: an imperative to drop the rules, or words about being an AI. Matched on
# lower-cased tokens, in a window, so case and punctuation do not matter.
_OVERRIDE_VERBS = frozenset({"ignore", "disregard", "forget", "override"})
_RULE_NOUNS = frozenset({"instruction", "instructions", "prompt", "prompts", "rules", "directions", "guidelines"})
_AI_NOUNS = frozenset({"ai", "assistant", "chatbot", "model"})
_WINDOW = 8


def is_instruction(tokens: list[str]) -> bool:
    """Do these lower-cased tokens address a language model rather than report news?"""
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1 : i + 1 + _WINDOW]
        if tok in _OVERRIDE_VERBS and _RULE_NOUNS & set(nxt):
            return True
        if tok == "system" and nxt[:1] == ["prompt"]:
            return True
        if tok == "you" and nxt[:1] == ["are"] and _AI_NOUNS & set(nxt[1:5]):
            return True
        if tok == "as" and nxt[:1] in (["an"], ["a"]) and _AI_NOUNS & set(nxt[1:4]):
            return True
    return False


def _is_instruction(span: Span | Doc) -> bool:
    return is_instruction([t.lower_ for t in span if not (t.is_punct or t.is_space)])


@dataclass(frozen=True, slots=True)
class Fact:
    """A number, date or name stated in a sentence."""

    text: str
    kind: str  # "num", "pct", "date" or "name"
    value: float | None = None


def facts_of(span: Span | Doc) -> list[Fact]:
    """The checkable facts of a parsed sentence."""
    out: list[Fact] = []
    covered: set[int] = set()
    for ent in span.ents:
        if ent.label_ in NUMERIC_LABELS:
            kind = "pct" if ent.label_ == "PERCENT" else "num"
            out.append(Fact(ent.text, kind, numeric_value(ent)))
        elif ent.label_ in TIME_LABELS:
            out.append(Fact(ent.text, "date"))
        elif ent.label_ in NAME_LABELS:
            out.append(Fact(ent.text, "name"))
        else:
            continue
        covered.update(range(ent.start, ent.end))
    run: list[str] = []
    for tok in span:
        if tok.i in covered:
            continue
        if (tok.like_num and (not tok.is_alpha or tok.pos_ == "NUM")) or (
            not tok.is_alpha and any(ch.isdigit() for ch in tok.text) and numeric_value([tok]) is not None
        ):
            out.append(Fact(tok.text, "num", numeric_value([tok])))
        # a proper noun, or a word in capitals ("BANANA"), that the recogniser did not label
        if tok.is_alpha and ((tok.pos_ == "PROPN" and not tok.is_sent_start) or (tok.is_upper and len(tok) > 1)):
            run.append(tok.text)
            continue
        if run:
            out.append(Fact(" ".join(run), "name"))
            run = []
    if run:
        out.append(Fact(" ".join(run), "name"))
    return [f for f in out if f.kind != "num" or f.value is not None]


def _date_variants(published_at: str | None) -> list[str]:
    try:
        d = date.fromisoformat((published_at or "")[:10])
    except ValueError:
        return []
    return [d.isoformat(), f"{d:%B} {d.day}, {d.year}", f"{d:%A}"]


@dataclass(slots=True)
class Support:
    """What one passage (or the union of several) can vouch for."""

    sentences: list[str] = field(default_factory=list)  # units for the similarity check
    numbers: set[tuple[str, float]] = field(default_factory=set)
    raw_numbers: set[float] = field(default_factory=set)
    names: list[str] = field(default_factory=list)
    words: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, hit: SearchHit, analyser: TextAnalyser) -> Support:
        """The passage's title, source, date and text, minus instruction-like sentences."""
        body = analyser.parse(hit.chunk.text)
        kept = [s for s in body.sents if not _is_instruction(s) and s.text.strip()]
        meta_texts = [x for x in (hit.title, hit.source) if x]
        meta = [analyser.parse(x) for x in meta_texts]
        meta = [m for m in meta if not _is_instruction(m)]
        dates = _date_variants(hit.published_at)
        sup = cls()
        units = [m.text for m in meta] + [s.text for s in kept]
        units += [f"{a.text} {b.text}" for a, b in zip(kept, kept[1:], strict=False)]  # a claim may span two
        if kept:
            units.append(" ".join(s.text for s in kept))
        sup.sentences = [u for u in units if u.strip()]
        parts: list[Span | Doc] = [*meta, *kept, *(analyser.parse(d) for d in dates)]
        for part in parts:
            sup._add(part)
        return sup

    def _add(self, span: Span | Doc) -> None:
        for f in facts_of(span):
            if f.kind in ("num", "pct") and f.value is not None:
                self.numbers.add((f.kind, f.value))
            elif f.kind == "name":
                self.names.append(f.text)
        for tok in span:
            if any(ch.isdigit() for ch in tok.text) and (v := numeric_value([tok])) is not None:
                self.raw_numbers.add(v)
        self.words.update(norm_text(span.text).split())

    @classmethod
    def union(cls, parts: list[Support]) -> Support:
        sup = cls(sentences=[u for p in parts for u in p.sentences])
        for p in parts:
            sup.numbers |= p.numbers
            sup.raw_numbers |= p.raw_numbers
            sup.names += p.names
            sup.words |= p.words
        return sup

    def has(self, fact: Fact) -> bool:
        if fact.kind in ("num", "pct"):
            assert fact.value is not None
            if any(k == fact.kind and _close(v, fact.value) for k, v in self.numbers):
                return True
            # a bare figure restating a scaled one ("1.5" of "1.5 billion"), or a number inside a name or date
            return any(_close(v, fact.value) for v in self.raw_numbers) and not _scaled(fact)
        words = [w for w in norm_text(fact.text).split() if w not in ("on", "in", "of", "the", "at", "by")]
        if fact.kind == "date":
            return all(w in self.words for w in words)
        if all(w in self.words for w in words):
            return True
        return any(names_match(fact.text, n) for n in self.names)


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def _scaled(fact: Fact) -> bool:
    """Does the fact carry a scale word ("million") or a currency, so its bare digits are not its value?"""
    words = norm_text(fact.text).split()
    return fact.kind == "pct" or len(words) > 1 or any(ch in fact.text for ch in "$€£¥")


def unsupported_facts(sentence: Span | Doc, support: Support) -> list[str]:
    """The numbers, dates and names of ``sentence`` that ``support`` does not contain."""
    return [f.text for f in facts_of(sentence) if not support.has(f)]
