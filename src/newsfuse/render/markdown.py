"""The report as Markdown, for a wiki, a pull request or a newsletter draft."""

from __future__ import annotations

from newsfuse.render.common import independent_count, outlets_label, published_label, removed_summary, word_count
from newsfuse.report import Report, Story


def escape(text: str) -> str:
    """Article text is untrusted: no raw HTML, no table breaks."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell(text: str) -> str:
    return escape(text).replace("|", "\\|").replace("\n", " ")


def render_markdown(report: Report) -> str:
    lines: list[str] = []
    for story in report.stories:
        lines.extend(_story(story))
    if report.rejected:
        lines += ["## Inputs that could not be read", ""]
        lines += [f"- `{_cell(r.input)}`: {_cell(r.message)}" for r in report.rejected]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _story(story: Story) -> list[str]:
    lines = [
        f"# {escape(story.headline)}",
        "",
        f"{len(story.articles)} articles, {independent_count(story)} independent; {escape(outlets_label(story))}. "
        f"Story `{story.id}`.",
        "",
        "## Articles",
        "",
        "| id | outlet | headline | published | words | removed lines |",
        "|---|---|---|---|---:|---:|",
    ]
    for a in story.articles:
        lines.append(
            f"| `{a.id}` | {_cell(a.source)} | {_cell(a.title or '(no headline)')} | {published_label(a)} "
            f"| {word_count(a.text)} | {len(a.removed)} |"
        )
    lines.append("")
    for a in story.articles:
        lines += [f"### {escape(a.title or '(no headline)')}", ""]
        lines.append(f"`{a.id}` · {escape(a.source)} · {published_label(a)}" + (f" · <{a.url}>" if a.url else ""))
        if a.syndicated:
            lines.append("")
            copy = f" of `{a.duplicate_of}`" if a.duplicate_of else ""
            lines.append(f"**Syndicated{copy}**: {escape(a.syndicated_because or '')}")
        lines.append("")
        lines.append("\n\n".join(escape(paragraph) for paragraph in a.text.split("\n") if paragraph.strip()))
        lines += ["", f"<details><summary>Removed: {escape(removed_summary(a))}</summary>", ""]
        lines += [f"- *{r.reason}*: {_cell(r.text)}" for r in a.removed]
        lines += ["", "</details>", ""]
    if story.entities:
        lines += ["## Entities", "", "| name | type | articles | mentions | forms |", "|---|---|---:|---:|---|"]
        for e in story.entities:
            forms = _cell(", ".join(e.aliases))
            lines.append(f"| {_cell(e.name)} | {e.type} | {len(e.mentions)} | {sum(e.mentions.values())} | {forms} |")
        lines.append("")
    return lines
