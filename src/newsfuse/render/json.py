"""The report as the JSON of `shared/spec/report.md`."""

from __future__ import annotations

from newsfuse.report import Report


def render_json(report: Report) -> str:
    return report.to_json()
