"""Where the bundled seed articles are."""

from __future__ import annotations

from pathlib import Path

from rag.errors import IndexCorruptError


def seeds_dir() -> Path:
    """The bundled seed corpus (inside the wheel, or the repo's ``seeds/`` in a checkout)."""
    here = Path(__file__).resolve().parent.parent  # rag/
    for candidate in (here / "_seeds", here.parent / "seeds"):
        if candidate.is_dir():
            return candidate
    raise IndexCorruptError("the bundled seed articles are missing from this installation")
