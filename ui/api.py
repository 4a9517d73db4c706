"""The JSON HTTP API: a thin FastAPI layer over :class:`~ui.service.IndexService`.

Endpoints (OpenAPI schema at ``/openapi.json``)::

    POST   /api/ask                 {"question", "k", "source", "since", "until"} -> Answer.to_dict()
    POST   /api/search              {"query", "k", "source", "since", "until"} -> {"query", "results"}
    GET    /api/documents           articles with metadata and chunk counts
    GET    /api/documents/{doc_id}  one article: clean text and chunks
    DELETE /api/documents/{doc_id}  remove an article
    GET    /api/health              status, counts, embedder

Errors are ``{"detail": "<one line>"}``: 422 for invalid input, 404 for an unknown article,
401 without valid credentials (when a login is configured), 413 for a body over 1 MB, 503 when
busy, 502 when the LLM server fails. Handlers are plain ``def`` functions, so FastAPI runs them in its threadpool.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Path, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPBasic, HTTPBasicCredentials
from pydantic import BaseModel, ConfigDict, Field, field_validator

from rag.errors import IndexLockedError, LLMError, RagError, UsageError
from rag.index import Index
from ui.security import credentials_match, install_api_guards
from ui.service import BusyError, IndexService

MAX_QUESTION_CHARS = 1000
MAX_K = 50
DocId = Annotated[str, Path(min_length=1, max_length=300)]
_basic = HTTPBasic(auto_error=False)


class _Filters(BaseModel):
    model_config = ConfigDict(extra="forbid")

    k: int | None = Field(default=None, ge=1, le=MAX_K, description="Passages (default: top_k).")
    source: str | None = Field(default=None, max_length=200, description="Only sources containing this text.")
    since: str | None = Field(default=None, max_length=32, description="Only articles from YYYY-MM-DD on.")
    until: str | None = Field(default=None, max_length=32, description="Only articles up to YYYY-MM-DD.")


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value.strip()


class AskRequest(_Filters):
    """Body of ``POST /api/ask``."""

    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS)
    answerer: Literal["extractive", "llm"] | None = Field(default=None, description="Default: from settings.")

    _check_question = field_validator("question")(_not_blank)


class SearchRequest(_Filters):
    """Body of ``POST /api/search``."""

    query: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS)

    _check_query = field_validator("query")(_not_blank)


def _error(status: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        if err.get("type") == "json_invalid":
            reason = err.get("ctx", {}).get("error", "syntax error")
            parts.append(f"the request body is not valid JSON ({reason})")
            continue
        where = list(err.get("loc", ()))
        if where and where[0] in ("body", "path", "query", "header"):
            where = where[1:]  # where the value came from; the field name is what helps
        loc = ".".join(str(p) for p in where)
        msg = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
        parts.append(f"{loc}: {msg}" if loc else msg)
    return "; ".join(parts) or "invalid request"


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(422, _validation_message(exc))

    @app.exception_handler(BusyError)
    async def _busy(request: Request, exc: BusyError) -> JSONResponse:
        return _error(503, "busy, try again", {"Retry-After": "2"})

    @app.exception_handler(RagError)
    async def _rag(request: Request, exc: RagError) -> JSONResponse:
        # Library messages are written for users ("--since must be a date like ..."), so pass them on.
        if isinstance(exc, UsageError):
            return _error(422, str(exc))
        if isinstance(exc, IndexLockedError):
            return _error(503, str(exc), {"Retry-After": "5"})
        if isinstance(exc, LLMError):
            return _error(502, str(exc))
        return _error(400, str(exc))


def basic_auth(credentials: tuple[str, str] | None) -> Any:
    """A dependency that checks HTTP Basic credentials, or lets everyone in when ``None``."""

    def check(given: Annotated[HTTPBasicCredentials | None, Depends(_basic)]) -> None:
        if credentials is None:
            return
        if not credentials_match(given.username if given else None, given.password if given else None,
                                 credentials):
            raise HTTPException(401, "login required", headers={"WWW-Authenticate": 'Basic realm="rag"'})

    return check


def create_api(
    index: Index | IndexService,
    *,
    auth: tuple[str, str] | None = None,
    max_pending: int = 32,
    title: str = "newsrag",
    body_limits: Mapping[str, int] | None = None,
) -> FastAPI:
    """Build the FastAPI app. ``auth=(user, password)`` protects every route but ``/api/health``.

    The index is opened by the caller, once; ``app.state.service`` holds the shared
    :class:`IndexService` (the Gradio app mounted on this FastAPI app uses the same one).
    Request bodies are limited to 1 MB, or per path prefix by ``body_limits`` (see
    :mod:`ui.security`), and with a login an anonymous request is refused before its body is read.
    """
    service = index if isinstance(index, IndexService) else IndexService(index, max_pending=max_pending)
    app = FastAPI(title=f"{title} API", version="1", docs_url="/api/docs", redoc_url=None)
    app.state.service = service
    _install_error_handlers(app)
    install_api_guards(app, auth, body_limits)
    guard = [Depends(basic_auth(auth))]

    @app.post("/api/ask", dependencies=guard, summary="Answer a question with cited passages")
    def ask(req: AskRequest) -> dict[str, Any]:
        """The same object as ``rag ask --json``."""
        answer = service.ask(req.question, req.k, source=req.source, since=req.since, until=req.until,
                             answerer=req.answerer)
        return answer.to_dict()

    @app.post("/api/search", dependencies=guard, summary="Passages that best match a query")
    def search(req: SearchRequest) -> dict[str, Any]:
        hits = service.search(req.query, req.k, source=req.source, since=req.since, until=req.until)
        return {"query": req.query, "results": [h.to_dict() for h in hits]}

    @app.get("/api/documents", dependencies=guard, summary="Indexed articles")
    def documents() -> dict[str, Any]:
        docs = [d.to_dict() for d in service.documents()]
        return {"count": len(docs), "documents": docs}

    @app.get("/api/documents/{doc_id}", dependencies=guard, summary="One article with its text and chunks")
    def document(doc_id: DocId) -> dict[str, Any]:
        found = service.document(doc_id)
        if found is None:
            raise HTTPException(404, f"no article {doc_id!r} in the index")
        article, chunks = found
        return {
            "doc_id": article.doc_id,
            "title": article.title,
            "source": article.source,
            "published_at": article.published_at,
            "url": article.url,
            "text": article.text,
            "chunks": [{"id": c.id, "start": c.start, "end": c.end, "text": c.text} for c in chunks],
        }

    @app.delete("/api/documents/{doc_id}", dependencies=guard, summary="Remove an article")
    def delete_document(doc_id: DocId) -> dict[str, Any]:
        # Checked first: removing from an index that does not exist yet would create an empty one.
        if service.article(doc_id) is None:
            raise HTTPException(404, f"no article {doc_id!r} in the index")
        report = service.remove([doc_id])
        if not report.removed:
            raise HTTPException(404, f"no article {doc_id!r} in the index")
        return {"removed": report.removed}

    @app.get("/api/health", summary="Status and index counts")
    def health() -> dict[str, Any]:
        return service.health()

    return app
