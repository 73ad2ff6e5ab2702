"""Stage 3, stories: articles grouped by real-world event, online and incrementally.

features.py   what an article is about: an embedding of its headline and lead, its names
cluster.py    the online clusterer: each article joins its best story or starts one
"""

from __future__ import annotations

from newsfuse.stories.cluster import StoryClusterer, StoryState, Thresholds, group_articles
from newsfuse.stories.features import ArticleFeatures, article_features

__all__ = ["ArticleFeatures", "StoryClusterer", "StoryState", "Thresholds", "article_features", "group_articles"]
