"""OpenVINO backend (the default): vectors match torch's, the export is made once and found by file stats."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("openvino")

pytestmark = pytest.mark.slow


def test_vectors_match_torch_and_export_is_reused_without_hashing(
    sentences: list[str], cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from embeddings import model_files
    from embeddings.openvino_backend import MODEL_BIN, MODEL_XML, OpenVINOEmbedder
    from embeddings.sentence_transformer import SentenceTransformerEmbedder

    said: list[str] = []
    ov = OpenVINOEmbedder(cache_dir=cache_dir, progress=said.append)
    assert ov.exported_now and (ov.folder / MODEL_XML).is_file() and (ov.folder / MODEL_BIN).is_file()
    assert ov.folder.parent == cache_dir / "models"
    assert len(said) == 2 and "Exporting" in said[0] and "once" in said[0]  # the first-use progress line
    torch_emb = SentenceTransformerEmbedder()
    assert ov.fingerprint != torch_emb.fingerprint and ov.dim == torch_emb.dim == 384
    a = ov.embed_documents(sentences)
    b = torch_emb.embed_documents(sentences)
    assert a.shape == b.shape and a.dtype == np.float32
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    assert float((a * b).sum(1).min()) >= 0.999  # bf16 or fp32: the same vectors for retrieval
    assert float((ov.embed_query(sentences[0]) * a[0]).sum()) >= 0.9999

    # A later start finds the export from file stats alone: reading the model files would fail here.
    def no_hashing(*_args: object) -> str:
        raise AssertionError("model files hashed on a normal start")

    monkeypatch.setattr(model_files, "content_fingerprint", no_hashing)
    monkeypatch.setattr("embeddings.exported.content_fingerprint", no_hashing)
    mtime = (ov.folder / MODEL_BIN).stat().st_mtime_ns
    said.clear()
    again = OpenVINOEmbedder(cache_dir=cache_dir, progress=said.append)
    assert not again.exported_now and again.fingerprint == ov.fingerprint and not said
    assert (ov.folder / MODEL_BIN).stat().st_mtime_ns == mtime
    assert float((again.embed_documents(sentences) * a).sum(1).min()) >= 0.9999


def test_default_settings_build_this_backend(cache_dir: Path) -> None:
    from embeddings.openvino_backend import OpenVINOEmbedder
    from rag.embedder import build_embedder
    from rag.settings import Settings

    assert isinstance(build_embedder(Settings(cache_dir=cache_dir)), OpenVINOEmbedder)


def test_questions_and_indexing_get_their_own_thread_counts(cache_dir: Path) -> None:
    from rag.embedder import build_embedder
    from rag.settings import Settings

    settings = Settings(cache_dir=cache_dir, embed_threads=1, query_threads=2)
    assert build_embedder(settings, indexing=True).threads == 1
    assert build_embedder(settings).threads == 2


def test_a_limited_thread_count_does_not_pin_threads_to_cores(cache_dir: Path) -> None:
    """Two one-thread encoders (indexing and a claim worker) were pinned to the same core by the runtime."""
    from embeddings.openvino_backend import OpenVINOEmbedder

    assert OpenVINOEmbedder(cache_dir=cache_dir, threads=1)._compiled.get_property("ENABLE_CPU_PINNING") is False


def test_fp32_precision_equals_torch_and_keeps_the_fingerprint(sentences: list[str], cache_dir: Path) -> None:
    from embeddings import create_embedder

    fast = create_embedder("openvino", cache_dir=cache_dir)
    exact = create_embedder("openvino", cache_dir=cache_dir, precision="fp32")
    torch_emb = create_embedder("sentence-transformers")
    assert exact.fingerprint == fast.fingerprint  # precision is a run-time choice, see the module docstring
    cos = (exact.embed_documents(sentences) * torch_emb.embed_documents(sentences)).sum(1)
    assert float(cos.min()) >= 0.99999
    assert exact.embed_documents([]).shape == (0, 384)


def test_damaged_export_is_made_again(tmp_path: Path) -> None:
    from embeddings.openvino_backend import MODEL_BIN, OpenVINOEmbedder

    first = OpenVINOEmbedder(cache_dir=tmp_path, progress=lambda _m: None)
    (first.folder / MODEL_BIN).unlink()
    second = OpenVINOEmbedder(cache_dir=tmp_path, progress=lambda _m: None)
    assert second.exported_now and (second.folder / MODEL_BIN).is_file()
    assert second.fingerprint == first.fingerprint


def test_the_compiled_model_cache_gives_the_same_vectors(
    sentences: list[str], cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from embeddings import openvino_backend
    from embeddings.openvino_backend import COMPILED_DIR, MODEL_XML, OpenVINOEmbedder

    for threads in (1, None):  # the setting's default (1) and OpenVINO's own choice
        first = OpenVINOEmbedder(cache_dir=cache_dir, threads=threads)  # fills the cache if empty
        cached = OpenVINOEmbedder(cache_dir=cache_dir, threads=threads)  # imports what the cache holds
        assert any((first.folder / COMPILED_DIR).iterdir())
        with monkeypatch.context() as m:  # compiled as before there was a cache
            m.setattr(openvino_backend, "_compile",
                      lambda core, folder, config: core.compile_model(str(folder / MODEL_XML), "CPU", config))
            plain = OpenVINOEmbedder(cache_dir=cache_dir, threads=threads)
        a = plain.embed_documents(sentences)
        assert np.array_equal(first.embed_documents(sentences), a)
        assert np.array_equal(cached.embed_documents(sentences), a)
        assert np.array_equal(cached.embed_query(sentences[0]), plain.embed_query(sentences[0]))
