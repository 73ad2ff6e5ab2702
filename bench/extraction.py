"""Body-extraction quality on the article-extraction benchmark (181 real pages), beside its peers.

    python -m bench.extraction [--favor precision|balanced|recall] [--json FILE]

Runs newsfuse's own HTML path (trafilatura, then the furniture cleaner) on every page and scores
the body with the benchmark's published scoring (bench/scoring.py); peers are scored the same
way from the benchmark's reference outputs.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

from bench.scoring import Score, score
from newsfuse.config import load_config
from newsfuse.document import RawArticle
from newsfuse.errors import InputRejected
from newsfuse.ingest.clean import clean

DATASET = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets" / "article-extraction"
PUBLISHED = {  # F1 as published with the benchmark, for tools not in reference_outputs
    "rs_trafilatura": 0.970,
    "AutoExtract": 0.970,
    "newspaper4k": 0.949,
}


def pages(dataset: Path = DATASET) -> list[dict[str, str]]:
    with (dataset / "index.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def extract_all(favor: str = "precision", dataset: Path = DATASET) -> tuple[dict[str, str], float]:
    """newsfuse's body for every page, and the seconds it took."""
    config = load_config(environ={}).with_overrides({"html.favor": favor})
    bodies: dict[str, str] = {}
    started = time.perf_counter()
    for page in pages(dataset):
        html = gzip.decompress((dataset / page["html_path"]).read_bytes()).decode("utf-8", errors="replace")
        try:
            article = clean(RawArticle(page["id"], page["html_path"], html=html, url=page["url"]), config)
            bodies[page["id"]] = article.text
        except InputRejected:
            bodies[page["id"]] = ""
    return bodies, time.perf_counter() - started


def score_bodies(bodies: dict[str, str], dataset: Path = DATASET) -> Score:
    expected = {p["id"]: (dataset / p["expected_path"]).read_text("utf-8") for p in pages(dataset)}
    return score((expected[key], bodies.get(key, "")) for key in expected)


def peers(dataset: Path = DATASET) -> dict[str, Score]:
    results = {}
    for path in sorted((dataset / "reference_outputs").glob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        output = data.get("output", data)
        name = f"{path.stem} {data.get('version', '')}".strip()
        results[name] = score_bodies({k: v.get("articleBody") or "" for k, v in output.items()}, dataset)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--favor", default="precision", choices=["precision", "balanced", "recall"])
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    bodies, seconds = extract_all(args.favor)
    ours = score_bodies(bodies)
    rows = {f"newsfuse (trafilatura favor={args.favor} + furniture)": ours, **peers()}
    print(f"{'extractor':58} {'precision':>9} {'recall':>7} {'F1':>6}")
    for name, s in sorted(rows.items(), key=lambda item: -item[1].f1):
        print(f"{name:58} {s.precision:9.3f} {s.recall:7.3f} {s.f1:6.3f}")
    for name, f1 in PUBLISHED.items():
        print(f"{name + ' (published figure)':58} {'':9} {'':7} {f1:6.3f}")
    print(f"\n{ours.pages} pages in {seconds:.1f} s ({ours.pages / seconds:.1f} pages/s)")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "precision": ours.precision,
                    "recall": ours.recall,
                    "f1": ours.f1,
                    "pages": ours.pages,
                    "seconds": seconds,
                },
                indent=2,
            )
            + "\n"
        )


if __name__ == "__main__":
    main()
