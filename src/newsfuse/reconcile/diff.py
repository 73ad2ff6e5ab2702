"""Word-level comparison of two wordings: the diff renderers show, and the normalisation quotes are compared by."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Literal

DiffOp = Literal["equal", "delete", "insert"]

# An ellipsis marks words the writer left out; it is kept as a token so alignment can forgive the gap.
GAP = "…"
_TOKEN = re.compile(r"\.\.\.|…|[^\s…]+")
# Apostrophes and hyphens inside a word are spelling, not wording ("cease-fire", "don’t").
_STRIP = re.compile(r"[^\w]+")
# Spelling variants that are not different wording.
_SPELLING = {"towards": "toward", "upwards": "upward", "afterwards": "afterward"}
# British and American spellings of one word are the same wording.
_SPELLING.update(
    {
        british: american
        for stem in ("colo", "neighbo", "favo", "labo", "hono", "behavio", "harbo", "rumo", "humo", "flavo", "armo")
        for suffix in ("r", "rs", "red", "ring", "rhood", "rhoods")
        for british, american in [(stem + "u" + suffix, stem + suffix)]
    }
)
_SPELLING.update({"centre": "center", "theatre": "theater", "defence": "defense", "offence": "offense"})
_SPELLING.update({f"{stem}ise": f"{stem}ize" for stem in ("organ", "recogn", "apolog", "real", "critic", "author")})
_SPELLING.update({f"{stem}ised": f"{stem}ized" for stem in ("organ", "recogn", "apolog", "real", "critic", "author")})


def word_key(word: str) -> str:
    """A word as compared: lower case, without punctuation, quote marks or dashes."""
    if word in ("...", GAP):
        return GAP
    key = _STRIP.sub("", word.casefold().replace(":00", ""))  # "6:00 p.m." and "6 p.m." are one time
    return _SPELLING.get(key, key)


# "[The police] have", "her (Tara Reid) and": words an editor put inside a quotation are not the speaker's.
_INSERTION = re.compile(r"\s*(?:\[[^\]]{1,60}\]|\([^)]{1,60}\))")


def normalized_words(text: str) -> list[str]:
    """The words of `text` as compared, in order; an ellipsis stays as `GAP`, bare punctuation and an
    editor's bracketed insertions go."""
    keys = (word_key(token) for token in _TOKEN.findall(_INSERTION.sub("", text)))
    return [key for key in keys if key]


def written_words(text: str) -> list[str]:
    """The words of `text` as written, one for each of `normalized_words(text)`."""
    return [token for token in _TOKEN.findall(_INSERTION.sub("", text)) if word_key(token)]


def word_diff(a: str, b: str) -> list[tuple[DiffOp, str]]:
    """The word-level diff turning `a` into `b`: ("equal" | "delete" | "insert", words) in order.

    Words compare by `word_key`, so case, punctuation and quote marks do not count; the words
    shown are as written (from `a` for equal and deleted runs, from `b` for inserted ones).
    """
    words_a, words_b = a.split(), b.split()
    keys_a, keys_b = [word_key(w) for w in words_a], [word_key(w) for w in words_b]
    ops: list[tuple[DiffOp, str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, keys_a, keys_b, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append(("equal", " ".join(words_a[i1:i2])))
            continue
        if i2 > i1:
            ops.append(("delete", " ".join(words_a[i1:i2])))
        if j2 > j1:
            ops.append(("insert", " ".join(words_b[j1:j2])))
    return ops


# Contractions, as `word_key` leaves them (apostrophe gone), spelled out. Only forms that cannot be
# another word: "we're" -> "were" and "I'll" -> "ill" are left alone.
_CONTRACTIONS = {
    **{f"{verb}nt": f"{verb}not" for verb in ("are", "is", "was", "were", "do", "does", "did", "has", "have", "had")},
    **{f"{verb}nt": f"{verb}not" for verb in ("could", "should", "would", "must", "need")},
    "cant": "cannot",
    "wont": "willnot",
    "im": "iam",
}


def _spelled_out(words: list[str]) -> str:
    return "".join(_CONTRACTIONS.get(w, w) for w in words)


# Words past the shared stretch on both sides, up to this many, are a different wording of one end.
_SHORT_END = 4


def inner_differences(
    a: list[str], b: list[str], anchor: int = 3
) -> list[tuple[tuple[int, int], tuple[int, int]]] | None:
    """Where two normalised wordings of one quotation differ, within the stretch both quote.

    Returns the differing index ranges `((i1, i2), (j1, j2))` between the first and the last
    shared run of at least `anchor` words, or None when no such run exists (the wordings cannot
    be compared). Words one side quotes beyond the other's ends are not differences: one
    outlet quoted more. A difference facing an ellipsis on the other side is not one either.
    But when both sides go on past the shared stretch for a few words only ("until we are certain
    it is sound" / "until we are sure it is safe"), those few words are one wording of the same
    end and count as a difference.
    """
    blocks = [m for m in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks() if m.size >= anchor]
    if not blocks:
        return None
    first, last = blocks[0], blocks[-1]
    lo_a, hi_a, lo_b, hi_b = first.a, last.a + last.size, first.b, last.b + last.size
    matcher = SequenceMatcher(None, a[lo_a:hi_a], b[lo_b:hi_b], autojunk=False)
    differences = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        span_a, span_b = a[lo_a + i1 : lo_a + i2], b[lo_b + j1 : lo_b + j2]
        if GAP in span_a or GAP in span_b:
            continue
        if _spelled_out(span_a) == _spelled_out(span_b):
            continue  # "aren't" / "are not", "I'm" / "I am": one wording
        differences.append(((lo_a + i1, lo_a + i2), (lo_b + j1, lo_b + j2)))
    if 0 < lo_a <= _SHORT_END and 0 < lo_b <= _SHORT_END and GAP not in a[:lo_a] + b[:lo_b]:
        differences.insert(0, ((0, lo_a), (0, lo_b)))
    if 0 < len(a) - hi_a <= _SHORT_END and 0 < len(b) - hi_b <= _SHORT_END and GAP not in a[hi_a:] + b[hi_b:]:
        differences.append(((hi_a, len(a)), (hi_b, len(b))))
    return differences


def longest_shared_run(a: list[str], b: list[str]) -> int:
    """The length of the longest run of words `a` and `b` share."""
    if not a or not b:
        return 0
    return SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size


def coverage(part: list[str], whole: list[str], anchor: int = 2) -> float:
    """The share of `part`'s words found, in order, in runs of at least `anchor` words of `whole`."""
    if not part:
        return 0.0
    blocks = SequenceMatcher(None, part, whole, autojunk=False).get_matching_blocks()
    return sum(m.size for m in blocks if m.size >= anchor) / len(part)
