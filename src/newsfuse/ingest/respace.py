"""Text re-spaced from a tokeniser's tokens, joined back the way it was written.

Corpora made from tokens (ECB+ among them) put spaces where the writer put none: inside numbers
("6. 1", "2, 000"), around the hyphens of compounds ("32-year - old", "high - ranking"), before a
closing or possessive apostrophe ("the pirates ' land") and around slashes ("mm / yr"), and a closing
double quotation mark against the next word instead of the last ('is at stake, "she said'). Real text
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
    return "\n".join(_closing_quotes(line) for line in text.split("\n"))


def _closing_quotes(line: str) -> str:
    """A paragraph's straight double quotation marks, each closing one put back against the words it
    closes: '"It is at stake, "she said' -> '"It is at stake," she said'. In a paragraph the marks
    open and close in turn, and a mark with nothing after it closes; one left open continues into
    the next paragraph, which opens again, so counting starts anew on each line."""
    out, last, is_open = [], 0, False
    for at in (n for n, c in enumerate(line) if c == '"'):
        after = line[at + 1 : at + 2]
        closing = is_open or not after or after.isspace()
        is_open = not closing
        if not closing or at == 0 or line[at - 1] != " ":
            continue  # an opening mark, or a closing one already against its words
        out.append(line[last : at - 1])
        out.append('" ' if after and not after.isspace() and after not in ",.;:!?)" else '"')
        last = at + 1
    out.append(line[last:])
    return "".join(out)
