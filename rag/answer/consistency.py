"""Verdicts for yes/no questions that ask whether reports agree, from the conflict stage's findings.

"Was TechCrunch's portrayal consistent with The Verge's?", "Is there a discrepancy between the
two reports?": what such a question asks is exactly what the conflict stage checks. When the
question is about reports (it speaks of a report, an article, coverage or a portrayal) and asks
whether they agree or disagree, its verdict is whether a disagreement was found among the
retrieved articles: none found means "consistent". A negated question ("Was there no
inconsistency ...") is turned around.

A question about consistency that is not about reports ("Has the team's defence been
consistent?") is left to the answerer's verdict, and so is a question about change over time
("Was there a change in the narrative?"): two reports that tell different parts of a story have
not contradicted each other, and nothing here can tell a change of emphasis from none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc

from rag.answer.base import Draft
from rag.answer.clauses import NEGATIVE_ADVERBS
from rag.answer.conflicts import Disagreement
from rag.answer.question import META_LEMMAS, QuestionAnalysis
from rag.nlp import is_negated

AGREEMENT = frozenset("consistent consistency consistently agree agreement align aligned".split())
DISAGREEMENT = frozenset(
    """inconsistent inconsistency inconsistently discrepancy discrepant contradict contradiction
    contradictory disagree disagreement""".split()
)
REPORT_LEMMAS = META_LEMMAS | frozenset("portrayal portray coverage narrative reporting account description".split())
NEGATIVE_WORDS = NEGATIVE_ADVERBS | {"no"}


def asks_agreement(doc: Doc) -> bool | None:
    """True when a yes/no question asks whether reports agree, False whether they disagree, else None."""
    lemmas = [(t.lemma_ or t.text).lower() for t in doc]
    if not REPORT_LEMMAS & set(lemmas):
        return None
    words = [t for t in doc if (t.lemma_ or t.text).lower() in AGREEMENT | DISAGREEMENT]
    if not words:
        return None
    word = words[0]
    agree = (word.lemma_ or word.text).lower() in AGREEMENT
    # "Was there no inconsistency", "Did the reports not agree": the question is turned around
    negated = is_negated(word) or is_negated(word.head) or any(
        c.lower_ in NEGATIVE_WORDS and c.dep_ in ("det", "neg") for c in word.children)
    return agree != negated


def consistency_verdict(q: QuestionAnalysis, draft: Draft, disagreements: Sequence[Disagreement]) -> Draft:
    """``draft`` with the verdict of an agree/disagree question about reports (unchanged otherwise)."""
    if draft.abstained or not draft.sentences or q.form not in ("yes_no", "either_or"):
        return draft
    agree = asks_agreement(q.doc)
    if agree is None:
        return draft
    found = bool(disagreements)
    options = _options(q.doc)
    if options:  # "consistent or inconsistent?": the option that holds, not a yes/no
        return replace(draft, verdict=None, short_answer=options[1 if found else 0])
    verdict = "no" if found == agree else "yes"
    return replace(draft, verdict=verdict, short_answer=verdict.capitalize())


def _options(doc: Doc) -> tuple[str, str] | None:
    """(agreeing word, disagreeing word) of "consistent or inconsistent?", else None."""
    agree = [t for t in doc if (t.lemma_ or t.text).lower() in AGREEMENT]
    disagree = [t for t in doc if (t.lemma_ or t.text).lower() in DISAGREEMENT]
    if not agree or not disagree or not any(t.lower_ == "or" for t in doc):
        return None
    return agree[0].text.capitalize(), disagree[0].text.capitalize()
