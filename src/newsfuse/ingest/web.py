"""Fetching a URL: time limits, a size cap, a content-type check, bounded redirects."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from newsfuse.config import IngestConfig
from newsfuse.errors import InputRejected, Reason
from newsfuse.ingest.decode import decode, human_size

_ACCEPTED = (
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/json",
)


@dataclass(frozen=True, slots=True)
class Page:
    """What a URL answered: the final address after redirects, its content type and its text."""

    url: str
    content_type: str
    text: str


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def make_client(config: IngestConfig) -> httpx.Client:
    return httpx.Client(
        follow_redirects=True,
        max_redirects=config.max_redirects,
        timeout=httpx.Timeout(config.fetch_timeout),
        headers={"User-Agent": config.user_agent, "Accept": ", ".join(_ACCEPTED[:-1]) + ";q=0.9, */*;q=0.1"},
    )


def fetch(url: str, config: IngestConfig, client: httpx.Client) -> Page:
    """Fetch one page, or reject it with the reason and the fix."""
    try:
        with client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise InputRejected(url, Reason.URL_STATUS, detail=f"{response.status_code} {response.reason_phrase}")
            content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if content_type and not content_type.startswith(_ACCEPTED):
                raise InputRejected(url, Reason.URL_CONTENT_TYPE, detail=content_type)
            declared = int(response.headers.get("content-length") or 0)
            if declared > config.max_bytes:
                raise InputRejected(
                    url, Reason.TOO_LARGE, detail=human_size(declared), limit=human_size(config.max_bytes)
                )
            body = bytearray()
            for chunk in response.iter_bytes():
                body.extend(chunk)
                if len(body) > config.max_bytes:
                    raise InputRejected(
                        url,
                        Reason.TOO_LARGE,
                        detail=f"over {human_size(config.max_bytes)}",
                        limit=human_size(config.max_bytes),
                    )
            text = decode(bytes(body), url, config.max_bytes, declared=response.charset_encoding)
            return Page(str(response.url), content_type, text)
    except httpx.TooManyRedirects as error:
        raise InputRejected(url, Reason.URL_FAILED, detail=f"more than {config.max_redirects} redirects") from error
    except httpx.TimeoutException as error:
        raise InputRejected(url, Reason.URL_FAILED, detail=f"no answer within {config.fetch_timeout:g} s") from error
    except httpx.HTTPError as error:
        raise InputRejected(url, Reason.URL_FAILED, detail=str(error) or type(error).__name__) from error
