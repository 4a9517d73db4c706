"""The options of an either-or question ("Did the peso rise or fall?", "Is it 40 kroner or 50 kroner?") as the
question's parse gives them; which one the evidence supports is :mod:`rag.answer.options`."""

from __future__ import annotations

from spacy.tokens import Doc, Token

CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM"})


def _object_of(tok: Token) -> Token:
    """An option given as a prepositional phrase is its object ("robbed of watches or of rings")."""
    return next((c for c in tok.children if c.dep_ == "pobj"), tok) if tok.pos_ == "ADP" else tok


def option_words(opt: Token) -> list[Token]:
    """An either-or option as the question words it: the option and any figure before it ("40 kroner")."""
    return [t for t in opt.subtree if t.i <= opt.i and (t is opt or t.like_num)]


def question_options(doc: Doc) -> tuple[Token, ...]:
    """The two options of "Did it rise or fall?" / "Is it A or B?" (empty when not either-or)."""
    if len(doc) > 20:
        return ()  # a long question ending ", or do they ...?" still asks yes/no
    for tok in doc:
        ors = [c for c in tok.children if c.dep_ == "cc" and c.lower_ == "or"]
        if ors:
            conj = [c for c in tok.children if c.dep_ == "conj"]
            if conj:
                return (_object_of(tok), _object_of(conj[0]))
            # "started deliberately or by accident", the second option hung elsewhere: the next content word
            after = next((t for t in doc[ors[0].i + 1 :] if t.pos_ in CONTENT_POS), None)
            if after is not None:
                return (tok, after)
    return ()
