"""The index manifest: the single atomic commit point of an index directory.

A write builds a complete new generation folder, then replaces ``manifest.json`` with
``os.replace``; readers only ever follow the manifest, so a crash at any moment leaves either
the old or the new generation loadable, never a mix.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rag.errors import IndexCorruptError, IndexMismatchError

SCHEMA_VERSION = 2  # 2: claims table beside the chunks
MANIFEST = "manifest.json"


@dataclass(slots=True)
class Manifest:
    embedder: dict[str, Any]
    chunker: dict[str, Any]
    generation: int = 0
    schema_version: int = SCHEMA_VERSION
    vector_index: str = "flat"
    counts: dict[str, int] = field(default_factory=lambda: {"articles": 0, "chunks": 0})
    created_at: str = ""
    updated_at: str = ""

    @property
    def generation_dir(self) -> str:
        return f"gen-{self.generation:06d}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_manifest(index_dir: Path) -> Manifest | None:
    """The manifest, or None when the folder holds no index yet."""
    path = index_dir / MANIFEST
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not an object")
        version = data.get("schema_version")
        if version != SCHEMA_VERSION:
            raise IndexMismatchError(
                f"index at {index_dir} has schema version {version}, this program reads {SCHEMA_VERSION}: "
                "run `rag index --rebuild`"
            )
        manifest = Manifest(**data)
        _validate(manifest)
        return manifest
    except IndexMismatchError:
        raise
    except (ValueError, TypeError, OSError) as exc:
        raise IndexCorruptError(
            f"index manifest {path} is damaged ({exc}): run `rag index --rebuild` to start over"
        ) from None


def _validate(m: Manifest) -> None:
    """Raise ValueError when a field has the wrong type (a hand-edited or half-written manifest)."""
    if not isinstance(m.generation, int) or isinstance(m.generation, bool) or m.generation < 0:
        raise ValueError(f"generation {m.generation!r} is not a non-negative integer")
    if not isinstance(m.embedder, dict) or not isinstance(m.chunker, dict):
        raise ValueError("'embedder' and 'chunker' must be objects")
    dim = m.embedder.get("dim")
    if not isinstance(dim, int) or isinstance(dim, bool) or dim <= 0:
        raise ValueError(f"embedder dimension {dim!r} is not a positive integer")
    if not isinstance(m.counts, dict) or not all(
        isinstance(m.counts.get(k), int) for k in ("articles", "chunks")
    ):
        raise ValueError("'counts' must hold integer 'articles' and 'chunks'")
    if not isinstance(m.vector_index, str):
        raise ValueError("'vector_index' must be a string")


def write_manifest(index_dir: Path, manifest: Manifest) -> None:
    """Atomically replace the manifest (write temp file, fsync, rename, fsync folder)."""
    tmp = index_dir / f".{MANIFEST}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(manifest.to_dict(), fh, indent=2, sort_keys=True)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, index_dir / MANIFEST)
    fsync_dir(index_dir)


def built_otherwise(manifest: Manifest, embedder: dict[str, Any], chunker: dict[str, Any], where: object) -> str | None:
    """Why the index ``manifest`` describes cannot be read with this ``embedder`` (name and model) and
    ``chunker`` configuration, as the one line to show the user; None when it can."""
    got = {k: manifest.embedder.get(k) for k in embedder}
    if got != embedder:
        keep = f" (or set RAG_EMBEDDER={got['name']})" if got["model"] == embedder["model"] else ""
        return (f"index at {where} was built with embedder {got['name']}:{got['model']}, settings say "
                f"{embedder['name']}:{embedder['model']}: run `rag index --rebuild`{keep}")
    if manifest.chunker != chunker:
        return (f"index at {where} was built with chunker {manifest.chunker}, settings say {chunker}: "
                "run `rag index --rebuild`")
    return None
