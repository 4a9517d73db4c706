"""The public facade: open an index, add documents, search and ask."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from embeddings import Embedder
from embeddings.memo import MemoEmbedder
from rag.answer import Answerer, create_answerer
from rag.answer.base import Draft
from rag.answer.stages import conclude, timed
from rag.answer.typed import as_read, cased_as_retrieved
from rag.chunking import Chunker, ChunkerConfig
from rag.embedder import adopt_backend, adoption_hint, build_embedder, encoder_recipe, encoder_threads
from rag.errors import IndexCorruptError, IndexMismatchError
from rag.ingest import discover, load_files
from rag.ingest.collect import Collected, stale_ids
from rag.nlp import analyser
from rag.parses import read_stored
from rag.query import MAX_QUERY_CHARS, Query
from rag.records import Answer, Article, Chunk, IndexReport, SearchHit, Skipped
from rag.retrieval import passages_for
from rag.sentence_vectors import read_stored_vectors
from rag.settings import Settings, load_settings
from rag.store.backend import StoreBackend, StoreRetriever, open_store, write_caches, write_job
from rag.store.generation import ProgressFn, plan_changes
from rag.store.lock import writer_lock
from rag.store.lookup import IndexLookup
from rag.store.manifest import Manifest, built_otherwise

# re-exported: older code and tests import it from here
__all__ = ["MAX_QUERY_CHARS", "Index"]


class Index:
    """A searchable index of articles in one folder.

    >>> idx = Index.open()                     # doctest: +SKIP
    >>> idx.add([Path("articles/")])           # doctest: +SKIP
    >>> idx.ask("How large would Ukraine's army be?").answer   # doctest: +SKIP
    """

    def __init__(self, settings: Settings, embedder: Embedder | None = None, check: bool = True) -> None:
        self.settings = settings
        self.dir = Path(settings.index_dir).expanduser()
        self._given = embedder  # used for everything when given (tests, benchmarks, the UI's writer)
        self._built: dict[int, Embedder] = {}  # ours, by thread count: questions and indexing may differ
        # The backend this index is used with: the configured one, or the one an existing index
        # was built with when the user left the setting at its default (see rag.embedder).
        self.backend = settings.embedder
        self.notices: list[str] = []  # one-line hints for the user (the CLI prints them on stderr)
        self._memo: MemoEmbedder | None = None
        self._store: StoreBackend = open_store(settings, self.dir)
        self._retriever: StoreRetriever | None = None
        # what the answerers and the conflict stage read of the whole index
        self.lookup = IndexLookup(self._store, self._get_retriever)
        self._answerers: dict[str, Answerer] = {}
        self.chunker = Chunker(ChunkerConfig(settings.chunk_size, settings.chunk_overlap))
        try:
            self._load(check)
        except (IndexMismatchError, IndexCorruptError):
            # check=False is how `rag index --rebuild` opens the folder: a mismatched or damaged
            # index must not stop it from starting over, which is what our errors tell users to do.
            if check:
                raise
            self.close()

    @classmethod
    def open(
        cls,
        index_dir: str | Path | None = None,
        settings: Settings | None = None,
        embedder: Embedder | None = None,
        **overrides: Any,
    ) -> Index:
        """Open (or prepare to create) the index at ``index_dir`` / ``settings.index_dir``.

        Raises :class:`IndexMismatchError` when the index was built with another embedding
        model or chunker, :class:`IndexCorruptError` when its files are damaged.
        """
        if settings is None:
            settings = load_settings(index_dir=index_dir, **overrides)
        elif index_dir is not None:
            settings = settings.model_copy(update={"index_dir": Path(index_dir)})
        return cls(settings, embedder)

    # --- state -------------------------------------------------------------------------------
    @property
    def embedder(self) -> Embedder:
        """The embedder questions are encoded with (``settings.query_threads``)."""
        embedder = self._embedder_for(indexing=False)
        if self._manifest is not None:
            self._check_fingerprint(self._manifest, embedder)
        return embedder

    @property
    def index_embedder(self) -> Embedder:
        """The embedder articles are encoded with (``settings.embed_threads``): fewer threads than a
        question's, since claim workers parse beside it; the same object when the counts are equal."""
        return self._embedder_for(indexing=True)

    def _embedder_for(self, indexing: bool) -> Embedder:
        if self._given is not None:
            return self._given
        threads = encoder_threads(self.settings, indexing)
        if threads not in self._built:
            self._built[threads] = build_embedder(self.settings, self.backend, indexing=indexing)
        return self._built[threads]

    @property
    def query_embedder(self) -> MemoEmbedder:
        """The embedder behind an in-memory memo, for everything done at question time."""
        inner = self.embedder
        if self._memo is None or self._memo.inner is not inner:
            self._memo = MemoEmbedder(inner)
        return self._memo

    def _expected_embedder(self) -> dict[str, Any]:
        return {"name": self.backend, "model": self.settings.model}

    def _check_fingerprint(self, manifest: Manifest, embedder: Embedder) -> None:
        m = manifest.embedder
        if m.get("fingerprint") != embedder.fingerprint or int(m.get("dim", -1)) != embedder.dim:
            raise IndexMismatchError(
                f"index at {self.dir} was built with embedding model {m.get('model')} "
                f"(fingerprint {m.get('fingerprint')}), the configured model differs: run `rag index --rebuild`"
            )

    def _load(self, check: bool) -> None:
        """Open the store's current index and check it was built with this model and chunker."""
        self._retriever = None
        self.lookup.reset()
        self._store.open()
        manifest = self._store.manifest
        if manifest is None or not check:
            return
        where = self._store.location
        want = self._expected_embedder()
        got = {k: manifest.embedder.get(k) for k in want}
        adopted = adopt_backend(self.settings, manifest.embedder) if got != want else None
        if adopted is not None:
            self._use_backend(adopted)
            self.notices = [adoption_hint(where, adopted, self.settings.embedder)]
        problem = built_otherwise(manifest, self._expected_embedder(), self.chunker.config.to_dict(), where)
        if problem is not None:
            self.close()
            raise IndexMismatchError(problem)

    def _use_backend(self, name: str) -> None:
        if name != self.backend:
            self._built.clear()  # built for the other backend
            self.backend = name

    def close(self) -> None:
        self._store.close()
        self._retriever = None

    @property
    def _manifest(self) -> Manifest | None:
        return self._store.manifest

    @property
    def manifest(self) -> Manifest | None:
        return self._store.manifest

    @property
    def store(self) -> StoreBackend:
        """The storage engine (``settings.backend``) behind this index."""
        return self._store

    @property
    def is_empty(self) -> bool:
        return self._manifest is None or self._manifest.counts.get("chunks", 0) == 0

    # --- writing -----------------------------------------------------------------------------
    def add(
        self,
        paths: Iterable[str | Path],
        *,
        prune: bool = False,
        rebuild: bool = False,
        progress: ProgressFn | None = None,
    ) -> IndexReport:
        """Index files and folders; unchanged articles are skipped, changed ones replaced.

        With ``prune``, articles that came from the given folders/files but are gone are removed.
        """
        started = time.perf_counter()
        roots = [Path(p).expanduser() for p in paths]
        files, skipped = discover(roots)
        got = Collected(skipped=skipped)
        for item in load_files(files, int(self.settings.max_file_mb * 1_000_000)):
            got.offer(item)
        prune_ids = self.prune_ids(roots, got.seen) if prune and not rebuild else []
        report = self.add_articles(got.articles, remove=prune_ids, rebuild=rebuild, progress=progress)
        report.skipped = got.skipped + report.skipped
        report.seconds = time.perf_counter() - started
        return report

    def prune_ids(self, roots: Sequence[Path], seen: Iterable[str]) -> list[str]:
        """doc_ids of indexed articles that came from files under ``roots`` but are not in ``seen``."""
        return stale_ids(self._store.articles(), roots, seen)

    def add_articles(
        self,
        articles: Sequence[Article],
        *,
        remove: Sequence[str] = (),
        rebuild: bool = False,
        progress: ProgressFn | None = None,
        prepared: dict[str, Any] | None = None,
    ) -> IndexReport:
        """Add or replace ``articles`` and delete the ``remove`` doc_ids, in one write (atomic on the
        local backend). ``prepared`` holds chunks, vectors and claims computed elsewhere (Ray)."""
        started = time.perf_counter()
        with writer_lock(self.dir):
            if rebuild:
                previous = None
                self._use_backend(self.settings.embedder)  # starting over is how to switch backends
                self.notices = []
            else:
                self._load(check=True)
                previous = self._manifest
            existing = self._store.hashes() if previous is not None else {}
            unknown = [d for d in remove if d not in existing]
            changes, added, updated, unchanged = plan_changes(articles, existing, [d for d in remove if d in existing])
            report = IndexReport(added=added, updated=updated, unchanged=unchanged, removed=list(changes.removals))
            report.skipped = [Skipped(d, "not in the index") for d in unknown]
            if previous is not None and not changes.upserts and not changes.removals:
                report.seconds = time.perf_counter() - started
                return report
            embedder = self.index_embedder
            if previous is not None:
                self._check_fingerprint(previous, embedder)
            target = Manifest(
                embedder={**self._expected_embedder(), "fingerprint": embedder.fingerprint, "dim": embedder.dim},
                chunker=self.chunker.config.to_dict(),
                generation=self._manifest.generation if self._manifest else 0,
            )
            with write_caches(Path(self.settings.cache_dir).expanduser(), self.settings.nlp_model) as caches:
                # a claim worker encodes the statements it parses, with the same embedder built again
                recipe = encoder_recipe(self.settings, self.backend, embedder) if self._given is None else None
                job = write_job(self.settings, self.chunker, embedder, caches, progress, prepared, recipe)
                self._store.write(previous, target, changes, job)
                report.chunks_embedded = job.cache.misses
            self._load(check=True)
        report.seconds = time.perf_counter() - started
        return report

    def remove(self, doc_ids: Sequence[str]) -> IndexReport:
        """Delete articles by doc_id."""
        return self.add_articles([], remove=doc_ids)

    # --- reading -----------------------------------------------------------------------------
    def _get_retriever(self) -> StoreRetriever | None:
        if self._manifest is None:
            return None
        if self._retriever is None:
            self._retriever = StoreRetriever(self._store, self.query_embedder, self.settings.candidates)
        return self._retriever

    def query(
        self,
        text: str | Query,
        k: int | None = None,
        *,
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
        mode: str | None = None,
        what: str = "question",
    ) -> Query:
        """A validated :class:`Query` (a Query passed in is returned as it is)."""
        if isinstance(text, Query):
            return text
        return Query.create(
            text, k or self.settings.top_k, source=source, since=since, until=until, mode=mode, what=what
        )

    def search(
        self,
        query: str | Query,
        k: int | None = None,
        *,
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> list[SearchHit]:
        """Hybrid search; returns up to ``k`` non-overlapping passages, best first."""
        q = self.query(query, k, source=source, since=since, until=until, what="query")
        retriever = self._get_retriever()
        if retriever is None:
            return []
        return retriever.search(q.text, q.k, q.filters)

    def answerer(self, name: str | None = None) -> Answerer:
        """The answerer called ``name`` (default: settings; 'auto' = 'llm' iff an LLM provider is set)."""
        name = name or self.settings.answerer
        if name == "auto":
            name = self.settings.answer_mode
        if name not in self._answerers:
            self._answerers[name] = create_answerer(name, self.settings, self.query_embedder, self.lookup)
        return self._answerers[name]

    def ask(
        self,
        question: str | Query,
        k: int | None = None,
        *,
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
        answerer: Answerer | str | None = None,
    ) -> Answer:
        """Answer ``question`` from the index with cited passages, or abstain."""
        t0 = time.perf_counter()
        q, read, hits, impl = self._prepare(question, k, source, since, until, answerer)
        t1 = time.perf_counter()
        return self._finish(read, impl.answer(read, hits), hits, t0, t1, shown=q.text)

    def ask_stream(
        self,
        question: str | Query,
        k: int | None = None,
        *,
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
        answerer: Answerer | str | None = None,
    ) -> Iterator[str | Answer]:
        """Like :meth:`ask`, but yields answer text as it is generated, then the final :class:`Answer`.

        The text pieces are an unverified preview (LLM tokens); the final Answer is verified and
        has conflicts added, and is what to show in the end. The extractive answerer yields only
        the Answer.
        """
        t0 = time.perf_counter()
        q, read, hits, impl = self._prepare(question, k, source, since, until, answerer)
        t1 = time.perf_counter()
        draft: Draft | None = None
        for item in impl.stream(read, hits):
            if isinstance(item, Draft):
                draft = item
            else:
                yield item
        if draft is None:
            raise RuntimeError(f"answerer {impl.mode!r} streamed no final Draft")
        yield self._finish(read, draft, hits, t0, t1, shown=q.text)

    def _prepare(
        self,
        question: str | Query,
        k: int | None,
        source: str | None,
        since: str | None,
        until: str | None,
        answerer: Answerer | str | None,
    ) -> tuple[Query, Query, list[SearchHit], Answerer]:
        """Validate once, pick the answerer, retrieve (more passages for a question naming several
        publications): the common start of ask and ask_stream. Returns the query as typed and as the
        answer layer reads it (:mod:`rag.answer.typed`)."""
        mode = answerer if isinstance(answerer, str) else None
        q = self.query(question, k, source=source, since=since, until=until, mode=mode)
        impl = answerer if answerer is not None and not isinstance(answerer, str) else self.answerer(q.mode)
        nlp = analyser(self.settings.nlp_model)
        text = as_read(q.text, nlp)
        retriever = self._get_retriever()
        named = retriever.named_sources(text) if retriever is not None and not q.filters.source else []
        hits = self.search(replace(q, text=text, k=passages_for(q.k, named)))
        cache_dir = Path(self.settings.cache_dir).expanduser()
        read_stored(cache_dir, hits, nlp)
        read_stored_vectors(cache_dir, hits, nlp, self.query_embedder)
        text = cased_as_retrieved(text, hits, nlp)
        return q, (q if text == q.text else replace(q, text=text)), hits, impl

    def _finish(
        self, q: Query, draft: Draft, hits: Sequence[SearchHit], t0: float, t1: float, shown: str | None = None
    ) -> Answer:
        """The conflict stage and the renderer: the same for every answerer, streamed or not. ``shown``:
        the question as the user typed it, when ``q`` carries it cased."""
        t2 = time.perf_counter()
        lookup = self.lookup if self._manifest is not None else None
        answer = conclude(q.text, draft, hits, lookup, self.query_embedder, analyser(self.settings.nlp_model), shown)
        t3 = time.perf_counter()
        return timed(answer, retrieve=(t1 - t0) * 1000, answer=(t2 - t1) * 1000, conflicts=(t3 - t2) * 1000,
                     total=(t3 - t0) * 1000)

    def documents(self) -> list[Article]:
        """All indexed articles (with their clean text)."""
        return list(self._store.articles())

    def document(self, doc_id: str) -> Article | None:
        return self._store.article(doc_id)

    def chunks(self, doc_id: str) -> list[Chunk]:
        return self._store.chunks_of(doc_id)

    def stats(self) -> dict[str, Any]:
        m = self._manifest
        return {
            "index_dir": str(self.dir),
            "backend": self._store.name,
            "articles": m.counts.get("articles", 0) if m else 0,
            "chunks": m.counts.get("chunks", 0) if m else 0,
            "embedder": m.embedder if m else self._expected_embedder(),
            "chunker": m.chunker if m else self.chunker.config.to_dict(),
            "generation": m.generation if m else 0,
            "updated_at": m.updated_at if m else None,
        }
