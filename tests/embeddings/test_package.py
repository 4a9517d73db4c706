"""The embeddings package stands alone: no rag imports, its own errors, settings passed in."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "embeddings"


def test_no_module_of_the_package_imports_rag() -> None:
    offenders = []
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offenders += [f"{path.name}: {n}" for n in names if n == "rag" or n.startswith("rag.")]
    assert not offenders


def test_importing_every_module_loads_no_rag_module() -> None:
    modules = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module('embeddings.' + m)\n"
        "print(sorted(m for m in sys.modules if m == 'rag' or m.startswith('rag.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_unknown_backend_and_missing_model_are_package_errors(tmp_path: Path) -> None:
    from embeddings import ModelFilesError, UnknownBackendError, create_embedder

    with pytest.raises(UnknownBackendError, match="choose one of"):
        create_embedder("nope")
    with pytest.raises(ModelFilesError, match="config.json"):
        create_embedder("openvino", str(tmp_path / "missing"), cache_dir=tmp_path)


def test_rag_maps_package_errors_to_its_own(tmp_path: Path) -> None:
    from rag.embedder import build_embedder
    from rag.errors import ConfigError, ModelNotFoundError
    from rag.settings import Settings

    with pytest.raises(ConfigError, match="unknown embedder"):
        build_embedder(Settings(embedder="nope", cache_dir=tmp_path))
    with pytest.raises(ModelNotFoundError, match="RAG_MODEL"):
        build_embedder(Settings(embedder="openvino", model=str(tmp_path / "missing"), cache_dir=tmp_path))


def test_default_backend_is_openvino() -> None:
    from rag.settings import Settings

    assert Settings().embedder == "openvino"
    assert Settings.model_fields["embedder"].description
