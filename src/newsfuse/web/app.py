"""The web app: FastAPI over the library, its pages and its JSON API, with the safety rules.

- Every response carries a strict Content-Security-Policy: no script at all (the pages need none:
  toggles are `<details>`, citations are anchors, progress refreshes itself), styles only from the
  app's own stylesheet, no frames, forms posting only to the app.
- Article text is untrusted: the pages escape every piece of it (render/html.py, Jinja2 autoescape).
- Writes (adding, removing) need the token when the app has one, and it must have one when bound
  to anything but loopback; a write from another site's page (a cross-origin form or fetch) is
  refused whatever the token.
- Every API error, from any endpoint or from the framework itself, is one envelope:
  `{"error": {"status": ..., "code": ..., "message": ...}}`.
"""

from __future__ import annotations

import ipaddress
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsfuse import __version__
from newsfuse.errors import ConfigError, LibraryError
from newsfuse.library import Library
from newsfuse.web import api, pages
from newsfuse.web.jobs import JobRunner
from newsfuse.web.shared import Services, WebSettings

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # no-referrer would make Chromium send `Origin: null`
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
ERROR_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    500: "internal_error",
}


def is_loopback(host: str) -> bool:
    """Whether a bind address (or a Host name) is this machine's own."""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_settings(settings: WebSettings) -> None:
    """Refuse to serve writes to the network without a token."""
    if not is_loopback(settings.host) and not settings.token:
        raise ConfigError(
            f"newsfuse serve is bound to {settings.host}, beyond this machine, without a token: "
            "pass --token TOKEN (or set NEWSFUSE_SERVE_TOKEN), or bind to 127.0.0.1"
        )


def create_app(settings: WebSettings) -> FastAPI:
    """The web app over the library at `settings.library_url`."""
    check_settings(settings)
    library = Library.open(settings.library_url)
    jobs = JobRunner(library, settings.config)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        jobs.close()
        library.close()

    app = FastAPI(
        lifespan=lifespan,
        title="newsfuse",
        version=__version__,
        summary="Reconciled news stories: what outlets agree on, where they disagree, with the evidence.",
        docs_url=None,  # the interactive docs load script from a CDN: the OpenAPI document is enough
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.newsfuse = Services(library, jobs, settings)
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        headers = dict(getattr(error, "headers", None) or {})
        if error.status_code == 405:  # Starlette names only the first route's methods
            headers["Allow"] = ", ".join(allowed_methods(app, request.scope))
        return error_response(request, error.status_code, str(error.detail), headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in e.get('loc', ()))}: {e.get('msg', 'invalid')}" for e in error.errors()
        )
        return error_response(request, 422, f"the request is not valid ({problems}): see /api/openapi.json")

    @app.exception_handler(LibraryError)
    async def library_error(request: Request, error: LibraryError) -> Response:
        return error_response(request, 404, str(error))

    @app.exception_handler(Exception)
    async def internal_error(request: Request, error: Exception) -> Response:
        return error_response(request, 500, f"the server failed ({type(error).__name__}); the log says more")

    app.add_middleware(HeadAndOptions, router=app)
    if is_loopback(settings.host):
        app.add_middleware(LoopbackHosts)
    return app


_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def allowed_methods(app: Starlette, scope: Scope) -> list[str]:
    """Every method some route of the app answers at the request's path (HEAD wherever GET is,
    OPTIONS wherever anything is)."""
    from starlette.routing import Match

    found = [
        method
        for method in _METHODS
        if any(route.matches({**scope, "method": method})[0] is Match.FULL for route in app.routes)
    ]
    if "GET" in found:
        found.append("HEAD")
    return sorted([*found, "OPTIONS"]) if found else []


class LoopbackHosts:
    """A server bound to loopback answers only requests that name this machine in `Host`.

    Without it, a page on a domain that re-binds its name to 127.0.0.1 (DNS rebinding) would be
    same-origin with the server: it could read the library and, as no token is needed on
    loopback, change it.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host = next((value.decode("latin-1") for name, value in scope["headers"] if name == b"host"), "")
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if not is_loopback(name.strip("[]")):
                request = Request(scope)
                message = (
                    f"this server answers only to the names of this machine, not {host or 'no Host'}: "
                    f"open it as http://127.0.0.1:{scope['server'][1] if scope.get('server') else 8000}/"
                )
                await error_response(request, 400, message)(scope, receive, send)
                return
        await self.app(scope, receive, send)


class HeadAndOptions:
    """HEAD answers as GET does, without the body; OPTIONS answers 204 with the methods allowed.

    FastAPI's routes answer only the methods they are declared with, so uptime checks (HEAD) and
    clients asking what a path allows (OPTIONS) would get 405.
    """

    def __init__(self, app: ASGIApp, router: Starlette) -> None:
        self.app = app
        self.router = router

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        allowed = allowed_methods(self.router, scope)
        if scope["method"] == "OPTIONS" and allowed:
            headers = {**SECURITY_HEADERS, "Allow": ", ".join(allowed)}
            await Response(status_code=204, headers=headers)(scope, receive, send)
            return
        if scope["method"] != "HEAD" or "GET" not in allowed:
            await self.app(scope, receive, send)  # an unknown path's 404, a 405 with its Allow
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)


def error_response(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """The error envelope for the API; for a page, the same error as a page."""
    code = ERROR_CODES.get(status, "error")
    # Set here too: an unexpected error's response is made outside the middleware that adds them.
    headers = {**SECURITY_HEADERS, **(headers or {})}
    if request.url.path.startswith("/api/") or request.url.path == "/api":
        body = {"error": {"status": status, "code": code, "message": message}}
        return JSONResponse(body, status_code=status, headers=headers)
    return pages.error_page(request, status, message, headers)
