"""The report for a person at a terminal, with Rich."""

from __future__ import annotations

import io
import os

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from newsfuse.render.common import (
    independent_count,
    lead,
    outlets_label,
    published_label,
    removed_summary,
    word_count,
)
from newsfuse.report import Report, Story

TOP_ENTITIES = 12


def renderables(report: Report) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for story in report.stories:
        parts.extend(_story(story))
    if not report.stories:
        parts.append(Text("No articles could be read.", style="bold red"))
    for rejection in report.rejected:
        parts.append(Text(f"rejected: {rejection.message}", style="red"))
    return parts


def render_terminal(report: Report, width: int | None = None, color: bool = False) -> str:
    """The terminal report as text (ANSI colours when `color`)."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width or _width(), force_terminal=color, no_color=not color, highlight=False)
    for part in renderables(report):
        console.print(part)
    return buffer.getvalue()


def _width() -> int:
    try:
        return max(80, min(120, os.get_terminal_size().columns))
    except OSError:
        return 100


def _story(story: Story) -> list[RenderableType]:
    header = Text.assemble(
        (story.headline, "bold"),
        "\n",
        (f"{len(story.articles)} articles, {independent_count(story)} independent · {story.id}\n", "dim"),
        (outlets_label(story), "dim"),
    )
    parts: list[RenderableType] = [Panel(header, border_style="cyan")]
    table = Table(title="Articles", title_justify="left", expand=True, show_lines=False)
    for column, style in (("id", "cyan"), ("outlet", ""), ("published", ""), ("words", ""), ("removed", "dim")):
        table.add_column(
            column, style=style, overflow="ellipsis" if column == "outlet" else "fold", no_wrap=column != "published"
        )
    for article in story.articles:
        table.add_row(
            article.id,
            article.source,
            published_label(article),
            str(word_count(article.text)),
            f"{len(article.removed)} line{'' if len(article.removed) == 1 else 's'}",
        )
    parts.append(table)
    for article in story.articles:
        body = Text()
        body.append(article.title or "(no headline)", style="bold" if article.title else "italic dim")
        body.append(
            f"\n{article.source} · {published_label(article)} · {len(article.sentences)} sentences\n", style="dim"
        )
        if article.syndicated:
            copy = f" of {article.duplicate_of}" if article.duplicate_of else ""
            body.append(f"syndicated{copy}: {article.syndicated_because}\n", style="yellow")
        body.append(lead(article) + "\n")
        body.append(f"removed ({removed_summary(article)}):\n", style="dim")
        for line in article.removed:
            shown = line.text if len(line.text) <= 90 else line.text[:87] + "..."
            body.append(f"  − {line.reason}: ", style="dim")
            body.append(shown + "\n", style="dim strike")
        parts.append(Panel(body, title=article.id, title_align="left", border_style="dim"))
    if story.entities:
        entities = Table(title="Entities", title_justify="left", expand=True)
        for column in ("name", "type", "articles", "mentions", "forms"):
            entities.add_column(column, overflow="fold")
        for entity in story.entities[:TOP_ENTITIES]:
            entities.add_row(
                entity.name,
                entity.type,
                str(len(entity.mentions)),
                str(sum(entity.mentions.values())),
                ", ".join(entity.aliases),
            )
        parts.append(entities)
        if len(story.entities) > TOP_ENTITIES:
            parts.append(
                Text(
                    f"... and {len(story.entities) - TOP_ENTITIES} more entities (--format json lists all)", style="dim"
                )
            )
    return [Group(*parts)]
