"""The library: articles and their stories kept between runs, for `newsfuse add` and friends.

models.py   the tables (articles, stories, story membership) as SQLAlchemy models
store.py    `Library`: open a SQLite file or PostgreSQL database, change it in transactions
"""

from __future__ import annotations

from newsfuse.library.store import (
    DEFAULT_URL,
    AddResult,
    Library,
    StoryDetail,
    StorySummary,
    Transaction,
    content_hash,
)

__all__ = ["DEFAULT_URL", "AddResult", "Library", "StoryDetail", "StorySummary", "Transaction", "content_hash"]
