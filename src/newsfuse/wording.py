"""Words shared by every view: a count with its noun in the right number."""

from __future__ import annotations


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """`counted(1, "article")` -> "1 article"; `counted(3, "story", "stories")` -> "3 stories"."""
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"
