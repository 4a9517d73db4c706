"""Names the entity recogniser missed, read where the text itself marks them as names: a short phrase in quotes
written as a name ('a "Board of Peace" in charge of ...'), a coined proper name the text calls what the question asks
for ("the industrial union Unia"), and a name that owns the noun a "Whose ...?" question asks about ("Zelenskyy's
presidential office", the name tagged a common noun). Each reader gives token ranges of one sentence; which of them
may answer is :func:`rag.answer.candidates.spans_in`'s to say.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Span, Token

from rag.answer.question import QuestionAnalysis
from rag.lexicon import is_word
from rag.nlp import is_name_word

QUOTES = frozenset({'"', "“", "”", "‘", "’", "'"})
MAX_NAME_WORDS = 6


def quoted_names(sent: Span) -> list[tuple[int, int]]:
    """Token ranges of short phrases in quotes written as a name: capitalised first and last words, every
    word capitalised or a function word ("Board of Peace", "Coalition of the Willing")."""
    doc, out = sent.doc, []
    opens = [t.i for t in sent if t.text in QUOTES]
    for a, b in zip(opens[::2], opens[1::2], strict=False):  # each opening quote with its closing one
        words = doc[a + 1 : b]
        if not 0 < len(words) <= MAX_NAME_WORDS or any(t.is_punct for t in words):
            continue
        if words[0].is_title and words[-1].is_title and all(t.is_title or t.is_stop for t in words):
            out.append((a + 1, b))
    return out


def titled_names(q: QuestionAnalysis, sent: Span) -> list[tuple[int, int]]:
    """Token ranges of coined proper names without an entity label that the text gives the question's head noun as
    a title ("the industrial union Unia") or in apposition ("Unia, a union"); not "the director of Queen", which
    names what the director directs, nor a capitalised English word ("Google CEO Sees Company's ...")."""
    def head_noun(t: Token) -> bool:
        return t.pos_ == "NOUN" and t.lemma_.lower() == q.head

    out = []
    for tok in sent:
        if tok.pos_ != "PROPN" or tok.ent_type_ or (tok.dep_ == "compound" and tok.head.pos_ == "PROPN"):
            continue
        start = _unlabelled_start(sent, tok, lambda t: t.pos_ == "PROPN")
        name = sent.doc[start : tok.i + 1]
        if all(is_word(t.lower_) for t in name):
            continue
        if any((c.dep_ == "compound" and c.i < start or c.dep_ == "appos") and head_noun(c) for c in tok.children) or (
                tok.dep_ == "appos" and head_noun(tok.head)):
            out.append((start, tok.i + 1))
    return out


def owners_of_head(q: QuestionAnalysis, sent: Span) -> list[tuple[int, int]]:
    """Token ranges of names without an entity label that own the question's head noun ("Zelenskyy's presidential
    office", the name tagged a common noun but written as a name elsewhere in its text)."""
    out = []
    for tok in sent:
        if tok.ent_type_ or tok.dep_ != "poss" or tok.head.lemma_.lower() != q.head or not is_name_word(tok):
            continue
        out.append((_unlabelled_start(sent, tok, is_name_word), tok.i + 1))
    return out


def _unlabelled_start(sent: Span, last: Token, part: Callable[[Token], bool]) -> int:
    """Where a name ending in ``last`` begins: the run of words before it, in the sentence, that are ``part`` of a
    name and carry no entity label."""
    start = last.i
    while start > sent.start and part(sent.doc[start - 1]) and not sent.doc[start - 1].ent_type_:
        start -= 1
    return start
