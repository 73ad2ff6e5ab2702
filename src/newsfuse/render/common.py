"""Small helpers the renderers share."""

from __future__ import annotations

from collections import Counter

from newsfuse.report import Article, Story


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
