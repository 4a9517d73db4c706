"""Every regular expression on the ingest and answer paths runs in linear time (issue #15, item 3).

Python's ``re`` backtracks. A pattern retried at every start position that scans to the end of
its input each time is quadratic: 24 KB of "[" took 6.7 s to index, "<iframe" x 40,000 took
10.8 s, and each doubling took four times longer. Here every pattern in ``MODULES`` is found in
the source (so a new one cannot be added without a worst case in ``WORST``), fed its worst
cases at 1 MB, and timed against a plain ``str.split`` of the same input; the entry points
that run them get the same treatment. A quadratic pattern would run for hours at this size;
it is interrupted (SIGALRM, which ``re`` honours) once it passes the bound.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import math
import re
import signal
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from rag.ingest.cleaner import clean_article, strip_markup

# The answer layer parses language with spaCy (rag.nlp) and has no patterns of its own; its
# modules are listed so that any pattern added there needs a worst case too.
MODULES = (
    "rag.ingest.cleaner", "rag.ingest.loaders", "rag.retrieval", "rag.nlp", "rag.claims", "rag.query",
    "rag.answer.question", "rag.answer.evidence", "rag.answer.names", "rag.answer.unsaid", "rag.answer.verdict",
    "rag.answer.support",
    "rag.answer.extractive", "rag.answer.conflicts", "rag.answer.render", "rag.answer.llm", "rag.llm.verify",
    "rag.llm.facts", "rag.llm.prompt", "rag.cli", "rag.sanitize", "ui.render", "embeddings.hashing",
)
SIZE = 1_000_000
ENTRY_SIZE = 250_000  # the entry points loop over tokens in Python; a quarter is plenty to show a square
# Linear patterns measured up to ~450x a str.split of the same input on the 2-core development
# machine (many tiny matches), the entry points, which loop over tokens in Python, up to ~3,500x; a
# quadratic one is past 1,000,000x at this size. The bounds sit far from both, so a busy machine
# does not make the test flaky and a slow one still fails in seconds.
MAX_RATIO = 3_000
MAX_ENTRY_RATIO = 20_000
_RE_CALLS = {"compile", "search", "match", "fullmatch", "sub", "subn", "findall", "finditer", "split"}
_FLAGS_ARG = {"compile": 1, "search": 2, "match": 2, "fullmatch": 2, "findall": 2, "finditer": 2, "split": 3,
              "sub": 4, "subn": 4}


@dataclass(frozen=True)
class Found:
    """A regular expression in the source: where it is and, when it is a constant, the pattern."""

    module: str
    where: str  # the module-level name it is assigned to, else the function it is used in
    line: int
    source: str
    pattern: re.Pattern[str] | None  # None when the source builds it at run time


def _evaluate(node: ast.expr, namespace: dict[str, object], module: str) -> object:
    return eval(compile(ast.Expression(node), module, "eval"), dict(namespace))  # noqa: S307 - our own source


def _discover(module: str) -> Iterator[Found]:
    mod = importlib.import_module(module)
    source = inspect.getsource(mod)
    tree = ast.parse(source)
    owners: dict[int, str] = {}
    for node in tree.body:
        name = None
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            name = next((t.id for t in targets if isinstance(t, ast.Name)), None)
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            name = node.name
        for inner in ast.walk(node):
            if isinstance(inner, ast.FunctionDef) and inner is not node:
                for deeper in ast.walk(inner):
                    owners.setdefault(id(deeper), inner.name)
            owners.setdefault(id(inner), name or "<module>")
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                and node.func.attr in _RE_CALLS):
            continue
        text = ast.get_source_segment(source, node.args[0]) or ""
        flags_node = node.args[_FLAGS_ARG[node.func.attr]] if len(node.args) > _FLAGS_ARG[node.func.attr] else None
        flags_node = next((k.value for k in node.keywords if k.arg == "flags"), flags_node)
        try:
            value = _evaluate(node.args[0], vars(mod), module)
            flags = _evaluate(flags_node, vars(mod), module) if flags_node is not None else 0
        except NameError:  # built from a local variable at run time: WORST gives an example
            yield Found(module, owners[id(node)], node.lineno, text, None)
            continue
        pattern = value.pattern if isinstance(value, re.Pattern) else value
        yield Found(module, owners[id(node)], node.lineno, text, re.compile(str(pattern), int(flags)))  # type: ignore[call-overload]


FOUND = [found for module in MODULES for found in _discover(module)]


@dataclass(frozen=True)
class Worst:
    """Worst-case inputs for the pattern(s) of ``module`` at ``where`` whose text contains ``snippet``.

    Each input is ``(head, unit, tail)``: the test text is ``head + unit * n + tail``, about 1 MB.
    ``example`` is the pattern to time when the source builds it at run time.
    """

    module: str
    where: str
    inputs: tuple[tuple[str, str, str], ...]
    snippet: str = ""
    example: str | None = None
    whole: bool = False  # the snippet is the whole pattern, not a part of it

    def matches(self, found: Found) -> bool:
        text = found.pattern.pattern if found.pattern is not None else found.source
        same = text == self.snippet if self.whole else self.snippet in text
        return (found.module, found.where) == (self.module, self.where) and same

    @property
    def id(self) -> str:
        return f"{self.module.rsplit('.', 1)[-1]}.{self.where}" + (f"[{self.snippet}]" if self.snippet else "")


def rep(unit: str, head: str = "", tail: str = "") -> tuple[str, str, str]:
    """``head + unit * n + tail``: why a pattern could be slow is nearly always one repeated unit."""
    return head, unit, tail


C, L, V = "rag.ingest.cleaner", "rag.ingest.loaders", "rag.llm.verify"
SPACES = rep(" ", tail="x")  # whitespace that an optional or repeated \s might split many ways
WORST = [
    # --- ingest: the cleaner sees whole articles (uploads), so each pattern must be linear -----
    Worst(C, "_CHROME_LINE", (rep(" privacy policy x", "by subscribing", ".x"),
                              rep("newsletter ", "sign up for ", "\nx"),
                              rep(" ", "your email address will not be published", "\nx"),
                              rep(" ", "privacy policy", "x"), rep(" ", "privacy policy and", "x"),
                              rep(")", "(click the image to read ", "\nx"), SPACES)),
    Worst(C, "_BLOCK_MARKER", (rep(" ", "related", "x"), rep(" ", "more from a", "x"), rep(" :", "related", "x"))),
    Worst(C, "_SOURCE_LINE", (rep(" ", "source:", "x\ny"), rep(" ", "source: a", "\nb"), rep("a ", "source: ", "\nx"),
                              SPACES)),
    Worst(C, "_LEADING_DATE", (rep(" ", "date", "x"), rep(" ", "date:", "x"), rep(" ", "published on", "x"), SPACES)),
    Worst(C, "_AGENCY_SIGNATURE", (rep(" ", "ABC", "x"), rep(" ", "AB/CD", "x"))),
    Worst(C, "_SCRIPT_BLOCK", (rep("<iframe"), rep("<script a="), rep("</script ", "<script>"), rep("<style<style>"))),
    Worst(C, "_HTML_TAG", (rep("<a"), rep("<!--"), rep("</"), rep("<a <"))),
    Worst(C, "_MD_IMAGE", (rep("!["), rep("![a]("), rep("![a]"), rep("!![a](b"))),
    Worst(C, "_MD_LINK", (rep("["), rep("[a]("), rep("[a]"), rep("[a](b"), rep("[[a]("))),
    Worst(C, "_URL", (rep("http://"), rep("javascript:"), rep("http:/"), rep("a", "http://"), rep("data:a"))),
    Worst(C, "normalise_whitespace", (rep("\n"), rep("\n\nx"))),
    Worst(C, "_is_title_candidate", (rep(".", tail="x"),)),
    Worst(L, "_DATE", (rep("1111-11-1"), rep("1"))),
    Worst(L, "_load_text", (rep("#\n"), rep(" \n", "#"), rep("# \n"), rep("#######\n")), snippet="#"),
    Worst(L, "_safe_url", (rep("http://"), rep("a", "http://", " "))),
    # --- answering: passages, questions and LLM replies ----------------------------------------
    Worst("rag.answer.llm", "describe_error", (rep("1", "Error code: "),)),
    Worst("rag.retrieval", "source_aliases", (SPACES, rep("\n"), rep(" with"), rep(" |")), snippet="with"),
    Worst("rag.retrieval", "source_aliases", (SPACES,), snippet="the)\\s+"),
    Worst("rag.retrieval", "source_aliases", (rep("the "), rep("the Kyiv Independen")), snippet="re.escape(name)",
          example=r"(?<![\w])(?:the\s+)?" + re.escape("Kyiv Independent") + r"(?![\w])"),
    Worst(V, "MARKER", (rep("[1,"), rep(" ", "["), rep("[1 , "), rep("【"), rep("[passages "), rep("[1-"))),
    Worst(V, "_LEADING_MARKERS", (rep("[1] ", tail="[1"), rep(" ", "[1]", "x"), rep("[1,", " "))),
    Worst(V, "_BULLET", (rep("-", tail="x"), SPACES, rep(" ", "-", "x"))),
    Worst(V, "_LABEL", (SPACES, rep(" ", "answer", "x"))),
    Worst(V, "parse_markers", (SPACES, rep("and"), rep(" ,")), snippet="and)"),
    Worst(V, "parse_markers", (SPACES, rep("-"), rep(" -")), snippet="[-–]"),
    Worst(V, "_clean", (SPACES, rep(" ."))),
    Worst(V, "split_reply", (rep(" \n"), rep(" ", "```", "x"), rep("\n")), snippet="```"),
    Worst(V, "split_reply", (rep(".["), rep(".[ "), rep(" ", ".[", "x")), snippet="([.!?])(["),
    Worst(V, "split_reply", (rep("] "), rep("]. "), rep("] .", tail="x"), rep(" ", "]", "x")), snippet="]】])"),
    Worst("rag.llm.prompt", "sanitise", (rep("<"), rep("<<x")), snippet="<"),
    Worst("rag.llm.prompt", "sanitise", (rep(">"), rep(">>x")), snippet=">"),
    Worst("rag.sanitize", "_TERMINAL_UNSAFE", (rep("\x1b"), rep("a"))),
    Worst("rag.sanitize", "_URL_IN_TEXT", (rep("a://"), rep("a:/"), rep("a"), rep("a."), rep("a-"),
                                           rep("http://a@b?c "))),
    Worst("ui.render", "_MARKER", (rep("[1"), rep("["))),
    Worst("embeddings.hashing", "_WORD", (rep("a"), rep("a "))),
]


def _covering(found: Found) -> list[Worst]:
    return [w for w in WORST if w.matches(found)]


def test_every_pattern_has_worst_cases() -> None:
    missing = [f"{f.module}:{f.line} ({f.where}) {f.source[:60]}" for f in FOUND if len(_covering(f)) != 1]
    assert not missing, "give each of these exactly one entry in WORST:\n" + "\n".join(missing)
    stale = [w.id for w in WORST if not any(w.matches(f) for f in FOUND)]
    assert not stale, f"entries in WORST that match no pattern: {stale}"


class _TooSlow(Exception):
    pass


def _seconds(run: Callable[[], object], budget: float = math.inf) -> float:
    """Wall time of ``run()``, or ``inf`` when it is still going after ``budget`` seconds."""

    def stop(*_: object) -> None:
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, stop)
    if budget < math.inf:
        signal.setitimer(signal.ITIMER_REAL, budget)
    started = time.perf_counter()
    try:
        run()
        return time.perf_counter() - started
    except _TooSlow:
        return math.inf
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _text(head: str, unit: str, tail: str, size: int = SIZE) -> str:
    return head + unit * max(1, (size - len(head) - len(tail)) // len(unit)) + tail


def assert_linear(run: Callable[[str], object], text: str, what: str, max_ratio: float = MAX_RATIO) -> None:
    """``run(text)`` takes at most ``max_ratio`` times as long as ``text.split()``."""
    baseline = statistics.median(_seconds(text.split) for _ in range(5))
    budget = max_ratio * baseline
    took = _seconds(lambda: run(text), budget)
    if took > budget:  # a second try absorbs a scheduling hiccup; a quadratic pattern fails it too
        took = _seconds(lambda: run(text), budget)
    assert took <= budget, f"{what}: over {max_ratio:,}x str.split on {text[:40]!r}... ({len(text):,} chars)"


@pytest.mark.parametrize("worst", WORST, ids=lambda w: w.id)
def test_pattern_runs_in_linear_time(worst: Worst) -> None:
    patterns = [f.pattern for f in FOUND if worst.matches(f) and f.pattern is not None]
    if worst.example is not None:
        patterns.append(re.compile(worst.example))
    assert patterns, f"{worst.id} matches no pattern"
    for pattern in patterns:
        for head, unit, tail in worst.inputs:
            # finditer tries every start position: the most work any of re's calls can do
            assert_linear(lambda s, p=pattern: sum(1 for _ in p.finditer(s)), _text(head, unit, tail),
                          f"{worst.id} /{pattern.pattern[:50]}/")


ENTRY_POINTS: list[tuple[str, Callable[[str], object], tuple[tuple[str, str, str], ...]]] = [
    ("strip_markup", strip_markup, (rep("["), rep("<iframe"), rep("!["), rep("[a]("), rep("<a"))),
    ("clean_article", clean_article, (rep(" ", "date", "x"), rep("a. "), rep("x\n"), rep("[<a]("))),
]


@pytest.mark.parametrize(("name", "run", "inputs"), ENTRY_POINTS, ids=[e[0] for e in ENTRY_POINTS])
def test_entry_points_run_in_linear_time(name: str, run: Callable[[str], object],
                                         inputs: tuple[tuple[str, str, str], ...]) -> None:
    for head, unit, tail in inputs:
        assert_linear(run, _text(head, unit, tail, ENTRY_SIZE), name, MAX_ENTRY_RATIO)
