"""The report as Markdown, for a wiki, a pull request or a newsletter draft."""

from __future__ import annotations

from newsfuse.reconcile.diff import word_diff
from newsfuse.render.common import (
    KIND_LABELS,
    citation_numbers,
    compatible_phrase,
    fact_label,
    fact_numbers,
    independent_count,
    markers,
    normalized_phrase,
    outlets_cited,
    outlets_label,
    published_label,
    removed_summary,
    safe_url,
    shortened,
    sources_phrase,
    spelling_variants,
    word_count,
)
from newsfuse.report import Disagreement, Report, Story
from newsfuse.wording import counted


def escape(text: str) -> str:
    """Article text is untrusted: no raw HTML, no table breaks."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell(text: str) -> str:
    return escape(text).replace("|", "\\|").replace("\n", " ")


def render_markdown(report: Report) -> str:
    """The whole report as one Markdown document."""
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
        f"{counted(len(story.articles), 'article')}, {independent_count(story)} independent; "
        f"{escape(outlets_label(story))}. "
        f"Story `{story.id}`.",
        "",
    ]
    for section in (_summary, _disagreements, _facts, _quotes, _entities, _timeline, _coverage, _articles):
        lines.extend(section(story))
    return lines


def _summary(story: Story) -> list[str]:
    if not story.summary:
        return []
    numbers = citation_numbers(story)
    lines = ["## Summary", ""]
    lines += [f"{escape(s.text)} {markers(s.articles, numbers)}".rstrip() for s in story.summary]
    lines.append("")
    lines += [f"- [{numbers[a.id]}] {_cell(a.source)}: {_cell(a.title or '(no headline)')}" for a in story.articles]
    return [*lines, ""]


def _disagreements(story: Story) -> list[str]:
    if not story.disagreements:
        return []
    numbers = citation_numbers(story)
    lines = ["## Where the sources disagree", ""]
    for d in story.disagreements:
        lines += [
            f"### {KIND_LABELS[d.kind]}: {escape(d.topic)}",
            "",
            f"*{compatible_phrase(d.compatible)}.* {escape(d.note)}",
            "",
        ]
        for v in d.versions:
            normalized = normalized_phrase(v.normalized)
            shown = f" ({escape(normalized)})" if normalized and normalized != v.value else ""
            lines.append(f"- **{_cell(v.value)}**{shown}: {_cell(outlets_cited(story, v.articles))}")
        lines.append("")
        lines += _wording_changes(d)
        lines += ["<details><summary>Evidence</summary>", ""]
        lines += [f"- {markers([e.article], numbers)} {_cell(e.sentence)}" for v in d.versions for e in v.evidence]
        lines += ["", "</details>", ""]
    return lines


def _wording_changes(d: Disagreement) -> list[str]:
    """For differently worded quotes: each wording against the first, ~~dropped~~ and **added** words marked."""
    if d.kind != "quote_wording" or len(d.versions) < 2:
        return []
    first = d.versions[0].value
    lines = ["Word by word, against the first wording:", ""]
    for version in d.versions[1:]:
        pieces = []
        for op, text in word_diff(first, version.value):
            words = _cell(text)
            pieces.append(words if op == "equal" else f"~~{words}~~" if op == "delete" else f"**{words}**")
        lines.append(f"- {' '.join(pieces)}")
    return [*lines, ""]


def _facts(story: Story) -> list[str]:
    if not story.facts:
        return []
    numbers = citation_numbers(story)
    lines = ["## Facts", ""]
    for number, fact in enumerate(story.facts, start=1):
        by = f" · according to {escape(fact.attributed_to)}" if fact.attributed_to else ""
        lines.append(
            f"- **{fact_label(number)}** {escape(fact.text)} *({sources_phrase(fact.independent_sources)}{by})* "
            f"{markers(fact.articles, numbers)}"
        )
    return [*lines, ""]


def _quotes(story: Story) -> list[str]:
    if not story.quotes:
        return []
    numbers = citation_numbers(story)
    lines = ["## Quotes", ""]
    for quote in story.quotes:
        speaker = escape(quote.speaker or "unknown speaker")
        lines.append(f"- **{speaker}**: “{escape(quote.text)}” {markers(quote.articles, numbers)}")
        if len(quote.variants) > 1:
            for variant in quote.variants:
                credit = (
                    "" if variant.speaker == quote.speaker else f" (credited to {escape(variant.speaker or 'nobody')})"
                )
                lines.append(f"  - “{escape(variant.text)}”{credit} {markers(variant.articles, numbers)}")
    return [*lines, ""]


def _entities(story: Story) -> list[str]:
    if not story.entities:
        return []
    lines = ["## Entities", "", "| name | type | articles | mentions | forms | spelling variants |"]
    lines.append("|---|---|---:|---:|---|---|")
    for e in story.entities:
        forms, variants = _cell(", ".join(e.aliases)), _cell(", ".join(spelling_variants(e.name, e.aliases)))
        counts = f"{len(e.mentions)} | {sum(e.mentions.values())}"
        lines.append(f"| {_cell(e.name)} | {_cell(e.type)} | {counts} | {forms} | {variants} |")
    return [*lines, ""]


def _timeline(story: Story) -> list[str]:
    if not story.timeline:
        return []
    numbers = citation_numbers(story)
    lines = ["## Timeline", "", "| date | what happened | sources |", "|---|---|---|"]
    lines += [f"| {_cell(t.date)} | {_cell(t.text)} | {markers(t.articles, numbers)} |" for t in story.timeline]
    return [*lines, ""]


def _coverage(story: Story) -> list[str]:
    if not story.facts and not story.coverage:
        return []
    numbers, facts = citation_numbers(story), fact_numbers(story)
    lines = ["## Coverage", ""]
    if story.facts:
        lines.append("| fact | " + " | ".join(f"[{n}]" for n in numbers.values()) + " |")
        lines.append("|---|" + "---|" * len(numbers))
        for fact in story.facts:
            ticks = " | ".join("✓" if a.id in fact.articles else "" for a in story.articles)
            lines.append(f"| {fact_label(facts[fact.id])} {_cell(shortened(fact.text))} | {ticks} |")
        lines.append("")
    if story.coverage:
        lines += ["| article | outlet | facts stated | omits | alone reports |", "|---|---|---:|---|---|"]
        sources = {a.id: a.source for a in story.articles}
        for c in story.coverage:
            omitted = ", ".join(fact_label(facts[f]) for f in c.omitted if f in facts)
            unique = ", ".join(fact_label(facts[f]) for f in c.unique if f in facts)
            cited = f"[{numbers[c.article]}] " if c.article in numbers else ""
            outlet = _cell(sources.get(c.article, ""))
            lines.append(f"| {cited}`{c.article}` | {outlet} | {c.facts_stated} | {omitted} | {unique} |")
        lines.append("")
    return lines


def _articles(story: Story) -> list[str]:
    numbers = citation_numbers(story)
    lines = [
        "## Articles",
        "",
        "| # | id | outlet | headline | published | words | removed lines |",
        "|---|---|---|---|---|---:|---:|",
    ]
    for a in story.articles:
        lines.append(
            f"| [{numbers[a.id]}] | `{a.id}` | {_cell(a.source)} | {_cell(a.title or '(no headline)')} "
            f"| {published_label(a)} | {word_count(a.text)} | {len(a.removed)} |"
        )
    lines.append("")
    for a in story.articles:
        lines += [f"### [{numbers[a.id]}] {escape(a.title or '(no headline)')}", ""]
        url = safe_url(a.url)
        lines.append(f"`{a.id}` · {escape(a.source)} · {published_label(a)}" + (f" · <{url}>" if url else ""))
        if a.syndicated:
            lines.append("")
            copy = f" copy of `{a.duplicate_of}`" if a.duplicate_of else ""
            lines.append(f"**Syndicated{copy}**: {escape(a.syndicated_because or '')}")
        lines.append("")
        lines.append("\n\n".join(escape(paragraph) for paragraph in a.text.split("\n") if paragraph.strip()))
        lines.append("")
        if a.removed:
            lines += [f"<details><summary>Removed: {escape(removed_summary(a))}</summary>", ""]
            lines += [f"- *{_cell(r.reason)}*: {_cell(r.text)}" for r in a.removed]
            lines += ["", "</details>", ""]
    return lines
