"""Bytes to text: reject binaries, detect the encoding instead of assuming it."""

from __future__ import annotations

import gzip
import zlib

from charset_normalizer import from_bytes

from newsfuse.errors import InputRejected, Reason

# Leading bytes of formats that are never article text.
_MAGIC = {
    b"%PDF-": "PDF",
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"PK\x03\x04": "ZIP archive (or Office document)",
    b"\xd0\xcf\x11\xe0": "Office document",
    b"\x7fELF": "executable",
    b"RIFF": "media file",
}
_GZIP = b"\x1f\x8b"


def human_size(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1000  # type: ignore[assignment]
    raise AssertionError("unreachable")


def check_size(data: bytes | int, source: str, max_bytes: int) -> None:
    size = data if isinstance(data, int) else len(data)
    if size > max_bytes:
        raise InputRejected(source, Reason.TOO_LARGE, detail=human_size(size), limit=human_size(max_bytes))


def decode(data: bytes, source: str, max_bytes: int, declared: str | None = None) -> str:
    """Turn one input's bytes into text, or reject it with the reason and the fix."""
    if data.startswith(_GZIP):
        data = _gunzip(data, source, max_bytes)
    check_size(data, source, max_bytes)
    if not data.strip():
        raise InputRejected(source, Reason.EMPTY)
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            if kind == "PDF":
                raise InputRejected(source, Reason.PDF)
            raise InputRejected(source, Reason.BINARY, detail=kind)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a byte-order mark
        return _strip_bom(data.decode("utf-16"))
    if b"\x00" in data[:4096]:
        raise InputRejected(source, Reason.BINARY, detail="it contains NUL bytes")
    for encoding in filter(None, (declared, "utf-8")):
        try:
            return _strip_bom(data.decode(encoding))
        except (UnicodeDecodeError, LookupError):
            continue
    best = from_bytes(data).best()
    if best is None or best.chaos > 0.3:
        raise InputRejected(source, Reason.UNDECODABLE)
    return _strip_bom(str(best))


def _strip_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


def _gunzip(data: bytes, source: str, max_bytes: int) -> bytes:
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = decompressor.decompress(data, max_bytes + 1)
    except (zlib.error, gzip.BadGzipFile) as error:
        raise InputRejected(source, Reason.BINARY, detail=f"a broken gzip file: {error}") from error
    if len(out) > max_bytes:
        raise InputRejected(
            source, Reason.TOO_LARGE, detail=f"over {human_size(max_bytes)} unpacked", limit=human_size(max_bytes)
        )
    return out
