"""Shared fixtures: paths to the project's example and to ../shared, a loopback web server."""

from __future__ import annotations

import http.server
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "harbour-bridge"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
EXTRACTION = SHARED / "datasets" / "article-extraction"

needs_shared = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared is not beside the project")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files in tests/golden/ from the current renderers instead of comparing with them",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when pytest runs with --update-golden: golden-file tests rewrite their files."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def config():  # type: ignore[no-untyped-def]
    from newsfuse.config import load_config

    return load_config(environ={})


@pytest.fixture(scope="session")
def embedder(config):  # type: ignore[no-untyped-def]
    """The sentence embedder the pipeline uses, loaded once per session."""
    from newsfuse.parse.embeddings import load_embedder

    return load_embedder(config.embed)


@pytest.fixture(scope="session")
def seed_articles(config):  # type: ignore[no-untyped-def]
    """The reference story's articles, read and parsed once per session (skipped without ../shared)."""
    from newsfuse.ingest import ingest
    from newsfuse.parse import annotate

    if not SEEDS.exists():
        pytest.skip("../shared is not beside the project")
    result = ingest([str(SEEDS)], config)
    annotate(result.articles, config.parse)
    return result.articles


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder, plus a few routes for the failure cases a real site produces."""

    extensions_map = {  # noqa: RUF012 (http.server's class attribute)
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".xml": "application/rss+xml",
        ".txt": "text/plain; charset=utf-8",
        ".html": "text/html; charset=utf-8",
    }

    def do_GET(self) -> None:
        if self.path.startswith("/redirect-loop"):
            self.send_response(302)
            self.send_header("Location", "/redirect-loop")
            self.end_headers()
        elif self.path.startswith("/moved"):
            self.send_response(301)
            self.send_header("Location", "/alder-gazette.html")
            self.end_headers()
        elif self.path.startswith("/elsewhere"):  # to another loopback address, on the same port
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.2:{self.server.server_address[1]}/bay-radio.txt")
            self.end_headers()
        elif self.path.startswith("/slow"):  # a byte every tenth of a second, for two seconds
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(20):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.1)
        elif self.path.startswith("/image"):
            body = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path.startswith("/huge"):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            chunk = b"<p>" + b"word " * 2000 + b"</p>"
            for _ in range(200):
                self.wfile.write(chunk)
        else:
            super().do_GET()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real HTTP server on loopback serving the example story and a feed of it."""
    root = tmp_path_factory.mktemp("site")
    for path in EXAMPLE.iterdir():
        (root / path.name).write_bytes(path.read_bytes())
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=str(root)))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    (root / "feed.xml").write_text(
        f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Alder Gazette</title><link>{base}/</link><description>news</description>
<item><title>Bridge closure</title><link>{base}/alder-gazette.html</link>
<pubDate>Mon, 13 May 2024 08:30:00 GMT</pubDate></item>
<item><title>Gone</title><link>{base}/missing.html</link></item>
</channel></rss>""",
        encoding="utf-8",
    )
    (root / "not-a-feed.xml").write_text("this is { not xml at all", encoding="utf-8")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    server.server_close()


@contextmanager
def running(app: object) -> Iterator[str]:
    """An ASGI app served by uvicorn on a free loopback port, in a thread: its base URL."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))  # type: ignore[arg-type]
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)
