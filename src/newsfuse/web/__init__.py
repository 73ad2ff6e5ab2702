"""Stage 5, shown in a browser: `newsfuse serve`, a web app and an HTTP API over the library.

app.py      the FastAPI app: security headers, HEAD and OPTIONS, one error envelope
api.py      the JSON API (the report contract for stories), its OpenAPI document
pages.py    the pages: library, story, article, add, a job's progress (templates/)
shared.py   what both routers use: settings, services, the write rule, the library operations
jobs.py     background adds with progress, one at a time
models.py   the API's own payloads
"""

from __future__ import annotations

from newsfuse.web.app import create_app
from newsfuse.web.shared import WebSettings

__all__ = ["WebSettings", "create_app"]
