"""Fetching a URL: time limits, a size cap, a content-type check, bounded redirects, and no
requests to private or local addresses unless they are allowed.

The address check happens where the connection is made, after DNS resolution, for the first
request and for every redirect: the host is resolved once, every address it resolves to must be
public, and the connection goes to the address that was checked (so a name that resolves to a
public address for the check and to a private one for the connection cannot slip through).
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import httpcore
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
    replaced: int = 0  # bytes that were not valid in the page's encoding, each now U+FFFD


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def is_public(address: IPAddress) -> bool:
    """Whether an address is on the public internet: not loopback, private, link-local (the cloud
    metadata address 169.254.169.254 among them), shared, reserved, unspecified or multicast."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


class BlockedAddress(Exception):
    """A URL's host resolved to an address that may not be fetched."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"{host} is {address}" if host != address else address)


class GuardedBackend(httpcore.NetworkBackend):
    """Opens connections only to addresses `allowed` accepts, resolving the host itself."""

    def __init__(self, allowed: Callable[[IPAddress], bool] = is_public) -> None:
        self._allowed = allowed
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as error:
            raise httpcore.ConnectError(f"{host} could not be resolved ({error})") from error
        addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
        for address in addresses:
            if not self._allowed(ipaddress.ip_address(address.split("%")[0])):
                raise BlockedAddress(host, address)
        return self._inner.connect_tcp(addresses[0], port, timeout, local_address, socket_options)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise BlockedAddress(path, "a local socket")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def make_client(config: IngestConfig, allowed: Callable[[IPAddress], bool] | None = None) -> httpx.Client:
    """An HTTP client with the ingest limits; unless private addresses are allowed, it connects only
    to public ones (`allowed` replaces that rule, for tests), and ignores proxy settings, whose
    address is all it could check."""
    headers = {"User-Agent": config.user_agent, "Accept": ", ".join(_ACCEPTED[:-1]) + ";q=0.9, */*;q=0.1"}
    options: dict[str, Any] = {
        "follow_redirects": True,
        "max_redirects": config.max_redirects,
        "timeout": httpx.Timeout(config.fetch_timeout),
        "headers": headers,
    }
    if config.allow_private_addresses and allowed is None:
        return httpx.Client(**options)
    transport = httpx.HTTPTransport(trust_env=False)
    # httpx builds its connection pool without a way to pass a network backend: give it one.
    pool = transport._pool
    transport._pool = httpcore.ConnectionPool(
        ssl_context=pool._ssl_context, network_backend=GuardedBackend(allowed or is_public)
    )
    return httpx.Client(transport=transport, trust_env=False, **options)


def fetch(url: str, config: IngestConfig, client: httpx.Client) -> Page:
    """Fetch one page, or reject it with the reason and the fix."""
    started = time.monotonic()
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
                if time.monotonic() - started > config.fetch_deadline:
                    raise InputRejected(url, Reason.URL_FAILED, detail=f"not whole within {config.fetch_deadline:g} s")
                if len(body) > config.max_bytes:
                    raise InputRejected(
                        url,
                        Reason.TOO_LARGE,
                        detail=f"over {human_size(config.max_bytes)}",
                        limit=human_size(config.max_bytes),
                    )
            decoded = decode(bytes(body), url, config.max_bytes, declared=response.charset_encoding)
            return Page(str(response.url), content_type, decoded.text, decoded.replaced)
    except BlockedAddress as error:
        raise InputRejected(url, Reason.PRIVATE_ADDRESS, detail=str(error)) from error
    except httpx.TooManyRedirects as error:
        raise InputRejected(url, Reason.URL_FAILED, detail=f"more than {config.max_redirects} redirects") from error
    except httpx.TimeoutException as error:
        raise InputRejected(url, Reason.URL_FAILED, detail=f"no answer within {config.fetch_timeout:g} s") from error
    except httpx.HTTPError as error:
        raise InputRejected(url, Reason.URL_FAILED, detail=str(error) or type(error).__name__) from error
