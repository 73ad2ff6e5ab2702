"""The same article twice, and near-copies: reposts and wire copies are not second sources."""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from newsfuse.document import Article

if TYPE_CHECKING:
    import numpy as np

_WORD = re.compile(r"\w+")
SHINGLE = 5
PERMUTATIONS = 128


def content_key(text: str) -> str:
    """A hash of the words of a text: equal for the same article saved twice."""
    return hashlib.sha256(" ".join(_WORD.findall(text.lower())).encode("utf-8")).hexdigest()


def shingles(text: str) -> set[str]:
    tokens = _WORD.findall(text.lower())
    if len(tokens) < SHINGLE:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


# Below this many articles every pair is compared exactly: cheaper than loading datasketch.
EXACT_UP_TO = 200


def mark_near_copies(articles: Sequence[Article], threshold: float) -> None:
    """Mark each near-copy of another input as syndicated and `duplicate_of` its original.

    Pairs are compared by the exact Jaccard of word 5-gram shingles: every pair in a small
    batch, MinHash LSH candidates in a large one (sub-quadratic). Of two copies, the original is
    the one that does not say it was published elsewhere, else the earlier published, else the
    one read first.
    """
    sets = [shingles(a.text) for a in articles]
    says_copy = [a.syndicated for a in articles]  # said so in its own text, before any comparison
    for index, other in _candidate_pairs(sets, threshold):
        similarity = jaccard(sets[index], sets[other])
        if similarity < threshold:
            continue
        original, copy = _order(articles, says_copy, other, index)
        if articles[copy].duplicate_of is None:
            articles[copy].duplicate_of = articles[original].id
            articles[copy].syndicated = True
            reason = f"{similarity:.0%} of its word 5-grams are shared with {articles[original].id}"
            articles[copy].syndicated_because = "; ".join(filter(None, (articles[copy].syndicated_because, reason)))
    _point_to_first_original(articles)


def _candidate_pairs(sets: Sequence[set[str]], threshold: float) -> Iterator[tuple[int, int]]:
    """(later, earlier) index pairs worth comparing, each later article against those before it."""
    if len(sets) <= EXACT_UP_TO:
        for index in range(len(sets)):
            for other in range(index):
                yield index, other
        return
    from datasketch import MinHash, MinHashLSH  # imported here: it takes over half a second to load

    lsh = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
    for index, words in enumerate(sets):
        signature = MinHash(num_perm=PERMUTATIONS, seed=1)
        signature.update_batch([w.encode("utf-8") for w in words])
        for other in sorted(lsh.query(signature)):
            yield index, other
        lsh.insert(index, signature)


def lsh_bands(words: set[str], threshold: float) -> list[str]:
    """MinHash LSH band keys of a shingle set: two sets whose Jaccard is at least `threshold` share
    a key with high probability, so a library can find an article's near-copies among all it
    holds with an indexed lookup instead of comparing every pair."""
    from datasketch import MinHash

    signature = MinHash(num_perm=PERMUTATIONS, seed=1)
    signature.update_batch([w.encode("utf-8") for w in words])
    return signature_bands(signature.hashvalues, threshold)


def signature_bands(values: np.ndarray, threshold: float) -> list[str]:
    """The band keys of a MinHash signature (its hash values), as `lsh_bands` gives them."""
    bands, rows = _lsh_shape(threshold)
    return [
        f"{band}:{hashlib.blake2b(values[band * rows : (band + 1) * rows].tobytes(), digest_size=8).hexdigest()}"
        for band in range(bands)
    ]


@functools.cache
def _lsh_shape(threshold: float) -> tuple[int, int]:
    """(bands, rows per band) that datasketch picks for this threshold."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
    return int(lsh.b), int(lsh.r)


def _point_to_first_original(articles: Sequence[Article]) -> None:
    """A copy of a copy names the article both copy, not the copy in between."""
    by_id = {a.id: a for a in articles}
    for article in articles:
        seen = {article.id}
        while article.duplicate_of is not None and (parent := by_id[article.duplicate_of]).duplicate_of:
            if parent.duplicate_of in seen:
                break
            seen.add(parent.id)
            article.duplicate_of = parent.duplicate_of


def _order(articles: Sequence[Article], says_copy: Sequence[bool], first: int, second: int) -> tuple[int, int]:
    """(original, copy) of two near-identical articles; `first` was read before `second`."""
    if says_copy[first] != says_copy[second]:
        return (second, first) if says_copy[first] else (first, second)
    a, b = articles[first].published, articles[second].published
    if a and b and b < a:
        return second, first
    return first, second
