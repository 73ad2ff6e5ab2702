"""Every error newsfuse raises, each with a message that says how to fix it.

    NewsfuseError
    ├── InputRejected        one input could not be read; the rest of the batch goes on
    ├── ConfigError          a setting is wrong
    ├── ModelError           a model could not be loaded
    └── LibraryError         no such story or article in the library, or a library of another schema

An `InputRejected` carries a numbered code so a message can be looked up and tested,
the input it is about, and the fix. Its `str()` is the one line a user sees.
"""

from __future__ import annotations

from enum import Enum

# The longest article id kept as given; with the suffix that tells two articles of one id apart
# (`-` and up to 64 hex digits) every article id stays under MAX_ID_LENGTH + 65 and works in URLs.
MAX_ID_LENGTH = 200


class Reason(Enum):
    """Why an input was rejected: a code, a short description and the fix."""

    EMPTY = ("E101", "is empty", "pass a file that holds an article's text")
    BINARY = ("E102", "is a binary file ({detail})", "pass the article as text, HTML or JSON")
    PDF = ("E103", "is a PDF", "save the article as text or HTML first (for example `pdftotext FILE`)")
    UNDECODABLE = (
        "E104",
        "is not text in any encoding newsfuse can recognise",
        "convert it to UTF-8 (for example `iconv -f OLD -t UTF-8 FILE`)",
    )
    TOO_LARGE = (
        "E105",
        "is {detail}, over the {limit} limit for one article",
        "split it into one file per article, or raise `ingest.max_bytes` (NEWSFUSE_INGEST_MAX_BYTES)",
    )
    NO_ARTICLE_TEXT = (
        "E106",
        "holds no article text ({detail})",
        "pass the article's own page, not an index, search or JavaScript-only page",
    )
    UNSUPPORTED = (
        "E107",
        "has a file type newsfuse does not read ({detail})",
        "pass .txt, .html, .htm, .json, .jsonl or a feed (.xml, .rss, .atom), optionally gzipped",
    )
    NOT_FOUND = ("E108", "does not exist", "check the path")
    EMPTY_DIRECTORY = (
        "E109",
        "holds no article files",
        "point at a folder with .txt, .html, .htm, .json or .jsonl files",
    )
    DUPLICATE = ("E110", "is the same article as {detail}", "nothing to do: it is read once")
    BAD_JSON = ("E111", "is not valid JSON ({detail})", "fix the JSON, one object per line for .jsonl")
    BAD_RECORD = (
        "E112",
        "has a record without article text ({detail})",
        "give each record a `text` or `html` field",
    )
    BAD_ID = (
        "E113",
        "has an `id` that cannot be kept ({detail})",
        f"give it an `id` (or a file name) of at most {MAX_ID_LENGTH} printable characters, other than . and ..",
    )
    NOT_LANGUAGE = (
        "E114",
        "does not read as writing in any language ({detail})",
        "pass the article's text: this looks like a binary or damaged file",
    )
    URL_FAILED = ("E120", "could not be fetched ({detail})", "check the address and your connection")
    URL_STATUS = ("E121", "answered HTTP {detail}", "check the address; the page may have moved")
    URL_CONTENT_TYPE = (
        "E122",
        "is {detail}, not a web page or feed",
        "pass the address of an HTML article or an RSS/Atom feed",
    )
    NOT_A_FEED = (
        "E123",
        "is not an RSS or Atom feed ({detail})",
        "pass the feed's own address (it usually ends in /feed, /rss or .xml)",
    )
    EMPTY_FEED = ("E124", "is a feed with no items that link to articles", "check the feed address")
    UNREADABLE = ("E125", "could not be read ({detail})", "check the file's permissions")
    PRIVATE_ADDRESS = (
        "E126",
        "leads to a private or local address ({detail})",
        "fetch public pages only, or allow private addresses (ingest.allow_private_addresses, "
        "NEWSFUSE_INGEST_ALLOW_PRIVATE_ADDRESSES=1)",
    )
    NEEDS_PYARROW = (
        "E127",
        "is a Parquet file, and reading Parquet needs pyarrow",
        "install it with `pip install 'newsfuse[parquet]'`, or give the records as JSON lines",
    )

    def __init__(self, code: str, problem: str, fix: str) -> None:
        self.code = code
        self.problem = problem
        self.fix = fix


class NewsfuseError(Exception):
    """Base class of every error newsfuse raises on purpose."""


class InputRejected(NewsfuseError):
    """One input (file, URL, feed item, JSON record) could not be read."""

    def __init__(self, source: str, reason: Reason, **details: str) -> None:
        self.source = source
        self.reason = reason
        self.details = details
        problem = reason.problem.format(**{"detail": "", "limit": "", **details})
        self.message = f"{reason.code} {source} {problem}: {reason.fix}"
        super().__init__(self.message)

    @property
    def code(self) -> str:
        return self.reason.code

    def __reduce__(self) -> tuple[object, tuple[str, Reason, dict[str, str]]]:
        # Pickled as what made it, not its message: batch workers send rejections between processes.
        return _input_rejected, (self.source, self.reason, self.details)


def _input_rejected(source: str, reason: Reason, details: dict[str, str]) -> InputRejected:
    return InputRejected(source, reason, **details)


class ConfigError(NewsfuseError):
    """A setting in the config file, an environment variable or a flag is wrong."""


class ModelError(NewsfuseError):
    """A model named in the config could not be loaded."""


class LibraryError(NewsfuseError):
    """The library cannot do what was asked: no such story or article, or a library of another schema."""
