"""Stage 3, stories: articles grouped by real-world event, online and incrementally.

features.py     what an article is about: its lead's embedding, words, names, participants, years
same_event.py   whether two articles report the same event: pair features and a logistic model
cluster.py      the online clusterer: each article joins its story or starts one; stories regroup
"""

from __future__ import annotations

from newsfuse.stories.cluster import ClusterSettings, StoryClusterer, StoryState, group_articles
from newsfuse.stories.features import ArticleFeatures, article_features
from newsfuse.stories.same_event import SameEventModel, load_model

__all__ = [
    "ArticleFeatures",
    "ClusterSettings",
    "SameEventModel",
    "StoryClusterer",
    "StoryState",
    "article_features",
    "group_articles",
    "load_model",
]
