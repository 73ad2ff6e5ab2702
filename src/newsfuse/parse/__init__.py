"""Stage 2, parse: sentences and entities (spaCy) as spans into each article's text."""

from newsfuse.parse.nlp import annotate, attach, load_pipeline

__all__ = ["annotate", "attach", "load_pipeline"]
