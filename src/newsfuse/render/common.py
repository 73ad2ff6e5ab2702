"""Small helpers the renderers share."""

from __future__ import annotations

from collections import Counter

from newsfuse.report import Article, Story


def independent_count(story: Story) -> int:
    """Articles that are not copies of another input."""
    return sum(1 for a in story.articles if a.duplicate_of is None)


def removed_summary(article: Article) -> str:
    """"footer ×2, share widget" style count of removed lines by reason."""
    counts = Counter(r.reason for r in article.removed)
    return ", ".join(f"{reason} ×{n}" if n > 1 else reason for reason, n in counts.items()) or "nothing"


def word_count(text: str) -> int:
    return len(text.split())


def published_label(article: Article) -> str:
    if article.published is None:
        return "date unknown"
    return f"{article.published.isoformat()} (from {article.published_from})" if article.published_from else article.published.isoformat()


def lead(article: Article, limit: int = 320) -> str:
    """The article's opening sentences, up to about `limit` characters."""
    end = 0
    for span in article.sentences:
        if end and span.end > limit:
            break
        end = span.end
    text = article.text[: end or limit]
    return " ".join(text.split())
