"""Small helpers the renderers share."""

from __future__ import annotations

from collections import Counter

from newsfuse.report import Article, QuantityRange, Story


def independent_count(story: Story) -> int:
    """Articles that are not copies of another input."""
    return sum(1 for a in story.articles if a.duplicate_of is None)


def outlets_label(story: Story) -> str:
    """ "3 outlets named (A, B, C), 2 unnamed": a source equal to the article id is a file name, not an outlet."""
    named = sorted({a.source for a in story.articles if a.source != a.id})
    unnamed = sum(1 for a in story.articles if a.source == a.id)
    parts = [f"{len(named)} outlet{'s' if len(named) != 1 else ''} named ({', '.join(named)})" if named else ""]
    parts.append(f"{unnamed} article{'s' if unnamed != 1 else ''} from an unnamed outlet" if unnamed else "")
    return ", ".join(p for p in parts if p)


def removed_summary(article: Article) -> str:
    """ "footer ×2, share widget" style count of removed lines by reason."""
    counts = Counter(r.reason for r in article.removed)
    return ", ".join(f"{reason} ×{n}" if n > 1 else reason for reason, n in counts.items()) or "nothing"


def word_count(text: str) -> int:
    return len(text.split())


def published_label(article: Article) -> str:
    if article.published is None:
        return "date unknown"
    return (
        f"{article.published.isoformat()} (from {article.published_from})"
        if article.published_from
        else article.published.isoformat()
    )


def lead(article: Article, limit: int = 320) -> str:
    """The article's opening sentences of prose (headings skipped), up to about `limit` characters."""
    prose = [s for s in article.sentences if article.text[s.end - 1] in ".!?…\"'”’)"] or article.sentences
    chosen: list[str] = []
    for span in prose:
        if chosen and sum(len(c) for c in chosen) + span.end - span.start > limit:
            break
        chosen.append(" ".join(article.text[span.start : span.end].split()))
    return " ".join(chosen) or article.text[:limit]


# Everything below turns report data into short phrases that every renderer shows the same way.

KIND_LABELS: dict[str, str] = {
    "quantity": "Numbers",
    "date": "Dates",
    "name_spelling": "Name spelling",
    "quote_wording": "Quote wording",
    "attribution": "Attribution",
    "claim": "Opposite claims",
}

SAFE_URL_SCHEMES = ("http://", "https://")


def safe_url(url: str | None) -> str | None:
    """The URL when it is plain http(s) and may be linked; a `javascript:` or `data:` URL is never a link."""
    if url and url.lower().startswith(SAFE_URL_SCHEMES) and not any(c.isspace() or c in "<>\"'`" for c in url):
        return url
    return None


def citation_numbers(story: Story) -> dict[str, int]:
    """Article id -> its citation number [1], [2], ... in the order of `story.articles`."""
    return {article.id: number for number, article in enumerate(story.articles, start=1)}


def fact_numbers(story: Story) -> dict[str, int]:
    """Fact id -> its label number (F1, F2, ...) in the order of `story.facts`."""
    return {fact.id: number for number, fact in enumerate(story.facts, start=1)}


def markers(article_ids: list[str], numbers: dict[str, int]) -> str:
    """ "[1][3]" for the articles, in citation order; unknown ids are left out rather than guessed."""
    return "".join(f"[{n}]" for n in sorted({numbers[i] for i in article_ids if i in numbers}))


def outlets_cited(story: Story, article_ids: list[str]) -> str:
    """ "Coastal Herald [1], Northern Wire [4]": who gives a version, with citation numbers."""
    numbers = citation_numbers(story)
    sources = {a.id: a.source for a in story.articles}
    cited = sorted((numbers[i], sources[i]) for i in set(article_ids) if i in numbers)
    return ", ".join(f"{source} [{n}]" for n, source in cited) or "no article"


def sources_phrase(count: int) -> str:
    return f"{count} independent source{'' if count == 1 else 's'}"


def compatible_phrase(compatible: bool) -> str:
    """The verdict in words."""
    return "compatible: all versions can be true at once" if compatible else "conflict: the versions cannot all be true"


def number_text(value: float) -> str:
    """2.0 -> "2", 2.5 -> "2.5", 12000.0 -> "12,000"."""
    return f"{int(value):,}" if value.is_integer() else f"{value:,.6g}"


def normalized_phrase(normalized: QuantityRange | str | None) -> str | None:
    """A version's machine form for a reader: "2–4 weeks", "at least 3 weeks", "2024-05-13"."""
    if normalized is None or isinstance(normalized, str):
        return normalized
    low, high = normalized.min, normalized.max
    unit = _unit(normalized.unit, plural=not (low in (None, 1) and high in (None, 1)))
    if low is not None and high is not None:
        span = number_text(low) if low == high else f"{number_text(low)}–{number_text(high)}"
        return span + unit
    if low is not None:
        return f"at least {number_text(low)}{unit}"
    if high is not None:
        return f"at most {number_text(high)}{unit}"
    return unit.strip() or None


# Only units that are plain English nouns take an "s"; "cm", "%" and currency codes stay as they are.
_PLURAL_UNITS = frozenset(
    ("second", "minute", "hour", "day", "week", "month", "year", "metre", "meter", "kilometre", "kilometer", "mile")
)


def _unit(unit: str | None, plural: bool) -> str:
    if not unit or unit == "count":
        return ""
    if plural and unit in _PLURAL_UNITS:
        return f" {unit}s"
    return f" {unit}"


def spelling_variants(name: str, aliases: list[str]) -> list[str]:
    """Aliases that are not just a shorter form of the name ("Okonkwo" is; "Okonkow" is a variant)."""
    words = set(name.casefold().split())
    return [alias for alias in aliases if not set(alias.casefold().split()) <= words]


def fact_label(number: int) -> str:
    return f"F{number}"


def shortened(text: str, limit: int = 70) -> str:
    """`text` cut at a word boundary to about `limit` characters, for a table row that only labels a fact."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
