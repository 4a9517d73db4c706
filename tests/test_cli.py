"""The `rag` command in-process: JSON shapes, exit codes and one-line errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from rag.cli import main
from rag.index import Index
from rag.ingest.seeds import seeds_dir
from rag.settings import Settings
from rag.store.manifest import MANIFEST

SEEDS = seeds_dir()

HIT_KEYS = {"rank", "doc_id", "chunk_id", "title", "source", "published_at", "start", "end", "text", "score"}
CITATION_KEYS = (HIT_KEYS - {"rank"}) | {"n"}
SUMMARY_KEYS = {"added", "updated", "unchanged", "removed", "skipped", "chunks_embedded", "seconds"}
QUESTION = "How large would Ukraine's army be under the plan?"


@pytest.fixture
def cli_env(isolated_env, tmp_path, monkeypatch) -> Settings:
    monkeypatch.setenv("RAG_INDEX_DIR", str(tmp_path / "idx"))
    monkeypatch.setenv("RAG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("RAG_EMBEDDER", "hash")
    return Settings(index_dir=tmp_path / "idx", cache_dir=tmp_path / "cache", embedder="hash")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *args: str) -> dict:
    code, out, err = run(capsys, *args, "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def seeded(cli_env, capsys) -> Settings:
    data = run_json(capsys, "index", str(SEEDS))
    assert len(data["added"]) == 5
    return cli_env


def seed_ids() -> set[str]:
    return {p.stem for p in SEEDS.glob("*.txt")}


def assert_one_error_line(err: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("error:"), err
    assert "Traceback" not in err
    return lines[0]


# --- index -----------------------------------------------------------------------------------


def test_index_json_summary(cli_env, capsys, tmp_path):
    data = run_json(capsys, "index", str(SEEDS))
    assert set(data) == SUMMARY_KEYS
    assert set(data["added"]) == seed_ids()
    assert data["updated"] == data["unchanged"] == data["removed"] == data["skipped"] == []
    assert data["chunks_embedded"] > 0
    assert isinstance(data["seconds"], float)

    again = run_json(capsys, "index", str(SEEDS))
    assert set(again["unchanged"]) == seed_ids()
    assert again["added"] == [] and again["chunks_embedded"] == 0


def test_index_reports_skipped_files(cli_env, capsys, tmp_path, write_jsonl):
    folder = tmp_path / "in"
    write_jsonl(
        folder / "rows.jsonl",
        [{"id": "r1", "text": "A peace plan was leaked to the press on Friday."}, "{oops"],
    )
    (folder / "empty.txt").write_text("")
    data = run_json(capsys, "index", str(folder), str(tmp_path / "missing"))
    assert data["added"] == ["r1"]
    skipped = {s["path"]: s["reason"] for s in data["skipped"]}
    assert set(skipped) == {
        f"{folder / 'rows.jsonl'}:2",
        str(folder / "empty.txt"),
        str(tmp_path / "missing"),
    }
    assert all(skipped.values())


def test_index_human_output(cli_env, capsys):
    code, out, err = run(capsys, "index", str(SEEDS))
    assert code == 0
    assert out.startswith("added 5, updated 0, unchanged 0, removed 0, skipped 0")


def test_index_without_paths_uses_seeds(cli_env, capsys):
    data = run_json(capsys, "index")
    assert set(data["added"]) == {p.stem for p in seeds_dir().glob("*.txt")}


# --- search ----------------------------------------------------------------------------------


def test_search_json(seeded, capsys):
    data = run_json(capsys, "search", "army limited to 600,000 troops", "-k", "3")
    assert set(data) == {"query", "results"}
    assert data["query"] == "army limited to 600,000 troops"
    results = data["results"]
    assert 1 <= len(results) <= 3
    idx = Index(seeded)
    for i, r in enumerate(results, start=1):
        assert HIT_KEYS <= set(r)
        assert r["rank"] == i
        assert r["doc_id"] in seed_ids()
        assert r["chunk_id"].startswith(r["doc_id"] + ":")
        assert idx.document(r["doc_id"]).text[r["start"] : r["end"]] == r["text"]
        assert isinstance(r["score"], float)
    assert any("600,000" in r["text"] for r in results)


def test_search_source_filter(seeded, capsys):
    data = run_json(capsys, "search", "peace plan", "--source", "bbc", "-k", "10")
    assert data["results"]
    assert {r["source"] for r in data["results"]} == {"BBC"}


def test_search_date_filter(seeded, capsys):
    data = run_json(capsys, "search", "peace plan", "--since", "2025-11-23", "--until", "2025-11-23")
    assert data["results"]
    assert {r["published_at"] for r in data["results"]} == {"2025-11-23"}


def test_search_human_output(seeded, capsys):
    code, out, _ = run(capsys, "search", "frozen Russian assets")
    assert code == 0
    assert out.startswith("1. ")


# --- ask -------------------------------------------------------------------------------------


def test_ask_json(seeded, capsys):
    data = run_json(capsys, "ask", QUESTION)
    for key in (
        "question",
        "answer",
        "abstained",
        "mode",
        "citations",
        "conflicts",
        "warnings",
        "timings_ms",
    ):
        assert key in data
    assert data["question"] == QUESTION
    assert data["mode"] == "extractive"
    assert isinstance(data["abstained"], bool)
    assert isinstance(data["answer"], str) and data["answer"]
    assert isinstance(data["conflicts"], list)
    assert isinstance(data["warnings"], list)
    assert {"retrieve", "answer", "total"} <= set(data["timings_ms"])
    assert all(v >= 0 for v in data["timings_ms"].values())
    # the hash embedder makes answer quality a matter of luck: check the contract either way
    if data["abstained"]:
        assert data["citations"] == [] or all(c["doc_id"] in seed_ids() for c in data["citations"])
    else:
        assert data["citations"]
    idx = Index(seeded)
    for n, c in enumerate(data["citations"], start=1):
        assert CITATION_KEYS <= set(c)
        assert c["n"] == n
        assert c["doc_id"] in seed_ids()
        doc = idx.document(c["doc_id"])
        assert doc is not None
        assert doc.text[c["start"] : c["end"]] == c["text"]
        assert c["chunk_id"] in {ch.id for ch in idx.chunks(c["doc_id"])}
        if not data["abstained"]:
            assert f"[{n}]" in data["answer"]


def test_ask_human_output(seeded, capsys):
    code, out, err = run(capsys, "ask", QUESTION)
    assert code == 0, err
    assert out.strip()
    assert not out.lstrip().startswith("{")
    if "Sources:" in out:
        assert "[1]" in out


def test_ask_on_empty_index_indexes_the_seeds_first(cli_env, capsys):
    assert not Path(cli_env.index_dir).exists() or not any(Path(cli_env.index_dir).iterdir())
    data = run_json(capsys, "ask", QUESTION)
    assert data["mode"] == "extractive"
    idx = Index(cli_env)
    assert {d.doc_id for d in idx.documents()} == {p.stem for p in seeds_dir().glob("*.txt")}
    for c in data["citations"]:
        assert c["doc_id"] in seed_ids()


def test_search_on_empty_index_indexes_the_seeds_first(cli_env, capsys):
    code, out, err = run(capsys, "search", "peace plan")
    assert code == 0
    assert "indexing the bundled seed articles" in err
    assert len(Index(cli_env).documents()) == 5


# --- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize("question", ["", "   "])
def test_empty_question_is_usage_error(cli_env, capsys, question):
    code, out, err = run(capsys, "ask", question, "--json")
    assert code == 2
    assert out == ""
    assert "empty" in assert_one_error_line(err)


def test_empty_query_is_usage_error(cli_env, capsys):
    code, _, err = run(capsys, "search", " ")
    assert code == 2
    assert_one_error_line(err)


@pytest.mark.parametrize(
    "args",
    [
        ["ask", QUESTION, "--bogus"],
        ["search", "x", "--nope", "1"],
        ["index", "--frobnicate"],
        ["ask", QUESTION, "-k", "0"],
        ["frobnicate"],
    ],
)
def test_bad_options_exit_2(cli_env, capsys, args):
    code, out, err = run(capsys, *args)
    assert code == 2
    assert out == ""
    assert_one_error_line(err)


@pytest.mark.parametrize(
    "args",
    [
        ["--since", "last week"],
        ["--since", "2025-02-30"],
        ["--until", "11/23/2025"],
        ["--since", "2025-11-24", "--until", "2025-11-23"],
    ],
)
@pytest.mark.parametrize("command", ["ask", "search"])
def test_bad_dates_exit_2(cli_env, capsys, command, args):
    code, out, err = run(capsys, command, "peace plan", *args)
    assert code == 2
    assert out == ""
    line = assert_one_error_line(err)
    assert "since" in line or "until" in line
    assert not Path(cli_env.index_dir, MANIFEST).exists()  # rejected before touching the index


def damage_manifest(settings: Settings) -> None:
    (Path(settings.index_dir) / MANIFEST).write_text('{"generation": 1, "embedd')


def delete_vectors(settings: Settings) -> None:
    idx = Index(settings)
    gen = idx.dir / idx.manifest.generation_dir
    idx.close()
    (gen / "vectors.faiss").unlink()


def garble_metadata(settings: Settings) -> None:
    idx = Index(settings)
    gen = idx.dir / idx.manifest.generation_dir
    idx.close()
    (gen / "meta.sqlite").write_bytes(b"garbage" * 100)


@pytest.mark.parametrize("damage", [damage_manifest, delete_vectors, garble_metadata])
@pytest.mark.parametrize("command", [["ask", QUESTION], ["search", "peace plan"], ["docs"]])
def test_damaged_index_exit_1_with_one_line(seeded, capsys, damage, command):
    damage(seeded)
    code, out, err = run(capsys, *command)
    assert code == 1
    assert out == ""
    line = assert_one_error_line(err)
    assert "rag index --rebuild" in line


@pytest.mark.parametrize("damage", [damage_manifest, delete_vectors, garble_metadata])
def test_rebuild_repairs_a_damaged_index(seeded, capsys, damage):
    damage(seeded)
    data = run_json(capsys, "index", str(SEEDS), "--rebuild")
    assert set(data["added"]) == seed_ids()
    assert run_json(capsys, "search", "peace plan")["results"]


def test_mismatched_index_exit_1_then_rebuild(seeded, capsys, monkeypatch):
    monkeypatch.setenv("RAG_CHUNK_SIZE", str(seeded.chunk_size + 200))
    code, _, err = run(capsys, "search", "peace plan")
    assert code == 1
    assert "rag index --rebuild" in assert_one_error_line(err)
    data = run_json(capsys, "index", str(SEEDS), "--rebuild")
    assert set(data["added"]) == seed_ids()
    assert run_json(capsys, "search", "peace plan")["results"]


def test_bad_setting_is_usage_error(cli_env, capsys, monkeypatch):
    monkeypatch.setenv("RAG_CHUNK_SIZE", "10")
    code, _, err = run(capsys, "search", "peace plan")
    assert code == 2
    assert "chunk_size" in assert_one_error_line(err)


def test_docs_json(seeded, capsys):
    data = run_json(capsys, "docs")
    assert data["stats"]["articles"] == 5
    rows = {d["doc_id"]: d for d in data["documents"]}
    assert set(rows) == seed_ids()
    assert rows["004_3dab22978efde2ee"]["source"] == "BBC"
    assert rows["002_7904f116bb35bbc1"]["published_at"] == "2025-11-23"


def test_no_args_prints_help_and_exits_2(cli_env, capsys):
    code, _, err = run(capsys)
    assert code == 2
    assert "Usage" in err


def test_index_dir_option_overrides_env(cli_env, capsys, tmp_path):
    other = tmp_path / "other-idx"
    data = run_json(capsys, "index", str(SEEDS), "--index-dir", str(other))
    assert len(data["added"]) == 5
    assert (other / MANIFEST).is_file()
    assert not (Path(cli_env.index_dir) / MANIFEST).exists()
    shutil.rmtree(other)


# --- eval ------------------------------------------------------------------------------------


def test_eval_limit_samples_the_split_and_reports_baselines(seeded, capsys):
    data = run_json(capsys, "eval", "--dataset", "seed", "--split", "dev", "--index-dir", str(seeded.index_dir),
                    "--limit", "7")
    assert data["n"] == 7 and data["limit"] == 7 and data["split"] == "dev"
    assert {"short_answer_em", "short_answer_f1", "false_conflicts"} <= set(data["metrics"])
    assert set(data["baselines"]) == {"random", "lexical"}


def test_eval_gate_refuses_a_sample(seeded, capsys):
    code, out, err = run(capsys, "eval", "--dataset", "seed", "--split", "test", "--gate", "--limit", "5")
    assert code == 2 and out == ""
    assert "--limit" in assert_one_error_line(err)


def test_eval_gate_refuses_another_split(seeded, capsys):
    code, _, err = run(capsys, "eval", "--dataset", "seed", "--split", "dev", "--gate",
                       "--index-dir", str(seeded.index_dir))
    assert code == 2
    assert "--split test" in assert_one_error_line(err)
