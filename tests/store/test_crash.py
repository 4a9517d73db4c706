"""Killing a writer at any moment leaves the index readable with the old or the new articles."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from rag.index import Index
from rag.settings import Settings

WORDS = (
    "ministers agreed corridor grain harbour convoy treaty border election senate budget reform strike "
    "union harvest drought river bridge railway port tanker inflation tariff ceasefire envoy sanctions"
).split()

# The child opens the index, says "ready", adds the articles of `folder` and says "writing" when
# the first batch of vectors is in the new generation (the callback only reports progress).
CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from rag.index import Index
    from rag.settings import load_settings

    idx = Index(load_settings())
    said = []

    def progress(done, total):
        if not said:
            said.append(1)
            print("writing", flush=True)

    print("ready", flush=True)
    report = idx.add([Path(sys.argv[1])], progress=progress)
    print("done", len(report.added), flush=True)
    """
)


def make_articles(folder: Path, n: int, tag: str, seed: int) -> set[str]:
    rnd = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    ids = set()
    for i in range(n):
        paras = []
        for _ in range(4):
            sentences = [
                " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(8, 20))).capitalize() + f" {tag} {i}."
                for _ in range(5)
            ]
            paras.append(" ".join(sentences))
        name = f"{tag}_{i:04d}"
        (folder / f"{name}.txt").write_text("\n\n".join(paras) + "\n", encoding="utf-8")
        ids.add(name)
    return ids


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A small committed index plus a large batch of new articles to add on top of it."""
    root = tmp_path_factory.mktemp("crash-base")
    settings = Settings(index_dir=root / "idx", cache_dir=root / "cache", embedder="hash")
    old_ids = make_articles(root / "old", 5, "old", seed=1)
    Index(settings).add([root / "old"])
    return root, old_ids


def run_child(idx_dir: Path, cache_dir: Path, folder: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env.update(RAG_INDEX_DIR=str(idx_dir), RAG_CACHE_DIR=str(cache_dir), RAG_EMBEDDER="hash")
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=idx_dir.parent,
    )


def wait_for(proc: subprocess.Popen[str], word: str) -> bool:
    """Read the child's stdout until a line equal to ``word``; False if it exited first."""
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == word:
            return True
    return False


# (delay after "ready" in seconds, or "writing" = kill as soon as the write has begun)
TRIALS = ["writing", 0.05, 0.2, 0.45, 0.8, 1.5]


@pytest.mark.parametrize("trial", TRIALS, ids=[str(t) for t in TRIALS])
def test_kill_during_write_leaves_old_or_new_index(base, tmp_path, trial):
    root, old_ids = base
    idx_dir, cache_dir = tmp_path / "idx", tmp_path / "cache"
    shutil.copytree(root / "idx", idx_dir)
    shutil.copytree(root / "cache", cache_dir)
    seed = TRIALS.index(trial) + 100
    # enough articles that the write (chunking, claims, embedding, BM25) outlasts the longest delay
    new_ids = make_articles(tmp_path / "new", 80, f"t{seed}", seed=seed)
    settings = Settings(index_dir=idx_dir, cache_dir=cache_dir, embedder="hash")

    proc = run_child(idx_dir, cache_dir, tmp_path / "new")
    try:
        assert wait_for(proc, "ready"), proc.stderr.read() if proc.stderr else ""
        if trial == "writing":
            assert wait_for(proc, "writing"), "the child finished without reporting progress"
        else:
            delay = trial * random.uniform(0.8, 1.2)
            deadline = time.monotonic() + delay
            while proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.01)
        killed = proc.poll() is None
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
    if trial == "writing":
        assert killed, "the write finished before it could be killed"
    if not killed:
        assert proc.returncode == 0

    # the index opens and holds exactly the old set or exactly the new set
    idx = Index(settings)
    ids = {d.doc_id for d in idx.documents()}
    assert ids in (old_ids, old_ids | new_ids), f"partial index: {len(ids)} articles"
    if trial == "writing":
        assert ids == old_ids
    stats = idx.stats()
    assert stats["articles"] == len(ids)
    assert stats["chunks"] == sum(len(idx.chunks(d)) for d in ids)
    hits = idx.search("harbour convoy treaty")
    assert hits and all(h.chunk.doc_id in ids for h in hits)
    idx.close()

    # a later write takes the lock, finishes the job and clears the killed writer's leftovers
    extra = make_articles(tmp_path / "extra", 2, "extra", seed=seed + 1)
    again = Index(settings)
    report = again.add([tmp_path / "new", tmp_path / "extra"])
    assert set(report.added) == (new_ids - ids) | extra
    assert {d.doc_id for d in again.documents()} == old_ids | new_ids | extra
    leftovers = sorted(p.name for p in idx_dir.iterdir() if p.name.startswith("gen-"))
    assert leftovers == [again.manifest.generation_dir]
    assert Index(settings).search("harbour convoy treaty")


class Crash(BaseException):
    """Stands in for the process dying at one step of a write (not an Exception: nothing catches it)."""


@pytest.mark.parametrize(
    "step",
    [
        "rag.store.generation.EmbeddingCache.embed",
        "rag.store.generation.BM25Store.save",
        "rag.store.generation._fsync_tree",
        "rag.store.generation.os.rename",
        "rag.store.generation.write_manifest",
        "rag.store.generation.remove_stale_generations",
    ],
)
def test_failure_at_each_write_step(base, tmp_path, monkeypatch, step):
    root, old_ids = base
    settings = Settings(index_dir=tmp_path / "idx", cache_dir=tmp_path / "cache", embedder="hash")
    shutil.copytree(root / "idx", settings.index_dir)
    new_ids = make_articles(tmp_path / "new", 3, "step", seed=7)

    def crash(*args, **kwargs):
        raise Crash(step)

    with monkeypatch.context() as m:
        m.setattr(step, crash)
        with pytest.raises(Crash):
            Index(settings).add([tmp_path / "new"])

    idx = Index(settings)
    ids = {d.doc_id for d in idx.documents()}
    if step.endswith("remove_stale_generations"):
        assert ids == old_ids | new_ids  # committed; only the clean-up of the old folder was lost
    else:
        assert ids == old_ids
    assert idx.search("harbour convoy treaty")

    report = Index(settings).add([tmp_path / "new"])
    assert set(report.added) == new_ids - ids
    final = Index(settings)
    assert {d.doc_id for d in final.documents()} == old_ids | new_ids
    leftovers = sorted(p.name for p in Path(settings.index_dir).iterdir() if p.name.startswith("gen-"))
    if step.endswith("remove_stale_generations"):
        # nothing new to write, so the old generation stays until the next write
        assert final.manifest.generation_dir in leftovers
    else:
        assert leftovers == [final.manifest.generation_dir]
