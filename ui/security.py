"""Guards in front of the served app: which hosts it answers, bodies it reads, who must log in first.

* Host names: only loopback names, the address it was told to bind and the names in
  ``RAG_UI_HOSTS`` (starlette's ``TrustedHostMiddleware``). Any other ``Host`` is a web page
  whose own name was rebound to this machine (DNS rebinding) and gets 400.
* Cross-origin use: none. starlette's ``CORSMiddleware`` with no allowed origin sends no
  ``Access-Control-Allow-*`` header and refuses preflights; with it in place Gradio's own CORS
  middleware, which echoed any origin with credentials, stands aside.
* Bodies: at most 1 MB (the upload limit for Gradio's upload route), refused with 413 before
  anything reads them (:class:`BodyLimits`).
* Login: with one configured, an ``/api`` request without valid credentials gets 401 before its
  body is read (:class:`LoginFirst`); the route dependency in :mod:`ui.api` checks again.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import socket
import sys
from collections.abc import Iterable, Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPBasic
from starlette.datastructures import Headers
from starlette.middleware.body_limit import RequestBodyLimitMiddleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from rag.errors import UsageError

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]")
WILDCARD_BINDS = ("0.0.0.0", "::", "")
API_BODY_LIMIT = 1_000_000
UPLOAD_ROUTE = "/gradio_api/upload"  # Gradio's file upload, under the app mounted at "/"
OPEN_API_PATHS = frozenset({"/api/health", "/api/docs", "/api/docs/oauth2-redirect"})


def is_loopback(host: str) -> bool:
    """True for names and addresses that only this machine can reach."""
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _as_host_header(host: str) -> str:
    """How ``host`` appears in a Host header: IPv6 addresses in brackets, names in lower case."""
    name = host.strip().strip("[]").lower()
    return f"[{name}]" if ":" in name else name


def allowed_hosts(bind: str, extra: Iterable[str] = ()) -> list[str]:
    """Host names the server answers to when bound to ``bind``.

    Loopback names always; the bind address itself; for a wildcard bind (``0.0.0.0``) also this
    machine's host name; plus ``extra`` (``RAG_UI_HOSTS``: other names or addresses clients use).
    """
    hosts = list(LOOPBACK_HOSTS)
    if bind in WILDCARD_BINDS:
        hosts.append(socket.gethostname())
    else:
        hosts.append(bind)
    hosts += [h for h in extra if h.strip()]
    return list(dict.fromkeys(_as_host_header(h) for h in hosts))


def hosts_from_env() -> list[str]:
    """Extra host names from ``RAG_UI_HOSTS`` (comma-separated)."""
    return [h.strip() for h in os.environ.get("RAG_UI_HOSTS", "").split(",") if h.strip()]


def check_exposure(host: str, auth: tuple[str, str] | None, insecure: bool) -> None:
    """Refuse to serve beyond this machine without a login, unless ``insecure`` says so (then warn).

    Anyone who can reach a non-loopback address could otherwise read, add and delete articles.
    """
    if auth is not None or is_loopback(host):
        return
    where = f"--host {host}" if host else "--host ''"
    if not insecure:
        raise UsageError(f"{where} serves the app to other machines without a login: set RAG_UI_USER and "
                         "RAG_UI_PASSWORD (and put a TLS proxy in front), or pass --insecure")
    print(f"WARNING: {where} --insecure: no login, anyone who can reach this address can read, add and "
          "delete articles", file=sys.stderr, flush=True)


def _too_large(limit: int) -> JSONResponse:
    return JSONResponse({"detail": f"the request body is over the {limit / 1e6:g} MB limit"}, status_code=413)


class BodyLimits:
    """Refuse request bodies over a per-path limit (413) before anything reads them.

    A declared ``Content-Length`` is checked at once; a body sent without one is counted as it
    arrives by starlette's ``RequestBodyLimitMiddleware``. ``limits`` maps path prefixes to
    their own limit; every other path gets ``limit``.
    """

    def __init__(self, app: ASGIApp, limit: int = API_BODY_LIMIT, limits: Mapping[str, int] | None = None) -> None:
        self.app = app
        self.limit = limit
        self.limits = dict(limits or {})
        self._counted = {n: RequestBodyLimitMiddleware(app, n) for n in {limit, *self.limits.values()}}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        limit = next((n for prefix, n in self.limits.items() if path.startswith(prefix)), self.limit)
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await _too_large(limit)(scope, receive, send)
            return
        await self._counted[limit](scope, receive, send)


class LoginFirst:
    """Answer 401 to an ``/api`` request without valid HTTP Basic credentials before reading its body.

    FastAPI parses a route's body before it runs the route's dependencies, so the login check in
    :func:`ui.api.basic_auth` alone let an anonymous client make the server read and parse
    any body.
    """

    def __init__(self, app: ASGIApp, credentials: tuple[str, str]) -> None:
        self.app = app
        self.credentials = credentials
        self._basic = HTTPBasic(auto_error=False)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith("/api/") or path in OPEN_API_PATHS:
            await self.app(scope, receive, send)
            return
        given = await self._basic(Request(scope))  # reads the Authorization header only
        if not credentials_match(given.username if given else None, given.password if given else None,
                                 self.credentials):
            response = JSONResponse({"detail": "login required"}, status_code=401,
                                    headers={"WWW-Authenticate": 'Basic realm="rag"'})
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def credentials_match(user: str | None, password: str | None, credentials: tuple[str, str]) -> bool:
    """Both parts compared, in constant time, so the timing reveals nothing."""
    if user is None or password is None:
        return False
    return all([secrets.compare_digest(user.encode(), credentials[0].encode()),
                secrets.compare_digest(password.encode(), credentials[1].encode())])


def install_api_guards(app: FastAPI, auth: tuple[str, str] | None, body_limits: Mapping[str, int] | None) -> None:
    """Body limits and, with a login, the login check ahead of any body (outermost)."""
    app.add_middleware(BodyLimits, limit=API_BODY_LIMIT, limits=body_limits)
    if auth is not None:
        app.add_middleware(LoginFirst, credentials=auth)


def install_host_guards(app: FastAPI, hosts: list[str]) -> None:
    """Only ``hosts`` in the Host header, and no cross-origin access (both outermost)."""
    options: dict[str, Any] = {"allow_origins": [], "allow_credentials": False}
    app.add_middleware(CORSMiddleware, **options)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts, www_redirect=False)
