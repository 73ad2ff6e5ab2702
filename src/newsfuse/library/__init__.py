"""The library: articles and their stories kept between runs, for `newsfuse add` and friends.

models.py   the tables (articles, their features and parse, stories, membership, settings)
store.py    `Library`: open a SQLite file or PostgreSQL database, change it in transactions
service.py  the commands as functions: `add`, `stories`, `show`, `remove_story`, `remove_article`
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
