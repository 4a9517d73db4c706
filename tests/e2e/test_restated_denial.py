"""A denial in other words, read with the real bundled model: the predicate phrases "looked at the proposal" and
"reviewed the proposal" embed close, the single words "look" and "review" do not."""

from __future__ import annotations

from pathlib import Path

import pytest

from embeddings import Embedder
from rag.answer.question import analyse_question
from rag.answer.verdict import yes_no_verdict
from rag.embedder import build_embedder
from rag.nlp import TextAnalyser, analyser
from rag.settings import Settings


@pytest.fixture(scope="module")
def nlp() -> TextAnalyser:
    return analyser()


@pytest.fixture(scope="module")
def model(model_cache: Path, tmp_path_factory: pytest.TempPathFactory) -> Embedder:
    root = tmp_path_factory.mktemp("restated")
    return build_embedder(Settings(index_dir=root / "index", cache_dir=model_cache))


def _verdict(nlp: TextAnalyser, model: Embedder, question: str, evidence: str) -> str | None:
    return yes_no_verdict(analyse_question(question, nlp), list(nlp.parse(evidence).sents), model)[0]


@pytest.mark.parametrize(
    ("question", "evidence"),
    [
        ("Have the regulators and the unions officially looked at the merger?",
         "The regulators and the unions said they have not officially reviewed the merger."),
        ("Could the alliance base its troops inside Moldova under the treaty?",
         "Under the treaty, the alliance would not station troops in Moldova and Chisinau would stay neutral."),
        ("Does the minister plan to step into the pay dispute directly?",
         "The minister said she would not intervene directly in the pay dispute."),
        # the participle the parser hangs on the subject of a copula is the predicate, and one word may deny it
        ("Was the club's new stand covered by insurance?",
         "The new stand, which burned down in March, was not insured."),
        # a negated auxiliary opening the question asks whether they did
        ("Haven't the regulators officially looked at the merger?",
         "The regulators said they have not officially reviewed the merger."),
        # what a verb of letting lets happen, denied, is not let happen
        ("Would the treaty allow the alliance to deploy forces on Moldovan soil?",
         "Under the treaty, the alliance would not station troops in Moldova."),
        ("Would the treaty let the alliance deploy forces on Moldovan soil?",
         "Under the treaty, the alliance would not station troops in Moldova."),
    ],
)
def test_a_negated_clause_that_says_the_claim_in_other_words_denies_it(
    nlp: TextAnalyser, model: Embedder, question: str, evidence: str
) -> None:
    assert _verdict(nlp, model, question, evidence) == "no"


@pytest.mark.parametrize(
    ("question", "evidence"),
    [
        # said of another subject
        ("Could the alliance base its troops inside Moldova under the treaty?",
         "Under the treaty, Russia would not station troops in Moldova."),
        ("Could NATO base its troops inside Moldova under the treaty?",
         "Under the treaty, Russia would not station troops in Moldova."),
        ("Would the treaty allow the alliance to deploy forces on Moldovan soil?",
         "Under the treaty, Russia would not station troops in Moldova."),
        # ... and only a verb of letting: urging someone to do it is not doing it
        ("Did the minister urge the alliance to deploy forces on Moldovan soil?",
         "Under the treaty, the alliance would not station troops in Moldova."),
        # the closest phrase is not denied: no verdict, whatever else the passage denies
        ("Have the regulators officially looked at the merger?",
         "The regulators have officially reviewed the merger. They did not comment on the price."),
        # a close phrase that is not a denial is not read as a Yes either
        ("Will visitors be able to tour the Acropolis between noon and 5 p.m.?",
         "Authorities will close the Acropolis from noon to 5 p.m. because of the heat."),
        # a negated claim is not answered so
        ("Is it true that the regulators have not officially looked at the merger?",
         "The regulators said they have not officially reviewed the merger."),
    ],
)
def test_no_denial_in_other_words_without_a_close_negated_clause_of_the_claims_subject(
    nlp: TextAnalyser, model: Embedder, question: str, evidence: str
) -> None:
    assert _verdict(nlp, model, question, evidence) is None
