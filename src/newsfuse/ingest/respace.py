"""Text re-spaced from a tokeniser's tokens, joined back the way it was written.

Corpora made from tokens (ECB+ among them) put spaces where the writer put none: inside numbers
("6. 1", "2, 000"), around the hyphens of compounds ("32-year - old", "high - ranking"), before a
closing or possessive apostrophe ("the pirates ' land") and around slashes ("mm / yr"). Real text
has some of these for its own reasons (a sentence that ends with a year before one that starts
with a number; a spaced hyphen used as a dash), so this runs only on inputs said to be
tokenised (`ingest.tokenised`), never on ordinary text.
"""

from __future__ import annotations

import re

_DECIMAL = re.compile(r"(?<=\d)\. (?=\d)")
# "2, 000", "1, 250, 000"; not "5-foot-8, 135 pounds", a list after a hyphenated number.
_THOUSANDS = re.compile(r"(?<![\w.,-])\d{1,3}(?:, \d{3})+(?![\d])")
_HYPHEN = re.compile(r"(?<=\w) - (?=\w)")
_SLASH = re.compile(r"(?<=\w) / (?=\w)")
# Initials and abbreviations the tokeniser cut: "U. S." -> "U.S.", "3 p. m." -> "3 p.m.".
_INITIALS = re.compile(r"(?<=\b[A-Za-z])\. (?=[A-Za-z]\.)")
# A space before an apostrophe that closes a word or a quotation: "76ers ' thinking", "Throat '".
_APOSTROPHE = re.compile(r"(?<=\w) '(?=[\s,.;:!?)]|$)", re.MULTILINE)


def join_tokens(text: str) -> str:
    """Undo a tokeniser's spacing: "a 6. 1 quake, 2, 000 homes, a 32-year - old" -> "a 6.1 quake,
    2,000 homes, a 32-year-old"."""
    text = _HYPHEN.sub("-", text)  # first: "5-foot - 8, 135 pounds" is a height and a weight
    text = _THOUSANDS.sub(lambda match: match.group(0).replace(", ", ","), text)
    for pattern, joined in ((_DECIMAL, "."), (_SLASH, "/"), (_APOSTROPHE, "'"), (_INITIALS, ".")):
        text = pattern.sub(joined, text)
    return text
