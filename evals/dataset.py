"""Eval datasets: one JSON object a line, and the named sets `rag eval --dataset NAME` knows.

A line holds ``id``, ``question``, ``answers``, ``gold_docs``, ``type`` and optionally ``split``
(``dev``/``test``), ``kind`` (number, date, person, org, place, yes_no, phrase), ``verdict``
(``yes``/``no`` for yes/no questions) and ``sides`` (for ``conflict`` questions: accepted strings
per side of the disagreement). See evals/README.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from rag.errors import UsageError

ANSWERABLE_EXCLUDED = {"null"}
SPLITS = ("dev", "test")


@dataclass(frozen=True, slots=True)
class EvalQuestion:
    id: str
    question: str
    answers: tuple[str, ...]
    gold_docs: tuple[str, ...]
    type: str
    split: str | None = None
    kind: str | None = None
    verdict: str | None = None
    sides: tuple[tuple[str, ...], ...] = ()

    @property
    def answerable(self) -> bool:
        return self.type not in ANSWERABLE_EXCLUDED


@dataclass(frozen=True, slots=True)
class NamedDataset:
    """A question file with the corpus it is about."""

    name: str
    questions: Path
    corpus: tuple[Path, ...]
    description: str


_HERE = Path(__file__).resolve().parent


def _benchmarks_dir(configured: Path | None) -> Path:
    if configured is not None:
        return Path(configured).expanduser()
    # In a checkout, the shared public benchmark data sits beside the repository.
    return _HERE.parent.parent / "shared" / "benchmarks"


def named_datasets(benchmarks_dir: Path | None = None) -> dict[str, NamedDataset]:
    """The datasets `rag eval --dataset NAME` accepts."""
    from rag.ingest.seeds import seeds_dir

    bench = _benchmarks_dir(benchmarks_dir)
    return {
        "seed": NamedDataset("seed", _HERE / "seed.jsonl", (seeds_dir(),), "hand-written questions on the seeds"),
        "newsdesk": NamedDataset(
            "newsdesk", _HERE / "newsdesk" / "questions.jsonl", (_HERE / "newsdesk" / "corpus.jsonl",),
            "many-topic newsroom archive with look-alike figures and real disagreements",
        ),
        "worldwire": NamedDataset(
            "worldwire", _HERE / "worldwire" / "questions.jsonl", (_HERE / "worldwire" / "corpus.jsonl",),
            "invented wire stories from six countries, written without seeing the code (dev: tuned on; test: held out)",
        ),
        "off_topic": NamedDataset(
            "off_topic", _HERE / "off_topic" / "questions.jsonl",
            (seeds_dir(), _HERE / "newsdesk" / "corpus.jsonl", _HERE / "worldwire" / "corpus.jsonl"),
            "general-knowledge questions the news corpora do not answer: every one should be abstained on",
        ),
        "multihop": NamedDataset(
            "multihop", bench / "multihop_rag" / "questions.jsonl", (bench / "multihop_rag" / "corpus.jsonl",),
            "MultiHop-RAG public half (Tang & Yang, COLM 2024)",
        ),
        "rgb": NamedDataset(
            "rgb", bench / "rgb_counterfactual" / "questions.jsonl",
            (bench / "rgb_counterfactual" / "corpus.jsonl",),
            "RGB counterfactual robustness public half (Chen et al., AAAI 2024)",
        ),
    }


def resolve_dataset(name_or_path: str | Path | None, benchmarks_dir: Path | None = None) -> NamedDataset:
    """A dataset by name, or a question file (whose corpus the caller must give)."""
    datasets = named_datasets(benchmarks_dir)
    key = str(name_or_path or "seed")
    if key in datasets:
        ds = datasets[key]
        missing = [p for p in (ds.questions, *ds.corpus) if not p.exists()]
        if missing:
            raise UsageError(
                f"dataset {key!r} needs {missing[0]}, which does not exist: set RAG_BENCHMARKS_DIR (or "
                "benchmarks_dir in the config) to the folder holding multihop_rag/ and rgb_counterfactual/"
            )
        return ds
    path = Path(key).expanduser()
    if not path.is_file():
        raise UsageError(f"dataset {key!r} is neither a file nor one of: {', '.join(datasets)}")
    return NamedDataset(path.stem, path, (), str(path))


def default_dataset() -> Path:
    return _HERE / "seed.jsonl"


def _sides(raw: object) -> tuple[tuple[str, ...], ...]:
    if not raw:
        return ()
    if not isinstance(raw, list) or not all(isinstance(s, list) for s in raw):
        raise TypeError("sides must be a list of lists of strings")
    return tuple(tuple(str(v) for v in side) for side in raw)


def load_dataset(path: Path, split: str | None = None) -> list[EvalQuestion]:
    """Read a dataset (only ``split`` when given); malformed lines are a usage error naming the line."""
    if split is not None and split not in SPLITS:
        raise UsageError(f"split must be one of {', '.join(SPLITS)}, got {split!r}")
    if not path.is_file():
        raise UsageError(f"dataset {path} does not exist")
    out: list[EvalQuestion] = []
    seen: set[str] = set()
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            verdict = row.get("verdict")
            q = EvalQuestion(
                id=str(row["id"]),
                question=str(row["question"]),
                answers=tuple(str(a) for a in (row.get("answers") or [])),
                gold_docs=tuple(str(d) for d in (row.get("gold_docs") or [])),
                type=str(row.get("type") or "single"),
                split=row.get("split"),
                kind=row.get("kind"),
                verdict=str(verdict).lower() if verdict else None,
                sides=_sides(row.get("sides")),
            )
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
            raise UsageError(f"{path}:{lineno}: not a valid eval question ({exc})") from None
        if q.verdict not in (None, "yes", "no"):
            raise UsageError(f"{path}:{lineno}: verdict must be yes or no, got {q.verdict!r}")
        if q.id in seen:
            raise UsageError(f"{path}:{lineno}: duplicate question id {q.id!r}")
        seen.add(q.id)
        if split is None or q.split == split:
            out.append(q)
    if not out:
        raise UsageError(f"dataset {path} has no questions" + (f" in split {split!r}" if split else ""))
    return out
