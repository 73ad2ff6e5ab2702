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

import hmac
import ipaddress
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from newsfuse import __version__
from newsfuse.config import Config
from newsfuse.errors import ConfigError, LibraryError
from newsfuse.library import Library
from newsfuse.web.jobs import JobRunner

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
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
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True, slots=True)
class WebSettings:
    """What the app serves and who may change it."""

    library_url: str
    config: Config
    host: str = "127.0.0.1"  # the address the server is bound to: tokens are required off loopback
    token: str | None = None


@dataclass(frozen=True, slots=True)
class Services:
    """What the app's endpoints work with."""

    library: Library
    jobs: JobRunner
    settings: WebSettings


class WebError(HTTPException):
    """An error with its message for the user: the envelope's `message`."""


def is_loopback(host: str) -> bool:
    """Whether a bind address only accepts connections from this machine."""
    if host == "localhost":
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
    from newsfuse.web import api, pages

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
            headers["Allow"] = ", ".join(allowed_methods(app, request))
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

    return app


def allowed_methods(app: FastAPI, request: Request) -> list[str]:
    """Every method some route of the app answers at the request's path."""
    from starlette.routing import Match

    methods: set[str] = set()
    for route in app.routes:
        match, _ = route.matches({**request.scope, "method": "GET"})
        found = getattr(route, "methods", None)
        if match is not Match.NONE and found:
            methods.update(found)
    return sorted(methods)


def error_response(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """The error envelope for the API; for a page, the same error as a page."""
    code = ERROR_CODES.get(status, "error")
    # Set here too: an unexpected error's response is made outside the middleware that adds them.
    headers = {**SECURITY_HEADERS, **(headers or {})}
    if request.url.path.startswith("/api/") or request.url.path == "/api":
        body = {"error": {"status": status, "code": code, "message": message}}
        return JSONResponse(body, status_code=status, headers=headers)
    from newsfuse.web.pages import error_page

    return error_page(request, status, message, headers)


def require_write(request: Request, token: str | None = None) -> None:
    """Allow a write only from the app's own pages or a non-browser client, and with the token
    when the app has one (a bearer token, or the form's token field)."""
    if request.method not in _SAFE_METHODS:
        origin = request.headers.get("origin")
        if request.headers.get("sec-fetch-site") == "cross-site" or (origin and not _same_origin(request, origin)):
            raise WebError(403, "writes are only accepted from newsfuse's own pages or from API clients")
    expected = services(request).settings.token
    if not expected:
        return
    given = token
    authorization = request.headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        given = authorization[7:].strip()
    if not given or not hmac.compare_digest(given.encode(), expected.encode()):
        raise WebError(
            401,
            "this server needs its token to change the library: send `Authorization: Bearer TOKEN` "
            "(or fill in the token field)",
            headers={"WWW-Authenticate": "Bearer"},
        )


def _same_origin(request: Request, origin: str) -> bool:
    host = request.headers.get("host", "")
    return origin.split("://", 1)[-1].rstrip("/") == host


def services(request: Request) -> Services:
    """The app's library, jobs and settings."""
    found = request.app.state.newsfuse
    assert isinstance(found, Services)
    return found
