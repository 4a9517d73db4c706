"""Where a candidate answer sits in its sentence, against where the question's wh-phrase sits (rag.answer.roles)."""

from __future__ import annotations

from spacy.tokens import Doc

from rag.answer.question import analyse_question
from rag.answer.roles import ROLE_ONLY, role_match
from rag.nlp import TextAnalyser


def test_a_name_the_parser_takes_for_the_root_is_no_predicate(nlp: TextAnalyser) -> None:
    # the small parser may take a wire dateline for the sentence's root and hang the rest on it ("KESTREL FALLS,
    # June 18 - ... in Monday's by-election"); "Falls", a word of the question, is then no predicate it shares
    q = analyse_question("When will Helen Marchetti be sworn in as mayor of Kestrel Falls?", nlp)
    words = ["KESTREL", "FALLS", "-", "Voters", "elected", "Marchetti", "in", "Monday", "."]
    heads = [1, 1, 1, 1, 3, 4, 1, 6, 1]
    deps = ["compound", "ROOT", "punct", "appos", "acl", "dobj", "prep", "pobj", "punct"]
    pos = ["PROPN", "PROPN", "PUNCT", "NOUN", "VERB", "PROPN", "ADP", "PROPN", "PUNCT"]
    lemmas = ["kestrel", "falls", "-", "voter", "elect", "Marchetti", "in", "Monday", "."]
    doc = Doc(nlp.nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)
    assert role_match(q, doc[7]) == ROLE_ONLY
    # ... while a verb of the question's is one
    said = Doc(nlp.nlp.vocab, words=["Marchetti", "will", "be", "sworn", "in", "on", "June", "."],
               heads=[3, 3, 3, 3, 3, 3, 5, 3], deps=["nsubjpass", "aux", "auxpass", "ROOT", "prt", "prep", "pobj",
                                                     "punct"],
               pos=["PROPN", "AUX", "AUX", "VERB", "ADP", "ADP", "PROPN", "PUNCT"],
               lemmas=["Marchetti", "will", "be", "swear", "in", "on", "June", "."])
    assert role_match(q, said[6]) == 1.0
