"""Warm ``Index.ask`` latency on a ~25k-chunk generated news index vs a small one (issue #13).

    python benchmarks/ask_latency.py [--chunks 25000] [--small-chunks 500] [--index-dir /tmp/asklat]
    python benchmarks/ask_latency.py --build-only        # only build (or reuse) the two indexes
    python benchmarks/ask_latency.py --rebuild           # write both again with this code (caches kept)

1. Corpus: the generated news corpus (benchmarks/corpus_gen.py) of about ``--chunks`` chunks; the
   small index holds its first ~``--small-chunks`` chunks' articles (the same articles, so every
   question below is about an article both indexes hold).
2. Indexes: ``Index.add`` with the default settings (default embedder, chunker, claim extraction),
   under ``--index-dir`` (``large/``, ``small/``, ``cache/``); an index already there with the
   expected article count is reused, so reruns only measure.
3. Questions: made from the generator's sentence templates. Each template sentence found in a
   small-index article gives a question a reader would ask about it (who / when / how many /
   yes-no), e.g. "Officials in Kenya said about 40 jobs were at stake." gives "How many jobs were
   at stake in Kenya?". No eval set's question file is read.
4. Timing: both indexes are opened in this process, the model and spaCy are loaded and a few
   warm-up questions asked; then every question is asked once on each index, alternating, with
   ``Index.ask`` and the default (extractive) answerer, as ``rag ask`` does. Per call: wall time
   and the stage times ``Index.ask`` itself records in ``Answer.timings_ms`` (retrieve, answer,
   conflicts). The embedder is wrapped in a counter that passes every call through, to report
   how many texts each stage encodes.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import random
import re
import resource
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus_gen  # noqa: E402
from corpus_gen import article, write_jsonl  # noqa: E402

CHUNKS_PER_ARTICLE = 6.2  # measured average of corpus_gen articles with the default chunker
KINDS = ("who", "when", "how_many", "yes_no")

# Questions per generator template: (kind, question template over the template's fields).
QUESTIONS: dict[str, list[tuple[str, str]]] = {
    corpus_gen.OPENERS[0]: [
        ("when", "On which day did {org} say that {topic} would {change}?"),
        ("how_many", "By how many {unit} would {topic} {change}, according to {org}?"),
    ],
    corpus_gen.OPENERS[1]: [
        ("who", "Who called the plans of {org} affecting {topic} in {city} {adj}?"),
        ("yes_no", "Did {person} call the plans affecting {topic} in {city} {adj}?"),
    ],
    corpus_gen.OPENERS[2]: [
        ("how_many", "By how many {unit} did {topic} in {country} change last {period}?"),
        ("yes_no", "Did {topic} in {country} {change_base} last {period}?"),
    ],
    corpus_gen.SENTENCES[0]: [
        ("who", "Who said the decision on {topic} was {adj} but necessary?"),
        ("yes_no", "Did {person} say the decision on {topic} was {adj}?"),
    ],
    corpus_gen.SENTENCES[2]: [
        ("how_many", "For how many years had {topic} been neglected, according to critics in {city}?"),
    ],
    corpus_gen.SENTENCES[3]: [("when", "When does {org} expect a final ruling on {topic}?")],
    corpus_gen.SENTENCES[4]: [
        ("how_many", "How many weeks did the pause in negotiations over {topic} in {city} last?"),
        ("yes_no", "Did negotiations over {topic} resume in {city}?"),
    ],
    corpus_gen.SENTENCES[5]: [("how_many", "How many {unit} were at stake in {country}?")],
    corpus_gen.SENTENCES[6]: [
        ("when", "Until when would {topic} remain the priority, according to {person}?"),
        ("who", "Who told reporters that {topic} would remain the priority?"),
    ],
    corpus_gen.SENTENCES[9]: [
        ("how_many", "By how many {unit} could {topic} {change} next {period}, according to {org}?"),
        ("yes_no", "Did a report by {org} say that {topic} could {change} next {period}?"),
    ],
}
BASE = dict(zip(corpus_gen.CHANGES2, corpus_gen.CHANGES, strict=True))


def _cap(s: str) -> str:
    return s[0].upper() + s[1:]


TOPIC_WORDS = [t for ts in corpus_gen.TOPICS.values() for t in ts]
FIELDS = {  # what each template field can be (corpus_gen._fill)
    "org": corpus_gen.ORGS, "org_cap": [_cap(o) for o in corpus_gen.ORGS], "verb": corpus_gen.VERBS,
    "weekday": corpus_gen.WEEKDAYS, "topic": TOPIC_WORDS, "topic_cap": [_cap(t) for t in TOPIC_WORDS],
    "change": corpus_gen.CHANGES, "change2": corpus_gen.CHANGES2, "unit": corpus_gen.UNITS, "adv": ["more", "less"],
    "people": ["economists", "analysts"], "city": corpus_gen.CITIES, "country": corpus_gen.COUNTRIES,
    "person": corpus_gen.PEOPLE, "role": corpus_gen.ROLES, "adj": corpus_gen.ADJ, "month": corpus_gen.MONTHS,
    "period": corpus_gen.PERIODS,
}


def _pattern(template: str) -> re.Pattern[str]:
    """A regex matching sentences the template produces, one named group per field."""
    out, pos = [], 0
    for m in re.finditer(r"\{(\w+)\}", template):
        out.append(re.escape(template[pos : m.start()]))
        name = m.group(1)
        alternatives = "|".join(re.escape(v) for v in sorted(FIELDS[name], key=len, reverse=True)) \
            if name in FIELDS else r"\d+"
        out.append(f"(?P<{name}>{alternatives})")
        pos = m.end()
    out.append(re.escape(template[pos:]))
    return re.compile("".join(out))


def make_questions(n_articles: int, per_kind: int, seed: int = 13) -> list[dict[str, str]]:
    """``per_kind`` questions of each kind about the first ``n_articles`` generated articles."""
    patterns = [(_pattern(t), qs) for t, qs in QUESTIONS.items()]
    pools: dict[str, list[dict[str, str]]] = {k: [] for k in KINDS}
    seen: set[str] = set()
    for i in range(n_articles):
        a = article(i)
        for pattern, qs in patterns:
            for m in pattern.finditer(a["text"]):
                fields = {k: v for k, v in m.groupdict().items()}
                for cap in ("topic", "org"):
                    if cap + "_cap" in fields:
                        fields[cap] = FIELDS[cap][FIELDS[cap + "_cap"].index(fields[cap + "_cap"])]
                fields["change_base"] = BASE.get(fields.get("change2", ""), "")
                for kind, q in qs:
                    text = q.format(**fields)
                    text = text[0].upper() + text[1:]
                    if text not in seen:
                        seen.add(text)
                        pools[kind].append({"kind": kind, "question": text, "doc_id": a["id"]})
    rng = random.Random(seed)
    out: list[dict[str, str]] = []
    for kind in KINDS:
        pool = pools[kind]
        rng.shuffle(pool)
        if len(pool) < per_kind:
            raise SystemExit(f"only {len(pool)} {kind} questions in {n_articles} articles")
        out.extend(pool[:per_kind])
    rng.shuffle(out)
    return out


class CountingEmbedder:
    """Passes every call to ``inner`` and counts the texts it encodes (the index's memo sits in front)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name, self.dim, self.fingerprint = inner.name, inner.dim, inner.fingerprint
        self.texts = 0

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        self.texts += len(texts)
        return self.inner.embed_documents(texts)  # type: ignore[no-any-return]

    def embed_query(self, text: str) -> np.ndarray:
        self.texts += 1
        return self.inner.embed_query(text)  # type: ignore[no-any-return]


def build(root: Path, name: str, n_articles: int, embedder: Any, again: bool = False) -> tuple[Any, dict[str, Any]]:
    """The index ``root/name`` of the first ``n_articles`` generated articles, built unless already there
    (``again``: rebuilt all the same, through the caches of ``root/cache``)."""
    from rag.embedder import build_embedder
    from rag.index import Index
    from rag.settings import default_cache_dir, load_settings

    settings = load_settings(index_dir=root / name, cache_dir=root / "cache")
    idx = Index(settings, embedder=embedder)
    info: dict[str, Any] = {"articles": n_articles, "built_s": None}
    if again or idx.stats()["articles"] != n_articles:
        corpus = write_jsonl(root / f"corpus-{name}" / "news.jsonl", n_articles)
        t = time.perf_counter()
        load = os.getloadavg()[0]
        # indexing's own thread count (settings.embed_threads), as `rag index` encodes
        writing = build_embedder(load_settings(cache_dir=default_cache_dir()), indexing=True)
        writer = Index(settings, embedder=writing)
        writer.add([corpus], rebuild=True)
        writer.close()
        idx.close()
        idx = Index(settings, embedder=embedder)
        info["built_s"] = round(time.perf_counter() - t, 1)
        info["build_load_before"] = round(load, 2)
        info["build_load_after"] = round(os.getloadavg()[0], 2)
    info.update({k: idx.stats()[k] for k in ("chunks", "articles")})
    info["claims"] = idx.manifest.counts.get("claims") if idx.manifest else None
    info["embedder"] = idx.backend
    return idx, info


def run_name(index: str, fresh: bool) -> str:
    return index + (" fresh" if fresh else "")


def forget(idx: Any, nlp_model: str) -> None:
    """Empty the question-time caches: the shared spaCy parse cache and this index's embedding memo."""
    from rag.nlp import analyser

    analyser(nlp_model)._cache.clear()
    memo = idx.query_embedder
    memo._docs.clear()
    memo._queries.clear()


def answer_parts(idx: Any, questions: list[dict[str, str]], nlp_model: str) -> dict[str, Any]:
    """Where the answer stage's time goes on fresh caches, by calling its parts as the extractive answerer does.

    Per question, caches emptied: the question's analysis, the parse of the retrieved passages
    (read from the parses stored while indexing, as ``Index.ask`` does, and parsed where none is),
    the vectors of their candidate sentences (read from those stored while indexing, as ``Index.ask``
    does), the embedding of the sentences not stored and of the question; then the whole ``answer``
    again with those now cached, which is the rest (span choice, verdicts and their small embeddings).
    """
    from rag.answer.passages import candidate_sentences
    from rag.answer.question import analyse_question
    from rag.nlp import analyser
    from rag.parses import read_stored
    from rag.sentence_vectors import read_stored_vectors

    nlp = analyser(nlp_model)
    answerer, memo = idx.answerer(), idx.query_embedder
    parts: dict[str, list[float]] = {"question": [], "parse_passages": [], "read_vectors": [], "embed_sentences": [],
                                     "rest": []}
    for item in questions:
        query = idx.query(item["question"])
        hits = idx.search(query)
        if not hits:
            continue
        forget(idx, nlp_model)
        t0 = time.perf_counter()
        analyse_question(query.text, nlp)
        t1 = time.perf_counter()
        read_stored(Path(idx.settings.cache_dir), hits, nlp)
        nlp.parse_many([h.chunk.text for h in hits])
        t2 = time.perf_counter()
        read_stored_vectors(Path(idx.settings.cache_dir), hits, nlp, memo)
        t3 = time.perf_counter()
        cands, _ = candidate_sentences(hits, nlp)
        t4 = time.perf_counter()
        memo.embed_documents([c.text for c in cands])
        memo.embed_query(query.text)
        t5 = time.perf_counter()
        answerer.answer(query, hits)
        t6 = time.perf_counter()
        for key, ms in zip(parts, (t1 - t0, t2 - t1, t3 - t2, t5 - t4, t6 - t5 + t4 - t3), strict=True):
            parts[key].append(ms * 1000)
    total = sum(sum(v) for v in parts.values())
    return {k: {**summary(v), "share": round(sum(v) / total, 3)} for k, v in parts.items()}


def summary(ms: list[float]) -> dict[str, float]:
    return {"p50_ms": round(float(np.percentile(ms, 50)), 1), "p95_ms": round(float(np.percentile(ms, 95)), 1),
            "max_ms": round(max(ms), 1), "mean_ms": round(float(np.mean(ms)), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=25_000)
    parser.add_argument("--small-chunks", type=int, default=500)
    parser.add_argument("--index-dir", type=Path, default=Path("/tmp/asklat"))
    parser.add_argument("--per-kind", type=int, default=30, help="questions of each kind (who/when/how many/yes-no)")
    parser.add_argument("--warmup", type=int, default=8)
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--rebuild", action="store_true", help="rebuild both indexes with this code first")
    parser.add_argument("--answers", type=Path, default=None, help="also write every answer (JSON) here")
    parser.add_argument("--profile", type=Path, default=None, help="cProfile the large warm asks into this file")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out/ask_latency.json"))
    args = parser.parse_args()

    from rag.embedder import build_embedder
    from rag.nlp import load_pipeline
    from rag.settings import default_cache_dir, load_settings

    root = args.index_dir
    root.mkdir(parents=True, exist_ok=True)
    # the exported model from the usual cache (its export is not what is measured here)
    inner = build_embedder(load_settings(cache_dir=default_cache_dir()))
    counter = CountingEmbedder(inner)
    n_large = max(10, round(args.chunks / CHUNKS_PER_ARTICLE))
    n_small = max(10, round(args.small_chunks / CHUNKS_PER_ARTICLE))
    result: dict[str, Any] = {"cpus": os.cpu_count(), "load_at_start": [round(x, 2) for x in os.getloadavg()]}
    small, result["small"] = build(root, "small", n_small, counter, args.rebuild)
    large, result["large"] = build(root, "large", n_large, counter, args.rebuild)
    print(json.dumps({"small": result["small"], "large": result["large"]}), flush=True)
    if args.build_only:
        return

    questions = make_questions(n_small, args.per_kind + args.warmup)
    warm = [q for i, q in enumerate(questions) if i % (args.per_kind + args.warmup) < args.warmup][: args.warmup]
    timed_qs = [q for q in questions if q not in warm][: args.per_kind * len(KINDS)]
    nlp_model = load_settings().nlp_model
    load_pipeline(nlp_model)
    indexes = {"small": small, "large": large}
    for idx in indexes.values():
        for q in warm:
            idx.ask(q["question"])
    # "warm": the process as a server runs it, parse cache and embedding memo kept from earlier
    # questions; "fresh": both emptied before the question (model and spaCy stay loaded), so every
    # passage is parsed and every sentence encoded: the small index's warm figure is flattered by
    # its 500 passages recurring, a 25k index's passages seldom do.
    runs = [(name, fresh) for fresh in (False, True) for name in indexes]
    rows: dict[str, list[dict[str, Any]]] = {run_name(*r): [] for r in runs}
    answers: dict[str, list[dict[str, Any]]] = {run_name(*r): [] for r in runs}
    profiler = cProfile.Profile() if args.profile else None
    load_during = []
    for fresh in (False, True):  # all warm asks first: a fresh ask empties the caches the warm ones keep
        for i, q in enumerate(timed_qs):
            for name in (indexes if i % 2 == 0 else reversed(indexes)):
                idx = indexes[name]
                if fresh:
                    forget(idx, nlp_model)
                before = counter.texts
                if profiler is not None and name == "large" and not fresh:
                    profiler.enable()
                c, t = time.process_time(), time.perf_counter()
                ans = idx.ask(q["question"])
                wall, cpu = (time.perf_counter() - t) * 1000, (time.process_time() - c) * 1000
                if profiler is not None:
                    profiler.disable()
                rows[run_name(name, fresh)].append({
                    "kind": q["kind"], "wall": wall, "cpu": cpu, **ans.timings_ms, "encoded": counter.texts - before,
                    "abstained": ans.abstained, "n_conflicts": len(ans.conflicts)})
                answers[run_name(name, fresh)].append(ans.to_dict() | {"timings_ms": None})
            if i % 20 == 0:
                load_during.append(round(os.getloadavg()[0], 2))
    result["answer_stage_parts_large_fresh"] = answer_parts(large, timed_qs, nlp_model)
    result["load_during"] = load_during
    result["questions"] = len(timed_qs)
    result["runs"] = {}
    for label, rs in rows.items():
        r: dict[str, Any] = {"total": summary([x["wall"] for x in rs]), "cpu": summary([x["cpu"] for x in rs])}
        for stage in ("retrieve", "answer", "conflicts"):
            r[stage] = summary([x[stage] for x in rs])
        r["by_kind_p50_ms"] = {k: round(float(np.percentile([x["wall"] for x in rs if x["kind"] == k], 50)), 1)
                               for k in KINDS}
        r["abstained"] = sum(x["abstained"] for x in rs)
        r["with_conflicts"] = sum(x["n_conflicts"] > 0 for x in rs)
        r["texts_encoded_mean"] = round(float(np.mean([x["encoded"] for x in rs])), 1)
        slowest = sorted(range(len(rs)), key=lambda j: -rs[j]["wall"])[:3]
        r["slowest"] = [{"question": timed_qs[j]["question"], "ms": round(rs[j]["wall"], 1),
                         **{s: round(rs[j][s], 1) for s in ("retrieve", "answer", "conflicts")}} for j in slowest]
        result["runs"][label] = r
    result["answers_same_warm_vs_fresh"] = {
        name: sum(a == b for a, b in zip(answers[name], answers[name + " fresh"], strict=True)) for name in indexes}
    result["ratio_large_over_small"] = {
        label: {k: round(result["runs"]["large" + label]["total"][k] / result["runs"]["small" + label]["total"][k], 2)
                for k in ("p50_ms", "p95_ms")}
        for label in ("", " fresh")
    }
    big = result["runs"]["large"]["total"]
    result["targets"] = {"p50<=150ms": big["p50_ms"] <= 150, "p95<=400ms": big["p95_ms"] <= 400}
    result["load_at_end"] = [round(x, 2) for x in os.getloadavg()]
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    if args.answers is not None:
        args.answers.write_text(json.dumps(answers, indent=1))
    print(json.dumps(result, indent=2))
    if profiler is not None:
        profiler.dump_stats(str(args.profile))
        pstats.Stats(str(args.profile)).sort_stats("cumulative").print_stats(40)
    print(f"\n{len(timed_qs)} questions, each asked once per index and mode; load average during: {load_during}")
    print("| index | chunks | claims | ask p50 / p95 / max ms | CPU p50 / p95 ms | retrieve p50 / p95 | "
          "answer p50 / p95 | conflicts p50 / p95 | abstained | with conflicts |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for label, a in result["runs"].items():
        info = result[label.split()[0]]
        print(f"| {label} | {info['chunks']} | {info['claims']} | {a['total']['p50_ms']} / {a['total']['p95_ms']} / "
              f"{a['total']['max_ms']} | {a['cpu']['p50_ms']} / {a['cpu']['p95_ms']} | "
              f"{a['retrieve']['p50_ms']} / {a['retrieve']['p95_ms']} | {a['answer']['p50_ms']} / "
              f"{a['answer']['p95_ms']} | {a['conflicts']['p50_ms']} / {a['conflicts']['p95_ms']} | "
              f"{a['abstained']} | {a['with_conflicts']} |")
    parts = result["answer_stage_parts_large_fresh"]
    print("answer stage, large index, fresh caches: " + ", ".join(
        f"{k} p50 {v['p50_ms']} ms ({v['share']:.0%})" for k, v in parts.items()))
    print(f"ratio large/small: {result['ratio_large_over_small']}; targets: {result['targets']}")


if __name__ == "__main__":
    main()
