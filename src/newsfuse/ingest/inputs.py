"""What the user names on the command line, read into raw articles: files, folders, URLs, feeds."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import httpx

from newsfuse.config import IngestConfig
from newsfuse.document import RawArticle
from newsfuse.errors import MAX_ID_LENGTH, InputRejected, Reason
from newsfuse.ingest.decode import check_size, decode
from newsfuse.ingest.feeds import looks_like_feed, parse_feed
from newsfuse.ingest.web import fetch, is_url, make_client

# File name endings newsfuse reads, and how. A trailing .gz is unpacked first.
READERS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}

Item = RawArticle | InputRejected


def url_id(url: str) -> str:
    """A short stable id for an article read from a URL."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


def kind_of(path: Path) -> tuple[str | None, str]:
    """The reader for a file name and the article id it gives (the name without its extensions)."""
    name = path.name[:-3] if path.name.lower().endswith(".gz") else path.name
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        return None, name
    return READERS.get("." + suffix.lower()), stem


def read_inputs(inputs: Iterable[str], config: IngestConfig) -> Iterator[Item]:
    """Every article the inputs hold, in order, with a rejection in place of each unreadable one."""
    client: httpx.Client | None = None

    def get_client() -> httpx.Client:
        nonlocal client
        if client is None:
            client = make_client(config)
        return client

    try:
        for value in inputs:
            if is_url(value):
                yield from _read_url(value, config, get_client)
            else:
                yield from _read_path(Path(value), config, get_client, explicit=True)
    finally:
        if client is not None:
            client.close()


def _read_path(
    path: Path, config: IngestConfig, get_client: Callable[[], httpx.Client], explicit: bool
) -> Iterator[Item]:
    if not path.exists():
        yield InputRejected(str(path), Reason.NOT_FOUND)
        return
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and kind_of(p)[0] and not p.name.startswith("."))
        if not files:
            yield InputRejected(f"{path}/", Reason.EMPTY_DIRECTORY)
        for file in files:
            yield from _read_path(file, config, get_client, explicit=False)
        return
    kind, stem = kind_of(path)
    if kind is None:
        if explicit:
            yield InputRejected(str(path), Reason.UNSUPPORTED, detail=path.suffix or "no extension")
        return
    if kind == "jsonl":
        yield from _read_jsonl(path, stem, config)
        return
    try:
        if not path.name.lower().endswith(".gz"):
            check_size(path.stat().st_size, str(path), config.max_bytes)
        decoded = decode(path.read_bytes(), str(path), config.max_bytes)
    except InputRejected as rejection:
        yield rejection
        return
    except OSError as error:
        yield InputRejected(str(path), Reason.UNREADABLE, detail=error.strerror or str(error))
        return
    origin, text, replaced = str(path), decoded.text, decoded.replaced
    problem = id_problem(stem) if kind in {"text", "html"} else None
    if problem is not None:
        yield InputRejected(origin, Reason.BAD_ID, detail=f"the id its file name gives: {problem}")
        return
    if kind == "text":
        yield RawArticle(stem, origin, text=text, replaced_bytes=replaced)
    elif kind == "html":
        yield RawArticle(stem, origin, html=text, replaced_bytes=replaced)
    elif kind == "json":
        yield from _read_json(text, stem, origin, config, replaced)
    elif kind == "feed":
        yield from _read_feed(text, origin, config, get_client)


def _read_json(text: str, stem: str, origin: str, config: IngestConfig, replaced: int = 0) -> Iterator[Item]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        yield InputRejected(origin, Reason.BAD_JSON, detail=json_problem(error))
        return
    records = data if isinstance(data, list) else [data]
    for number, record in enumerate(records, start=1):
        default_id = stem if len(records) == 1 else f"{stem}-{number}"
        where = origin if len(records) == 1 else f"{origin}[{number}]"
        yield raw_from_record(record, default_id, where, config, replaced)


def _read_jsonl(path: Path, stem: str, config: IngestConfig) -> Iterator[Item]:
    origin = str(path)
    try:
        handle = path.open("rb")
    except OSError as error:
        yield InputRejected(origin, Reason.UNREADABLE, detail=error.strerror or str(error))
        return
    seen_any = False
    with handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            seen_any = True
            where = f"{origin}:{number}"
            try:
                line = decode(raw, where, config.max_bytes)
                record = json.loads(line.text)
            except InputRejected as rejection:
                yield rejection
                continue
            except json.JSONDecodeError as error:
                yield InputRejected(where, Reason.BAD_JSON, detail=json_problem(error, lines=False))
                continue
            yield raw_from_record(record, f"{stem}-{number}", where, config, line.replaced)
    if not seen_any:
        yield InputRejected(origin, Reason.EMPTY)


def id_problem(article_id: str) -> str | None:
    """Why an id cannot be kept (and so be part of a URL), or None: at most MAX_ID_LENGTH printable
    characters, not blank, and not "." or ".." (which a browser drops from a path)."""
    if len(article_id) > MAX_ID_LENGTH:
        return f"{len(article_id):,} characters"
    if not article_id.strip() or not article_id.isprintable():
        return f"{article_id!r} is blank or holds control characters"
    if article_id in {".", ".."}:
        return f"{article_id!r} cannot stand in a URL"
    return None


def json_problem(error: json.JSONDecodeError, lines: bool = True) -> str:
    """Where the JSON breaks and why: "line 3, column 14: invalid control character"."""
    # The decoder's message leaves its position to be appended ("Invalid control character at").
    why = error.msg.removesuffix(" at")
    where = f"line {error.lineno}, column {error.colno}" if lines else f"column {error.colno}"
    return f"{where}: {why[:1].lower()}{why[1:]}"


def raw_from_record(record: Any, default_id: str, origin: str, config: IngestConfig, replaced: int = 0) -> Item:
    """One JSON object with fields `id, title, text|html, url, source, published`; `replaced`, the
    invalid bytes of the file it came from (each now U+FFFD), counts for it as far as its body holds
    U+FFFD."""
    if not isinstance(record, dict):
        return InputRejected(origin, Reason.BAD_RECORD, detail=f"a {type(record).__name__}, not an object")
    text, html = record.get("text"), record.get("html")
    if not (isinstance(text, str) and text.strip()) and not (isinstance(html, str) and html.strip()):
        return InputRejected(origin, Reason.BAD_RECORD, detail="no `text` or `html`")
    body = text if isinstance(text, str) and text.strip() else html
    check = (body or "").encode("utf-8", "surrogatepass")
    try:
        check_size(check, origin, config.max_bytes)
    except InputRejected as rejection:
        return rejection
    given = record.get("id")
    article_id = default_id if given is None or given == "" else str(given)
    problem = id_problem(article_id)
    if problem is not None:
        return InputRejected(origin, Reason.BAD_ID, detail=problem)
    return RawArticle(
        id=article_id,
        origin=origin,
        text=text if isinstance(text, str) and text.strip() else None,
        html=None if isinstance(text, str) and text.strip() else html,
        title=_str_or_none(record.get("title")),
        url=_str_or_none(record.get("url")),
        source=_str_or_none(record.get("source")),
        published=_str_or_none(record.get("published")),
        replaced_bytes=min(replaced, (body or "").count("\ufffd")),
    )


def _str_or_none(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _read_url(url: str, config: IngestConfig, get_client: Callable[[], httpx.Client]) -> Iterator[Item]:
    try:
        page = fetch(url, config, get_client())
    except InputRejected as rejection:
        yield rejection
        return
    if "xml" in page.content_type or looks_like_feed(page.text):
        yield from _read_feed(page.text, url, config, get_client)
    elif page.content_type == "text/plain":
        yield RawArticle(url_id(page.url), url, text=page.text, url=page.url, replaced_bytes=page.replaced)
    else:
        yield RawArticle(url_id(page.url), url, html=page.text, url=page.url, replaced_bytes=page.replaced)


def _read_feed(text: str, origin: str, config: IngestConfig, get_client: Callable[[], httpx.Client]) -> Iterator[Item]:
    try:
        items = parse_feed(text, origin, config.feed_max_items)
    except InputRejected as rejection:
        yield rejection
        return
    for item in items:
        try:
            page = fetch(item.link, config, get_client())
        except InputRejected as rejection:
            yield rejection
            continue
        yield RawArticle(
            url_id(page.url),
            item.link,
            html=page.text,
            title=item.title,
            url=page.url,
            published=item.published,
            replaced_bytes=page.replaced,
        )
