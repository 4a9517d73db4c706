"""Reports of an eval run: Markdown, a PNG chart, and a comparison with an earlier run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from evals.metrics import LLM_KEYS, LOWER_IS_BETTER, METRIC_KEYS


def format_metric(v: Any) -> str:
    """A metric value for a table: 3 decimals, 1 for large numbers, a dash for none."""
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:.3f}" if abs(v) < 10 else f"{v:.1f}"
    return str(v)


def _table(title: str, groups: dict[str, Any], keys: tuple[str, ...]) -> list[str]:
    names = list(groups)
    if not names:
        return []
    lines = [
        "",
        f"## {title}",
        "",
        "| metric | " + " | ".join(f"{t} (n={groups[t]['n']})" for t in names) + " |",
        "|---|" + "---|" * len(names),
    ]
    for k in keys:
        if any(groups[t].get(k) is not None for t in names):
            lines.append(f"| {k} | " + " | ".join(format_metric(groups[t].get(k)) for t in names) + " |")
    return lines


def markdown(run: dict[str, Any], comparison: dict[str, Any] | None = None) -> str:
    """The report: metrics beside both baselines, then per type, per kind and per split, then what went wrong."""
    base = run.get("baselines", {})
    keys = METRIC_KEYS + tuple(k for k in LLM_KEYS if k in run["metrics"])
    lines = [
        f"# Eval report: {run['dataset']} ({run.get('split', 'all')})",
        "",
        f"{run['n']} questions, k={run.get('k')}, mode {run.get('mode', '?')}, run {run.get('created_at', '')}",
        "",
        "| metric | system | lexical baseline | random ranking |",
        "|---|---|---|---|",
    ]
    for k in keys:
        lines.append(
            f"| {k} | {format_metric(run['metrics'].get(k))} | {format_metric(base.get('lexical', {}).get(k))} "
            f"| {format_metric(base.get('random', {}).get(k))} |"
        )
    gate = run.get("gate")
    if gate:
        lines += ["", "Gate: " + ("passed" if gate["passed"] else "FAILED: " + "; ".join(gate["failures"]))]
    lines += _table("By type", run.get("by_type", {}), keys)
    lines += _table("By kind of answer", run.get("by_kind", {}), keys)
    lines += _table("By split", run.get("by_split", {}), keys)
    if comparison:
        lines += [
            "",
            "## Change since " + comparison["baseline"],
            "",
            "| metric | before | after | change |",
            "|---|---|---|---|",
        ]
        for k, d in comparison["metrics"].items():
            lines.append(
                f"| {k} | {format_metric(d['before'])} | {format_metric(d['after'])} | {format_metric(d['delta'])} |"
            )
        lines += [
            "",
            f"Became wrong: {', '.join(comparison['became_wrong']) or 'none'}",
            f"Became right: {', '.join(comparison['became_right']) or 'none'}",
        ]
    wrong = [q for q in run["questions"] if not q["correct"]]
    lines += ["", f"## Wrong answers ({len(wrong)})", ""]
    for q in wrong:
        lines += [
            f"### {q['id']} ({q['type']}): {q.get('question', '')}",
            "",
            f"- expected: {', '.join(q.get('expected', [])) or '(abstain)'}; gold: {', '.join(q.get('gold_docs', []))}",
            f"- short answer: {q.get('short_answer')}; verdict: {q.get('verdict')}",
            f"- answer{' (abstained)' if q['abstained'] else ''}: {q['answer']}",
            f"- retrieved: {', '.join(q['retrieved_docs'][:5])}",
        ]
        for c in q.get("citations", []):
            lines.append(f"- [{c['n']}] {c['doc_id']}: “{' '.join(c['text'].split())[:300]}”")
        lines.append("")
    return "\n".join(lines) + "\n"


def chart(run: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    keys = [k for k in METRIC_KEYS if not k.startswith("latency") and run["metrics"].get(k) is not None]
    values = [run["metrics"][k] for k in keys]
    fig, ax = plt.subplots(figsize=(9, 4))
    bars = ax.bar(keys, values, color=["#c0504d" if k in LOWER_IS_BETTER else "#4f81bd" for k in keys])
    ax.set_ylim(0, 1.05)
    ax.set_title(f"{run['dataset']} ({run.get('split', 'all')}): {run['n']} questions")
    ax.bar_label(bars, fmt="%.2f", fontsize=8)
    plt.setp(ax.get_xticklabels(), rotation=30, ha="right")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def compare(run: dict[str, Any], baseline: dict[str, Any], baseline_name: str) -> dict[str, Any]:
    before = {q["id"]: q["correct"] for q in baseline.get("questions", [])}
    after = {q["id"]: q["correct"] for q in run["questions"]}
    metrics = {}
    for k in METRIC_KEYS:
        a, b = run["metrics"].get(k), baseline.get("metrics", {}).get(k)
        metrics[k] = {"before": b, "after": a, "delta": None if a is None or b is None else round(a - b, 4)}
    return {
        "baseline": baseline_name,
        "metrics": metrics,
        "became_wrong": sorted(q for q, ok in after.items() if before.get(q) is True and not ok),
        "became_right": sorted(q for q, ok in after.items() if before.get(q) is False and ok),
    }


def write_reports(run: dict[str, Any], out: Path, comparison: dict[str, Any] | None = None) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "eval.json", out / "eval.md", out / "eval.png"]
    payload = dict(run, comparison=comparison) if comparison else run
    paths[0].write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    paths[1].write_text(markdown(run, comparison), encoding="utf-8")
    chart(run, paths[2])
    return paths
