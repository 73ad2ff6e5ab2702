"""Bytes to text: reject binaries, detect the encoding instead of assuming it, and tell writing from
bytes that decoded by chance."""

from __future__ import annotations

import gzip
import zlib
from collections import Counter
from typing import NamedTuple

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
# Valid UTF-8 characters over ASCII per invalid byte above which text is UTF-8 with damage.
UTF8_EVIDENCE = 3
# Writing (measured on the extraction benchmark's 181 bodies and pages, ECB+, the reference
# story): letters are 55-90% of the visible characters, no character passes 15% of them, words
# average 4-9 characters. The bounds leave a wide margin; random bytes decoded miss them widely.
LETTER_SHARE = 0.35
TOP_CHARACTER_SHARE = 0.3
MAX_MEAN_WORD = 25
# Scripts written without spaces between words: Thai, Lao, Tibetan, Myanmar, Khmer, kana, CJK, Yi.
_UNSPACED_SCRIPTS = (
    (0x0E00, 0x0EFF),
    (0x0F00, 0x0FFF),
    (0x1000, 0x109F),
    (0x1780, 0x17FF),
    (0x3040, 0x30FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xA000, 0xA4CF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2FA1F),
)


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


class Decoded(NamedTuple):
    """An input's text, and how many of its bytes were not valid in its encoding (each now U+FFFD)."""

    text: str
    replaced: int = 0


def decode(data: bytes, source: str, max_bytes: int, declared: str | None = None) -> Decoded:
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
        return Decoded(_strip_bom(data.decode("utf-16")))
    if b"\x00" in data[:4096]:
        raise InputRejected(source, Reason.BINARY, detail="it contains NUL bytes")
    for encoding in filter(None, (declared, "utf-8")):
        try:
            return Decoded(_strip_bom(data.decode(encoding)))
        except (UnicodeDecodeError, LookupError):
            continue
    nearly = _nearly_utf8(data)
    if nearly is not None:
        return nearly
    best = from_bytes(data).best()
    if best is None or best.chaos > 0.3:
        raise InputRejected(source, Reason.UNDECODABLE)
    return Decoded(_strip_bom(str(best)))


def _nearly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 text with a few bytes that are not, those bytes replaced; None when the bytes are
    rather another encoding.

    In text of a legacy encoding (cp1252, latin-1, Shift-JIS) nearly every byte over 0x7F is
    invalid UTF-8, and a valid multi-byte sequence arises only by chance; so valid sequences that
    far outnumber the invalid bytes say UTF-8 with damage, where guessing another encoding would
    garble every curly quote and accent the text has.
    """
    text = data.decode("utf-8", errors="surrogateescape")
    invalid = sum(1 for char in text if "\udc80" <= char <= "\udcff")
    valid = sum(1 for char in text if char >= "\x80" and not "\udc80" <= char <= "\udcff")
    if valid < UTF8_EVIDENCE * invalid:
        return None
    repaired = "".join("\ufffd" if "\udc80" <= char <= "\udcff" else char for char in text)
    return Decoded(_strip_bom(repaired), invalid)


def not_language(text: str) -> str | None:
    """Why decoded text does not read as writing in any language (bytes that decoded by chance), or
    None when it does.

    Writing is mostly letters; it is not one character over and over; and its words are split by
    spaces, unless most of its letters are of a script written without them (Han, kana, Thai, ...).
    Text under 100 visible characters is let be.
    """
    visible = [char for char in text if not char.isspace()]
    if len(visible) < 100:
        return None
    letters = [char for char in visible if char.isalpha()]
    if len(letters) < LETTER_SHARE * len(visible):
        return f"only {len(letters) / len(visible):.0%} of its characters are letters"
    if len(set(letters)) < 8:
        return f"it has only {len(set(letters))} different letters"
    top, count = Counter(visible).most_common(1)[0]
    if count > TOP_CHARACTER_SHARE * len(visible):
        return f"{top!r} is {count / len(visible):.0%} of its characters"
    if sum(1 for char in letters if _written_without_spaces(char)) >= len(letters) / 2:
        return None
    words = len(text.split())
    if words < len(visible) / MAX_MEAN_WORD:
        return f"its words would be {len(visible) / words:.0f} characters long on average"
    return None


def _written_without_spaces(char: str) -> bool:
    point = ord(char)
    return any(start <= point <= end for start, end in _UNSPACED_SCRIPTS)


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
