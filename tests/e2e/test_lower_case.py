"""End to end with the real model: a question typed in lower case is answered as if cased."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from rag import Index
from rag.settings import Settings

pytestmark = pytest.mark.slow

DEAL = ("Halvorsen Data agreed to buy Quillon for $420 million. The investment bank Nordvik Partners advised "
        "Halvorsen Data on the deal, while lawyers from Toronto advised Quillon.")
RATES = ("Victoria Rodriguez, governor of the Bank of Mexico, said on Thursday that the bank would hold its "
         "benchmark rate at 11% for a third meeting.")


def test_a_question_typed_in_lower_case_is_answered_as_if_cased(
    tmp_path: Path, model_cache: Path, write_article: Callable[..., Path]
) -> None:
    write_article(tmp_path / "news", "deal.txt", DEAL, title="Harbour deal advised", source="Wire")
    write_article(tmp_path / "news", "rates.txt", RATES, title="Mexico holds rates", source="Wire")
    idx = Index(Settings(index_dir=tmp_path / "index", cache_dir=model_cache))
    idx.add([tmp_path / "news"])
    typed = "which investment bank advised halvorsen data on the quillon deal?"
    # uncased, the question names nothing and asks for no kind of name: "Toronto" was the answer
    ans = idx.ask(typed)
    assert ans.short_answer == idx.ask("Which investment bank advised Halvorsen Data on the Quillon deal?").short_answer
    assert ans.short_answer == "Nordvik Partners"
    assert ans.question == typed  # the reader sees the question as typed
