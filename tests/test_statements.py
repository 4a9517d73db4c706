"""What of a passage counts as a statement (rag.statements): the sentences an answer may quote."""

from __future__ import annotations

import pytest

from rag.nlp import DEFAULT_MODEL, load_pipeline
from rag.statements import MIN_SENTENCE_CHARS, statements

CASES = [
    # (passage, statements expected)
    ("Flood warnings\n\nThe river rose two metres overnight, officials said.",
     ["The river rose two metres overnight, officials said."]),
    ("It rained.  Crews cleared the road to Tallin by noon on Sunday.",
     ["Crews cleared the road to Tallin by noon on Sunday."]),  # too short to state anything
    ("A long caption without any verb in it: the harbour of Valmora at dawn, seen from the old lighthouse pier",
     ["A long caption without any verb in it: the harbour of Valmora at dawn, seen from the old lighthouse pier"]),
    ("Photo: the harbour at dawn, from the pier", []),  # a short line without a verb is a caption
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_statements_are_sentences_that_say_something(text: str, expected: list[str]) -> None:
    doc = load_pipeline(DEFAULT_MODEL)(text)
    found = statements(doc)
    assert [st.text for st in found] == expected
    for st in found:  # offsets into the passage, without surrounding space
        assert text[st.start : st.end] == st.text and len(st.text) >= MIN_SENTENCE_CHARS
