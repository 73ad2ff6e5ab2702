"""The report for a person at a terminal, with Rich.

Report data comes from web pages, so it only ever reaches Rich inside `Text` objects: a plain
string would be read as console markup, and "[link=...]" in an article would become a link.
"""

from __future__ import annotations

import io
import os

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from newsfuse.reconcile.diff import word_diff
from newsfuse.render.common import (
    KIND_LABELS,
    citation_numbers,
    compatible_phrase,
    fact_label,
    fact_numbers,
    independent_count,
    lead,
    markers,
    normalized_phrase,
    outlets_cited,
    outlets_label,
    published_label,
    removed_summary,
    shortened,
    sources_phrase,
    spelling_variants,
    word_count,
)
from newsfuse.report import Disagreement, Report, Story
from newsfuse.wording import counted

TOP_ENTITIES = 12


def renderables(report: Report) -> list[RenderableType]:
    """The report as Rich renderables, for printing to a console."""
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


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", expand=True)
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def _story(story: Story) -> list[RenderableType]:
    header = Text.assemble(
        (story.headline, "bold"),
        "\n",
        (f"{counted(len(story.articles), 'article')}, {independent_count(story)} independent · {story.id}\n", "dim"),
        (outlets_label(story), "dim"),
    )
    parts: list[RenderableType] = [Panel(header, border_style="cyan")]
    parts += _summary(story)
    parts += _disagreements(story)
    parts += _facts(story)
    parts += _quotes(story)
    parts += _entities(story)
    parts += _timeline(story)
    parts += _coverage(story)
    parts += _articles(story)
    return [Group(*parts)]


def _summary(story: Story) -> list[RenderableType]:
    if not story.summary:
        return []
    numbers = citation_numbers(story)
    body = Text()
    for sentence in story.summary:
        body.append(sentence.text)
        body.append(f"{markers(sentence.articles, numbers)} ", style="cyan")
    body.rstrip()
    body.append("\n")
    for article in story.articles:
        body.append(f"\n[{numbers[article.id]}] ", style="cyan")
        body.append(f"{article.source}: {article.title or '(no headline)'}", style="dim")
    return [Panel(body, title="Summary", title_align="left", border_style="dim")]


def _disagreements(story: Story) -> list[RenderableType]:
    if not story.disagreements:
        return []
    parts: list[RenderableType] = [Text("Where the sources disagree", style="bold")]
    for d in story.disagreements:
        body = Text()
        body.append(compatible_phrase(d.compatible).capitalize() + ". ", style="green" if d.compatible else "bold red")
        body.append(d.note + "\n")
        for v in d.versions:
            body.append("• ")
            body.append(v.value, style="bold")
            normalized = normalized_phrase(v.normalized)
            if normalized and normalized != v.value:
                body.append(f" ({normalized})", style="dim")
            body.append(f": {outlets_cited(story, v.articles)}\n")
        body.append_text(_wording_changes(d))
        body.rstrip()
        title = Text(f"{KIND_LABELS[d.kind]}: {d.topic}")
        parts.append(Panel(body, title=title, title_align="left", border_style="yellow" if d.compatible else "red"))
    return parts


def _wording_changes(d: Disagreement) -> Text:
    text = Text()
    if d.kind != "quote_wording" or len(d.versions) < 2:
        return text
    text.append("word by word, against the first wording (− dropped, + added):\n", style="dim")
    for version in d.versions[1:]:
        text.append("  ")
        for op, words in word_diff(d.versions[0].value, version.value):
            if op == "delete":
                text.append(f"−{words}", style="red strike")
            elif op == "insert":
                text.append(f"+{words}", style="bold green")
            else:
                text.append(words)
            text.append(" ")
        text.rstrip()
        text.append("\n")
    return text


def _facts(story: Story) -> list[RenderableType]:
    if not story.facts:
        return []
    numbers = citation_numbers(story)
    table = _table("Facts", "#", "fact", "corroboration", "according to", "cited")
    for number, fact in enumerate(story.facts, start=1):
        table.add_row(
            fact_label(number),
            Text(fact.text),
            sources_phrase(fact.independent_sources),
            Text(fact.attributed_to or ""),
            markers(fact.articles, numbers),
        )
    return [table]


def _quotes(story: Story) -> list[RenderableType]:
    if not story.quotes:
        return []
    numbers = citation_numbers(story)
    body = Text()
    for quote in story.quotes:
        body.append(quote.speaker or "unknown speaker", style="bold")
        body.append(f": “{quote.text}” ")
        body.append(markers(quote.articles, numbers) + "\n", style="cyan")
        for variant in quote.variants if len(quote.variants) > 1 else []:
            body.append(f"    “{variant.text}”")
            if variant.speaker != quote.speaker:
                body.append(f" (credited to {variant.speaker or 'nobody'})", style="yellow")
            body.append(f" {markers(variant.articles, numbers)}\n", style="cyan")
    body.rstrip()
    return [Panel(body, title="Quotes", title_align="left", border_style="dim")]


def _entities(story: Story) -> list[RenderableType]:
    if not story.entities:
        return []
    table = _table("Entities", "name", "type", "articles", "mentions", "forms", "spelling variants")
    for entity in story.entities[:TOP_ENTITIES]:
        table.add_row(
            Text(entity.name),
            Text(entity.type),
            str(len(entity.mentions)),
            str(sum(entity.mentions.values())),
            Text(", ".join(entity.aliases)),
            Text(", ".join(spelling_variants(entity.name, entity.aliases)), style="yellow"),
        )
    parts: list[RenderableType] = [table]
    if len(story.entities) > TOP_ENTITIES:
        more = len(story.entities) - TOP_ENTITIES
        parts.append(Text(f"... and {more} more entities (--format json lists all)", style="dim"))
    return parts


def _timeline(story: Story) -> list[RenderableType]:
    if not story.timeline:
        return []
    numbers = citation_numbers(story)
    table = _table("Timeline", "date", "what happened", "sources")
    for event in story.timeline:
        table.add_row(Text(event.date), Text(event.text), markers(event.articles, numbers))
    return [table]


def _coverage(story: Story) -> list[RenderableType]:
    numbers, facts = citation_numbers(story), fact_numbers(story)
    parts: list[RenderableType] = []
    if story.facts:
        matrix = _table("Coverage: which article states which fact", "fact", *(f"[{n}]" for n in numbers.values()))
        for fact in story.facts:
            ticks = ("✓" if a.id in fact.articles else "·" for a in story.articles)
            matrix.add_row(Text(f"{fact_label(facts[fact.id])} {shortened(fact.text)}"), *ticks)
        parts.append(matrix)
    if story.coverage:
        sources = {a.id: a.source for a in story.articles}
        table = _table("Coverage by article", "article", "outlet", "facts stated", "omits", "alone reports")
        for c in story.coverage:
            cited = f"[{numbers[c.article]}] " if c.article in numbers else ""
            table.add_row(
                Text(cited + c.article),
                Text(sources.get(c.article, "")),
                str(c.facts_stated),
                ", ".join(fact_label(facts[f]) for f in c.omitted if f in facts),
                ", ".join(fact_label(facts[f]) for f in c.unique if f in facts),
            )
        parts.append(table)
    return parts


def _articles(story: Story) -> list[RenderableType]:
    numbers = citation_numbers(story)
    table = Table(title="Articles", title_justify="left", title_style="bold", expand=True, show_lines=False)
    for column, style in (("#", "cyan"), ("id", "cyan"), ("outlet", ""), ("published", ""), ("words", "")):
        table.add_column(
            column, style=style, overflow="ellipsis" if column == "outlet" else "fold", no_wrap=column != "published"
        )
    table.add_column("removed", style="dim", overflow="fold")
    for article in story.articles:
        table.add_row(
            f"[{numbers[article.id]}]",
            Text(article.id),
            Text(article.source),
            published_label(article),
            str(word_count(article.text)),
            f"{len(article.removed)} line{'' if len(article.removed) == 1 else 's'}",
        )
    parts: list[RenderableType] = [table]
    for article in story.articles:
        body = Text()
        body.append(article.title or "(no headline)", style="bold" if article.title else "italic dim")
        body.append(
            f"\n{article.source} · {published_label(article)} · {len(article.sentences)} sentences\n", style="dim"
        )
        if article.syndicated:
            copy = f" copy of {article.duplicate_of}" if article.duplicate_of else ""
            body.append(f"syndicated{copy}: {article.syndicated_because}\n", style="yellow")
        body.append(lead(article) + "\n")
        body.append(f"removed ({removed_summary(article)}):\n", style="dim")
        for line in article.removed:
            shown = line.text if len(line.text) <= 90 else line.text[:87] + "..."
            body.append(f"  − {line.reason}: ", style="dim")
            body.append(shown + "\n", style="dim strike")
        body.rstrip()
        title = Text(f"[{numbers[article.id]}] {article.id}")
        parts.append(Panel(body, title=title, title_align="left", border_style="dim"))
    return parts
