"""ONNX Runtime backend: vectors close to the torch backend's; the export is cached and reused."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("onnxruntime")
pytest.importorskip("onnx")

pytestmark = pytest.mark.slow


def test_onnx_vectors_close_to_torch_and_export_reused(sentences: list[str], cache_dir: Path) -> None:
    from embeddings.onnx_backend import INT8_FILE, OnnxEmbedder
    from embeddings.sentence_transformer import SentenceTransformerEmbedder

    onnx = OnnxEmbedder(cache_dir=cache_dir)
    assert onnx.exported_now and (onnx.folder / INT8_FILE).is_file()
    assert onnx.folder.parent == cache_dir / "models" and onnx.folder.name.startswith("onnx-")
    torch_emb = SentenceTransformerEmbedder()
    assert onnx.fingerprint != torch_emb.fingerprint and onnx.dim == torch_emb.dim
    a = onnx.embed_documents(sentences)
    b = torch_emb.embed_documents(sentences)
    assert a.shape == b.shape and a.dtype == np.float32
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    assert float((a * b).sum(1).min()) >= 0.98
    assert np.allclose(onnx.embed_query(sentences[0]), a[0], atol=1e-5)

    mtime = (onnx.folder / INT8_FILE).stat().st_mtime_ns
    again = OnnxEmbedder(cache_dir=cache_dir)
    assert not again.exported_now and again.fingerprint == onnx.fingerprint
    assert (onnx.folder / INT8_FILE).stat().st_mtime_ns == mtime
    assert np.allclose(again.embed_documents(sentences), a, atol=1e-6)


def test_registered_and_empty_input(cache_dir: Path) -> None:
    from embeddings import available, create_embedder

    assert "onnx" in available()
    emb = create_embedder("onnx", cache_dir=cache_dir)
    assert emb.embed_documents([]).shape == (0, emb.dim)


def test_missing_onnxruntime_is_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    from embeddings.errors import BackendUnavailableError
    from embeddings.onnx_backend import OnnxEmbedder

    real_import = builtins.__import__

    def fake_import(name: str, *args: object, **kwargs: object) -> object:
        if name == "onnxruntime":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(BackendUnavailableError, match="pip install") as info:
        OnnxEmbedder()
    assert "\n" not in str(info.value)
