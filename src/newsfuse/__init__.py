"""newsfuse: reconcile news coverage of one event across outlets.

The public API is what `__all__` lists: `analyze` runs the pipeline, `ingest` and
`read_inputs` load articles, `load_config` reads settings, and the report models are the
JSON contract. Everything else is internal and may change.
"""

from newsfuse.config import Config, load_config
from newsfuse.errors import InputRejected, NewsfuseError
from newsfuse.ingest import ingest
from newsfuse.ingest.inputs import read_inputs
from newsfuse.pipeline import analyze
from newsfuse.report import Article, Entity, Report, Story

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Config",
    "Entity",
    "InputRejected",
    "NewsfuseError",
    "Report",
    "Story",
    "analyze",
    "ingest",
    "load_config",
    "read_inputs",
]
