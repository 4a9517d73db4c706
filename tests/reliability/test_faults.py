"""Faults while writing and reading an index: SIGKILL at named stages, damaged files, disk full, locks.

Kills are deterministic: the writer subprocess wraps one function of the write path, prints
``stage <name>`` when it is reached and sleeps; the test kills it with SIGKILL on that line.
(``tests/store/test_crash.py`` adds time-based kills and in-process failures at each step.)
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from rag.cli import main as cli_main
from rag.errors import IndexCorruptError, IndexLockedError, IndexMismatchError
from rag.index import Index
from rag.settings import Settings
from rag.store.lock import writer_lock

WORDS = (
    "ministers agreed corridor grain harbour convoy treaty border election senate budget reform strike "
    "union harvest drought river bridge railway port tanker inflation tariff ceasefire envoy sanctions"
).split()

# The child wraps STAGE_TARGET (module:attribute) so that reaching it prints the stage line and
# sleeps (WHEN=before) or runs it first and then prints and sleeps (WHEN=after). NTH picks the
# n-th call (for functions called once per batch). EMBED_BATCH is made small so there are batches.
CHILD = textwrap.dedent(
    """
    import functools, importlib, os, sys, time
    from pathlib import Path

    target, when, nth = os.environ["STAGE_TARGET"], os.environ["STAGE_WHEN"], int(os.environ["STAGE_NTH"])
    import rag.store.generation as generation
    generation.EMBED_BATCH = 16
    mod_name, _, attr_path = target.partition(":")
    owner = importlib.import_module(mod_name)
    *parents, attr = attr_path.split(".")
    for p in parents:
        owner = getattr(owner, p)
    original = getattr(owner, attr)
    calls = [0]

    def stop():
        print("stage", target, when, flush=True)
        time.sleep(60)

    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        calls[0] += 1
        if calls[0] == nth and when == "before":
            stop()
        result = original(*args, **kwargs)
        if calls[0] == nth and when == "after":
            stop()
        return result

    setattr(owner, attr, wrapper)

    from rag.index import Index
    from rag.settings import load_settings

    idx = Index(load_settings())
    report = idx.add([Path(sys.argv[1])])
    print("done", len(report.added), flush=True)
    """
)

# (target, when, nth, state after the kill: "old" or "new")
STAGES = [
    ("rag.index:plan_changes", "after", 1, "old"),  # lock taken, nothing written yet
    ("shutil:copyfile", "after", 1, "old"),  # metadata DB copied into the new generation
    ("rag.store.generation:MetadataStore.put_article", "before", 1, "old"),
    ("rag.store.generation:MetadataStore.add_chunks", "after", 1, "old"),
    ("rag.store.generation:EmbeddingCache.embed", "before", 1, "old"),  # embedding, first batch
    ("rag.store.generation:EmbeddingCache.embed", "after", 1, "old"),
    ("rag.store.generation:EmbeddingCache.embed", "before", 4, "old"),  # embedding, mid-way
    ("rag.store.generation:BM25Store.save", "before", 1, "old"),
    ("rag.store.generation:BM25Store.save", "after", 1, "old"),
    ("faiss:write_index", "before", 1, "old"),  # FAISS write
    ("faiss:write_index", "after", 1, "old"),
    ("rag.store.generation:MetadataStore.commit", "before", 1, "old"),  # metadata write
    ("rag.store.generation:MetadataStore.commit", "after", 1, "old"),
    ("rag.store.generation:_fsync_tree", "before", 1, "old"),
    ("rag.store.generation:_fsync_tree", "after", 1, "old"),
    ("os:rename", "before", 1, "old"),
    ("os:rename", "after", 1, "old"),  # generation folder in place, manifest not yet replaced
    ("rag.store.generation:write_manifest", "before", 1, "old"),  # manifest write
    ("os:replace", "before", 1, "old"),  # manifest temp file written and synced, not yet renamed
    ("rag.store.manifest:fsync_dir", "before", 1, "new"),  # manifest replaced: committed
    ("rag.store.generation:remove_stale_generations", "before", 1, "new"),
    ("shutil:rmtree", "after", 3, "new"),  # old generation removed, clean-up not finished
]


def make_articles(folder: Path, n: int, tag: str) -> set[str]:
    folder.mkdir(parents=True, exist_ok=True)
    ids = set()
    for i in range(n):
        words = [WORDS[(i * 7 + j * 3) % len(WORDS)] for j in range(60)]
        body = " ".join(words).capitalize() + f" {tag} {i}."
        (folder / f"{tag}_{i:03d}.txt").write_text((body + "\n\n") * 3, encoding="utf-8")
        ids.add(f"{tag}_{i:03d}")
    return ids


def hash_settings(root: Path) -> Settings:
    return Settings(index_dir=root / "idx", cache_dir=root / "cache", embedder="hash")


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str]]:
    root = tmp_path_factory.mktemp("faults-base")
    old_ids = make_articles(root / "old", 4, "old")
    Index(hash_settings(root)).add([root / "old"])
    return root, old_ids


def copy_base(base_root: Path, tmp: Path) -> Settings:
    shutil.copytree(base_root / "idx", tmp / "idx")
    return hash_settings(tmp)


def child_env(settings: Settings, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env.update(RAG_INDEX_DIR=str(settings.index_dir), RAG_CACHE_DIR=str(settings.cache_dir), RAG_EMBEDDER="hash")
    env.update(extra)
    return env


def state(settings: Settings) -> set[str]:
    idx = Index(settings)
    try:
        ids = {d.doc_id for d in idx.documents()}
        stats = idx.stats()
        assert stats["articles"] == len(ids)
        assert stats["chunks"] == sum(len(idx.chunks(d)) for d in ids)
        hits = idx.search("harbour convoy treaty", 5)
        assert all(h.chunk.doc_id in ids for h in hits)
        return ids
    finally:
        idx.close()


@pytest.mark.parametrize("target,when,nth,expect", STAGES, ids=[f"{t.split(':')[1]}-{w}-{n}" for t, w, n, _ in STAGES])
def test_sigkill_at_stage(base, tmp_path, target, when, nth, expect):
    root, old_ids = base
    settings = copy_base(root, tmp_path)
    new_ids = make_articles(tmp_path / "new", 24, "new")
    env = child_env(settings, STAGE_TARGET=target, STAGE_WHEN=when, STAGE_NTH=str(nth))
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path / "new")], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("stage "), f"stage not reached: {line!r} {proc.stderr.read() if proc.stderr else ''}"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
    assert proc.returncode == -signal.SIGKILL

    ids = state(settings)
    assert ids == (old_ids if expect == "old" else old_ids | new_ids)

    # a rerun completes and leaves one generation folder, no temporary files
    report = Index(settings).add([tmp_path / "new"])
    assert set(report.added) == new_ids - ids
    assert state(settings) == old_ids | new_ids
    final = Index(settings)
    gens = sorted(p.name for p in Path(settings.index_dir).iterdir() if p.name.startswith("gen-"))
    if expect == "old":
        assert gens == [final.manifest.generation_dir]
    assert not list(Path(settings.index_dir).glob("*.tmp"))
    final.close()


# --- damaged files ---------------------------------------------------------------------------------


@pytest.fixture
def built(base, tmp_path, monkeypatch) -> Settings:
    root, _ = base
    settings = copy_base(root, tmp_path)
    monkeypatch.setenv("RAG_EMBEDDER", "hash")
    monkeypatch.setenv("RAG_CACHE_DIR", str(settings.cache_dir))
    return settings


def gen_dir(settings: Settings) -> Path:
    manifest = json.loads((Path(settings.index_dir) / "manifest.json").read_text())
    return Path(settings.index_dir) / f"gen-{manifest['generation']:06d}"


def edit_manifest(settings: Settings, **changes) -> None:
    path = Path(settings.index_dir) / "manifest.json"
    data = json.loads(path.read_text())
    for key, value in changes.items():
        if isinstance(value, dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    path.write_text(json.dumps(data))


def truncate(path: Path, keep: float) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])


def damage_faiss_truncated(s):
    truncate(gen_dir(s) / "vectors.faiss", 0.5)


def damage_faiss_empty(s):
    truncate(gen_dir(s) / "vectors.faiss", 0)


def damage_faiss_garbage(s):
    (gen_dir(s) / "vectors.faiss").write_bytes(os.urandom(4096))


def damage_faiss_missing(s):
    (gen_dir(s) / "vectors.faiss").unlink()


def damage_manifest_counts(s):
    edit_manifest(s, counts={"chunks": 999, "articles": 999})


def damage_manifest_fingerprint(s):
    edit_manifest(s, embedder={"fingerprint": "someone-else"})


def damage_manifest_dim(s):
    edit_manifest(s, embedder={"dim": 7})


def damage_manifest_generation(s):
    edit_manifest(s, generation=42)


def damage_manifest_truncated(s):
    truncate(Path(s.index_dir) / "manifest.json", 0.5)


def damage_manifest_not_object(s):
    (Path(s.index_dir) / "manifest.json").write_text("[1, 2, 3]")


def damage_manifest_schema(s):
    edit_manifest(s, schema_version=99)


def damage_manifest_missing(s):
    (Path(s.index_dir) / "manifest.json").unlink()


def damage_meta_row_deleted(s):
    with sqlite3.connect(gen_dir(s) / "meta.sqlite") as db:
        db.execute("DELETE FROM chunks WHERE key = (SELECT MAX(key) FROM chunks)")


def damage_meta_keys_shifted(s):
    # same number of passages, but not the ones the vectors and BM25 index point at
    with sqlite3.connect(gen_dir(s) / "meta.sqlite") as db:
        db.execute("UPDATE chunks SET key = key + 100000")


def damage_meta_garbage(s):
    (gen_dir(s) / "meta.sqlite").write_bytes(b"SQLite format 3\x00" + os.urandom(2048))


def damage_bm25_missing(s):
    shutil.rmtree(gen_dir(s) / "bm25")


def damage_bm25_keys_pickle(s):
    # an object array can only be loaded by unpickling; allow_pickle=False must refuse it
    marker = Path(s.index_dir).parent / "pwned"
    np.save(gen_dir(s) / "bm25" / "keys.npy", np.array([Pwn(str(marker))], dtype=object), allow_pickle=True)


class Pwn:
    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (Path(self.path).touch, ())


DAMAGES = [
    pytest.param(
        v,
        id=k.removeprefix("damage_"),
        marks=[],
    )
    for k, v in sorted(globals().items())
    if k.startswith("damage_")
]


@pytest.mark.parametrize("damage", DAMAGES)
def test_damaged_index_gives_one_clear_error(built, tmp_path, capsys, damage):
    damage(built)
    with pytest.raises((IndexCorruptError, IndexMismatchError)) as err:
        idx = Index(built)
        idx.search("harbour convoy treaty")  # the fingerprint is checked when the model is needed
    assert "rag index --rebuild" in str(err.value)

    for argv in (["search", "harbour convoy treaty"], ["ask", "What did the ministers agree?"], ["docs"]):
        if damage is damage_manifest_fingerprint and argv == ["docs"]:
            continue  # listing articles needs no embedder, so a model change does not matter there
        capsys.readouterr()
        code = cli_main([*argv, "--index-dir", str(built.index_dir)])
        out, errtext = capsys.readouterr()
        assert code == 1, (argv, out, errtext)
        lines = errtext.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), errtext
        assert "rag index --rebuild" in lines[0] and "Traceback" not in errtext
        assert "Sources:" not in out and "score" not in out  # no answer or passage printed
    assert not (Path(built.index_dir).parent / "pwned").exists()

    # the advertised recovery works
    fresh = make_articles(tmp_path / "fresh", 2, "fresh")
    capsys.readouterr()
    assert cli_main(["index", "--json", "--rebuild", "--index-dir", str(built.index_dir), str(tmp_path / "fresh")]) == 0
    assert state(built) == fresh


def test_missing_manifest_does_not_delete_articles(built, tmp_path):
    """A folder with generations but no manifest is not an empty index: a write must not wipe it."""
    before = sorted(p.name for p in Path(built.index_dir).glob("gen-*"))
    damage_manifest_missing(built)
    (tmp_path / "more").mkdir()
    make_articles(tmp_path / "more", 1, "more")
    with pytest.raises(IndexCorruptError, match="rag index --rebuild"):
        Index(built).add([tmp_path / "more"])
    assert sorted(p.name for p in Path(built.index_dir).glob("gen-*")) == before


# --- disk full, read-only folder -------------------------------------------------------------------


def test_disk_full_during_faiss_write_keeps_old_index(built, tmp_path, monkeypatch, capsys):
    import faiss

    old = state(built)
    make_articles(tmp_path / "new", 5, "new")
    real = faiss.write_index

    def full(index, path):
        with open(path, "wb") as fh:
            fh.write(b"\0" * 100)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)

    monkeypatch.setattr(faiss, "write_index", full)
    with pytest.raises(OSError):
        Index(built).add([tmp_path / "new"])
    code = cli_main(["index", "--json", str(tmp_path / "new"), "--index-dir", str(built.index_dir)])
    err = capsys.readouterr().err
    assert code == 1 and "No space left on device" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    monkeypatch.setattr(faiss, "write_index", real)
    assert state(built) == old
    Index(built).add([tmp_path / "new"])  # space is back: the write completes
    assert state(built) == old | {f"new_{i:03d}" for i in range(5)}


def test_disk_full_during_metadata_write_keeps_old_index(built, tmp_path, monkeypatch, capsys):
    import rag.store.generation as generation

    old = state(built)
    make_articles(tmp_path / "new", 5, "new")

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(generation.MetadataStore, "add_chunks", full)
    with pytest.raises(sqlite3.OperationalError):
        Index(built).add([tmp_path / "new"])
    assert state(built) == old


@pytest.fixture
def small_fs(tmp_path: Path) -> Iterator[Path]:
    """A 3 MB tmpfs (needs root and mount rights; skipped otherwise)."""
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root to mount a small tmpfs")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mnt)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def test_real_disk_full_via_cli(small_fs, tmp_path, monkeypatch, capsys):
    """A real ENOSPC on a full filesystem: one error line, the old index still answers."""
    settings = Settings(index_dir=small_fs / "idx", cache_dir=tmp_path / "cache", embedder="hash")
    old = make_articles(tmp_path / "old", 3, "old")
    Index(settings).add([tmp_path / "old"])
    big = tmp_path / "big"
    big.mkdir()
    body = " ".join(f"{WORDS[i % len(WORDS)]}{i}" for i in range(60_000))
    for i in range(5):
        (big / f"big_{i}.txt").write_text(f"Big report {i}\n\n{body}.\n", encoding="utf-8")
    monkeypatch.setenv("RAG_EMBEDDER", "hash")
    monkeypatch.setenv("RAG_CACHE_DIR", str(tmp_path / "cache"))
    code = cli_main(["index", "--json", str(big), "--index-dir", str(settings.index_dir)])
    out, err = capsys.readouterr()
    if code == 0:
        pytest.skip("the write fitted into the small filesystem")
    assert code == 1 and "Traceback" not in err, err
    assert len(err.strip().splitlines()) == 1, err
    assert state(settings) == old


def test_read_only_index_folder(small_fs, tmp_path, monkeypatch, capsys):
    settings = Settings(index_dir=small_fs / "idx", cache_dir=tmp_path / "cache", embedder="hash")
    old = make_articles(tmp_path / "old", 3, "old")
    Index(settings).add([tmp_path / "old"])
    make_articles(tmp_path / "new", 2, "new")
    subprocess.run(["mount", "-o", "remount,ro", str(small_fs)], check=True)
    monkeypatch.setenv("RAG_EMBEDDER", "hash")
    monkeypatch.setenv("RAG_CACHE_DIR", str(tmp_path / "cache"))
    code = cli_main(["index", "--json", str(tmp_path / "new"), "--index-dir", str(settings.index_dir)])
    err = capsys.readouterr().err
    assert code == 1 and "Read-only file system" in err and "Traceback" not in err, err
    assert len(err.strip().splitlines()) == 1
    assert state(settings) == old  # readers still work on a read-only index
    assert cli_main(["search", "harbour", "--index-dir", str(settings.index_dir)]) == 0


def test_unwritable_index_folder_for_non_root(built, tmp_path, capsys):
    """chmod 0o555 only blocks non-root users; as root this is covered by the read-only mount test."""
    if os.geteuid() == 0:
        pytest.skip("running as root: permissions do not block writes (see test_read_only_index_folder)")
    make_articles(tmp_path / "new", 2, "new")
    os.chmod(built.index_dir, 0o555)
    try:
        code = cli_main(["index", "--json", str(tmp_path / "new"), "--index-dir", str(built.index_dir)])
        err = capsys.readouterr().err
        assert code == 1 and "Traceback" not in err
    finally:
        os.chmod(built.index_dir, 0o755)


# --- two writers, reader during a write ------------------------------------------------------------

LOCK_HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from rag.store.lock import writer_lock
    with writer_lock(Path(sys.argv[1])):
        print("locked", flush=True)
        time.sleep(float(sys.argv[2]))
    """
)


def test_second_writer_refuses_with_clear_message(built, tmp_path, monkeypatch, capsys):
    holder = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(built.index_dir), "30"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        import rag.index

        real = rag.index.writer_lock
        monkeypatch.setattr(rag.index, "writer_lock", lambda d: real(d, wait_seconds=0.3))
        make_articles(tmp_path / "new", 2, "new")
        with pytest.raises(IndexLockedError, match="another process is writing"):
            Index(built).add([tmp_path / "new"])
        code = cli_main(["index", "--json", str(tmp_path / "new"), "--index-dir", str(built.index_dir)])
        err = capsys.readouterr().err
        assert code == 1 and "another process is writing" in err and "Traceback" not in err
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    # the OS released the killed holder's lock: the next writer proceeds at once
    with writer_lock(Path(built.index_dir), wait_seconds=1):
        pass


def test_second_writer_waits_for_the_first(built, tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(built.index_dir), "1.0"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        new = make_articles(tmp_path / "new", 2, "new")
        t0 = time.monotonic()
        report = Index(built).add([tmp_path / "new"])  # default wait is 10 s
        assert time.monotonic() - t0 >= 0.5
        assert set(report.added) == new
    finally:
        holder.wait(timeout=30)
        holder.stdout.close()


def test_two_concurrent_cli_writers_both_succeed_or_one_refuses(built, tmp_path):
    a, b = make_articles(tmp_path / "a", 20, "aa"), make_articles(tmp_path / "b", 20, "bb")
    env = child_env(built)
    procs = [subprocess.Popen([sys.executable, "-m", "rag.cli", "index", str(tmp_path / d)], env=env, cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for d in ("a", "b")]
    results = [p.communicate(timeout=120) + (p.returncode,) for p in procs]
    for _out, err, code in results:
        assert code == 0 or (code == 1 and "another process is writing" in err), err
        assert "Traceback" not in err
    ids = state(built)
    expected = set().union(*(s for s, (_, _, c) in zip((a, b), results, strict=True) if c == 0))
    assert expected <= ids


def test_reader_during_write_sees_old_state(built, tmp_path, monkeypatch):
    """A reader opening the index while a write is between steps sees exactly the old articles."""
    import rag.store.generation as generation

    old = state(built)
    new = make_articles(tmp_path / "new", 6, "new")
    seen: list[set[str]] = []
    errors: list[BaseException] = []

    def read() -> None:
        try:
            seen.append(state(built))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    def reading(name):
        real = getattr(generation, name)

        def wrapper(*args, **kwargs):
            t = threading.Thread(target=read)
            t.start()
            t.join()
            return real(*args, **kwargs)

        return wrapper

    for name in ("_fsync_tree", "write_manifest"):
        monkeypatch.setattr(generation, name, reading(name))
    monkeypatch.setattr(generation.os, "rename", reading_os_rename(read))
    Index(built).add([tmp_path / "new"])
    assert not errors, errors
    assert seen and all(s == old for s in seen)
    assert state(built) == old | new


def reading_os_rename(read):
    real = os.rename

    def wrapper(*args, **kwargs):
        read()
        return real(*args, **kwargs)

    return wrapper
