"""Stage 5, render: the report as terminal text, JSON, Markdown or a self-contained HTML page, chosen by name."""

from __future__ import annotations

from collections.abc import Callable

from newsfuse.render.html import render_html
from newsfuse.render.json import render_json
from newsfuse.render.markdown import render_markdown
from newsfuse.render.terminal import render_terminal
from newsfuse.report import Report

Renderer = Callable[[Report], str]

RENDERERS: dict[str, Renderer] = {
    "terminal": render_terminal,
    "json": render_json,
    "markdown": render_markdown,
    "html": render_html,
}


def render(report: Report, format: str) -> str:
    """The report in the named format (a key of RENDERERS)."""
    try:
        renderer = RENDERERS[format]
    except KeyError:
        raise ValueError(f"unknown format {format!r}; use one of {', '.join(RENDERERS)}") from None
    return renderer(report)
