"""Small helpers the renderers share."""

from __future__ import annotations

from collections import Counter

from newsfuse.report import Article, Story


def independent_count(story: Story) -> int:
    """Articles that are not copies of another input."""
    return sum(1 for a in story.articles if a.duplicate_of is None)


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
