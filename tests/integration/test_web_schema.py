"""schemathesis against the API's OpenAPI document: every operation, with data generated from the
schema (valid and invalid, in its examples, coverage and fuzzing phases), answers as documented:
a documented status, the documented body and content type, never a server error. schemathesis
runs as its command-line tool would against a real server on loopback over a library holding the
fictional example."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from newsfuse.config import Config
from newsfuse.library import Library, service
from newsfuse.web import WebSettings, create_app
from tests.conftest import EXAMPLE, running

pytestmark = pytest.mark.slow
SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"


def test_the_api_answers_as_its_openapi_document_says(tmp_path: Path, config: Config) -> None:
    url = f"sqlite:///{tmp_path / 'library.db'}"
    with Library.open(url) as library:
        service.add(library, [str(EXAMPLE)], config)
    app = create_app(WebSettings(url, config))
    with running(app) as base:
        run = subprocess.run(
            [
                str(SCHEMATHESIS),
                "--config-file",
                str(Path(__file__).with_name("schemathesis.toml")),
                "run",
                f"{base}/api/openapi.json",
                "--phases",
                "examples,coverage,fuzzing",
                "--max-examples",
                "25",
                "--workers",
                "1",
                "--seed",
                "7",
                "--no-color",
            ],
            capture_output=True,
            text=True,
            timeout=600,
            cwd=tmp_path,
        )
        app.state.newsfuse.jobs.wait()  # the adds the fuzzing queued finish before the server stops
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
