"""Golden files: the Markdown and HTML renderings, compared byte for byte.

Two reports are rendered: the hand-made one (every field filled, the renderers alone), and the
fictional example analysed end to end (the whole pipeline: a change in what newsfuse finds there
shows up here as a diff to review).

After an intended change, run `.venv/bin/pytest tests/unit/test_render_golden.py --update-golden`
and review the change with `git diff tests/golden`.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable

import pytest

from newsfuse import analyze
from newsfuse.config import Config
from newsfuse.render.html import render_html
from newsfuse.render.markdown import render_markdown
from newsfuse.report import Report
from tests.conftest import EXAMPLE, ROOT
from tests.unit.report_factory import make_report

GOLDEN = ROOT / "tests" / "golden"
UPDATE = "run `.venv/bin/pytest tests/unit/test_render_golden.py --update-golden`, then review `git diff tests/golden`"


@pytest.fixture(scope="module")
def example_report(config: Config) -> Report:
    report = analyze([str(EXAMPLE)], config)
    report.generated_at = dt.datetime(2024, 5, 15, tzinfo=dt.UTC)
    return report


@pytest.mark.parametrize(
    ("name", "renderer"),
    [
        ("report.md", render_markdown),
        ("report.html", render_html),
        ("example.md", render_markdown),
        ("example.html", render_html),
    ],
)
def test_rendering_matches_golden_file(
    name: str, renderer: Callable[[Report], str], update_golden: bool, request: pytest.FixtureRequest
) -> None:
    path = GOLDEN / name
    report = request.getfixturevalue("example_report") if name.startswith("example") else make_report()
    rendered = renderer(report).encode("utf-8")
    if update_golden:
        if path.exists() and path.read_bytes() == rendered:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(rendered)
        pytest.skip(f"--update-golden: rewrote tests/golden/{name}")
    if not path.exists():
        pytest.fail(f"tests/golden/{name} is missing; to create it, {UPDATE}", pytrace=False)
    expected = path.read_bytes()
    if expected != rendered:
        diff = difflib.unified_diff(
            expected.decode("utf-8").splitlines(keepends=True),
            rendered.decode("utf-8").splitlines(keepends=True),
            fromfile=f"tests/golden/{name}",
            tofile=f"{name} as rendered now",
        )
        pytest.fail(
            f"the rendering differs from tests/golden/{name}:\n{''.join(diff)}\nIf the change is intended, {UPDATE}.",
            pytrace=False,
        )
