"""Either-or questions ("Was the rate raised or cut?", "40 kroner or 50 kroner?"): the option the
evidence supports, from the best sentence that mentions exactly one option and does not negate it."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from rag.answer.clauses import lemma_match
from rag.answer.either_or import CONTENT_POS, option_words
from rag.answer.question import QuestionAnalysis
from rag.answer.roles import subject_of
from rag.nlp import governing_predicate, is_negated
from rag.nlp import lemma as _lemma
from rag.numbers import numeric_value, same_number


def option_number(opt: Token) -> float | None:
    """The figure an either-or option gives ("40" in "40 kroner or 50 kroner"), None for a word."""
    figures = [t for t in option_words(opt) if t.like_num]
    return numeric_value(figures) if figures else None


def choose_option(q: QuestionAnalysis, sentences: Sequence[Span]) -> tuple[str | None, int | None]:
    """The option of an either-or question that the best sentence mentioning exactly one supports, or
    that a sentence mentioning both says of the question's subject ("The union is seeking a 9% rise,
    while the operator has offered 4.5%" for "Is the union demanding 9% or 4.5%?")."""
    asked = _subject_lemmas(q)
    for i, sent in enumerate(sentences):
        found = []
        mentions: dict[int, list[Token]] = {}
        for opt in q.options:
            number = option_number(opt)
            if number is not None:  # "40 kroner or 50 kroner": the sentence states the option's figure
                hits = [t for t in sent if t.like_num and (v := numeric_value([t])) is not None
                        and same_number(v, number)]
            else:
                words = _own_words(opt, q.options)
                hits = [t for t in sent if any(lemma_match(_lemma(t), w) for w in words)]
            if hits and not any(is_negated(h) or is_negated(h.head) for h in hits):
                found.append(opt)
                mentions[opt.i] = hits
        if len(found) > 1 and asked:
            found = [o for o in found if any(_said_of(h) & asked for h in mentions[o.i])]
        if len(found) == 1:
            opt = found[0]
            if option_number(opt) is not None and not opt.like_num:  # "40 kroner", not "the charge 40 kroner"
                return _figure_text(opt), i
            chunk = next((c for c in q.doc.noun_chunks if c.start <= opt.i < c.end), None)
            return (chunk.text if chunk is not None and opt.pos_ in ("NOUN", "PROPN") else opt.text), i
    return None, None


def _own_words(opt: Token, options: Sequence[Token]) -> set[str]:
    """The lemmas an option is said with: the option and, for an adjective or a noun, the content words of its
    phrase, without an option inside it ("open to change": open, change). A verb's phrase is the clause around it:
    only the verb."""
    if opt.pos_ not in ("ADJ", "NOUN"):
        return {_lemma(opt)}
    inside = {t.i for o in options if o.i != opt.i and opt.is_ancestor(o) for t in o.subtree}
    return {_lemma(opt)} | {_lemma(t) for t in opt.subtree if t.i not in inside and t.is_alpha and not t.is_stop
                            and t.pos_ in CONTENT_POS}


def _subject_words(pred: Token | None) -> set[str]:
    """The nouns of a predicate's subject ("the nurses' union": nurse, union); empty without one."""
    subj = subject_of(pred) if pred is not None else None
    if subj is None or subj.pos_ not in ("NOUN", "PROPN"):
        return set()
    return {_lemma(t) for t in subj.subtree if t.pos_ in ("NOUN", "PROPN")}


def _subject_lemmas(q: QuestionAnalysis) -> set[str]:
    """The nouns of the question's subject."""
    return _subject_words(next((t for t in q.doc if t.dep_ == "ROOT"), None))


def _said_of(tok: Token) -> set[str]:
    """The nouns of the subject of the clause a mention sits in."""
    return _subject_words(governing_predicate(tok))


MAX_OPTION_WORDS = 4


def _figure_text(opt: Token) -> str:
    """An option given by its figure, as the question writes it from the figure to the option's noun ("40
    kroner", "eight storeys", "4.5% pay rise")."""
    figures = [t for t in option_words(opt) if t.like_num]
    if figures and 0 <= opt.i - figures[0].i < MAX_OPTION_WORDS:
        return opt.doc[figures[0].i : opt.i + 1].text
    return " ".join(t.text for t in option_words(opt))
