"""Golden files: the Markdown and HTML renderings of the hand-made report, compared byte for byte.

After an intended change, run `.venv/bin/pytest tests/unit/test_render_golden.py --update-golden`
and review the change with `git diff tests/golden`.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable

import pytest

from newsfuse.render.html import render_html
from newsfuse.render.markdown import render_markdown
from newsfuse.report import Report
from tests.conftest import ROOT
from tests.unit.report_factory import make_report

GOLDEN = ROOT / "tests" / "golden"
UPDATE = "run `.venv/bin/pytest tests/unit/test_render_golden.py --update-golden`, then review `git diff tests/golden`"


@pytest.mark.parametrize(("name", "renderer"), [("report.md", render_markdown), ("report.html", render_html)])
def test_rendering_matches_golden_file(name: str, renderer: Callable[[Report], str], update_golden: bool) -> None:
    path = GOLDEN / name
    rendered = renderer(make_report()).encode("utf-8")
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
