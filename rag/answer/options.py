"""Either-or questions ("Was the rate raised or cut?", "40 kroner or 50 kroner?"): the option the
evidence supports, from the best sentence that mentions exactly one option and does not negate it."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from rag.answer.clauses import lemma_match
from rag.answer.question import QuestionAnalysis, option_words
from rag.nlp import is_negated, numeric_value, same_number
from rag.nlp import lemma as _lemma


def option_number(opt: Token) -> float | None:
    """The figure an either-or option gives ("40" in "40 kroner or 50 kroner"), None for a word."""
    figures = [t for t in option_words(opt) if t.like_num]
    return numeric_value(figures) if figures else None


def choose_option(q: QuestionAnalysis, sentences: Sequence[Span]) -> tuple[str | None, int | None]:
    """The option of an either-or question that the best sentence mentioning exactly one supports."""
    for i, sent in enumerate(sentences):
        found = []
        for opt in q.options:
            number = option_number(opt)
            if number is not None:  # "40 kroner or 50 kroner": the sentence states the option's figure
                hits = [t for t in sent if t.like_num and (v := numeric_value([t])) is not None
                        and same_number(v, number)]
            else:
                hits = [t for t in sent if lemma_match(_lemma(t), _lemma(opt))]
            if hits and not any(is_negated(h) or is_negated(h.head) for h in hits):
                found.append(opt)
        if len(found) == 1:
            opt = found[0]
            if option_number(opt) is not None and not opt.like_num:  # "40 kroner", not "the charge 40 kroner"
                return " ".join(t.text for t in option_words(opt)), i
            chunk = next((c for c in q.doc.noun_chunks if c.start <= opt.i < c.end), None)
            return (chunk.text if chunk is not None and opt.pos_ in ("NOUN", "PROPN") else opt.text), i
    return None, None
