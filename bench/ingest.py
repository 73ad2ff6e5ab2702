"""Ingest on real data no one here wrote: all 982 ECB+ articles as one JSONL dump.

    python -m bench.ingest

Reads, cleans and deduplicates every record (no parsing), and prints the time, the rejections,
the removed lines by reason and the near-copies found. ECB+ texts are already clean, so every
removed line other than a headline is worth a look.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from newsfuse.config import load_config
from newsfuse.ingest import ingest

DUMP = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets" / "ecbplus" / "ecbplus.jsonl"


def main() -> None:
    started = time.perf_counter()
    result = ingest([str(DUMP)], load_config(environ={}))
    seconds = time.perf_counter() - started
    total = len(result.articles) + len(result.rejected)
    print(f"{len(result.articles)} of {total} records read in {seconds:.1f} s ({total / seconds:.0f} records/s)")
    for rejection in result.rejected:
        print(f"  rejected: {rejection.message}")
    reasons = Counter(line.reason for article in result.articles for line in article.removed)
    print("removed lines by reason:", dict(sorted(reasons.items())))
    copies = [(a.id, a.duplicate_of) for a in result.articles if a.duplicate_of]
    print(f"{len(copies)} near-copies marked syndicated:", ", ".join(f"{c} -> {o}" for c, o in copies))


if __name__ == "__main__":
    main()
