"""The reference story end to end: cold, warm, and `make demo` from a fresh clone.

    python -m bench.demo [--fresh]

Without --fresh, times `newsfuse analyze` on the reference story with the installed
virtualenv: cold (a new process, so imports and model loading included; median of 3) and warm
(the same analysis again in a process whose models are loaded, as the web app and the library
run it; median of 5), with the time per stage. With --fresh, clones the
repository into a temporary folder and times `make demo` there: virtualenv, install and
first report, as a newcomer meets it (needs the package registry).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, int]:
    """Seconds and peak resident memory (MB) of the largest process the command ran."""
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, env=env)
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, peak_kb // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fresh", action="store_true", help="clone and run `make demo` from scratch")
    args = parser.parse_args()
    if args.fresh:
        with tempfile.TemporaryDirectory(dir=ROOT.parent) as folder:
            clone = Path(folder) / "newsfuse"
            subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
            # The Makefile finds the reference story through SHARED, the folder beside the project.
            env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
            seconds, peak = timed(["make", "demo", f"SHARED={SEEDS.parent}"], clone, env)
            print(f"make demo from a fresh clone: {seconds:.0f} s to the first report, peak memory {peak} MB")
        return
    newsfuse = Path(sys.executable).parent / "newsfuse"
    cold = []
    for _ in range(3):
        seconds, peak = timed([str(newsfuse), "analyze", str(SEEDS)], ROOT)
        cold.append(seconds)
    median = statistics.median(cold)
    print(f"cold: newsfuse analyze shared/seeds in a new process: {median:.2f} s (median of 3), peak {peak} MB")
    warm()


def warm() -> None:
    from newsfuse.config import load_config
    from newsfuse.pipeline import analyze

    config = load_config(environ={})
    analyze([str(SEEDS)], config)  # loads the models
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        analyze([str(SEEDS)], config)
        runs.append(time.perf_counter() - started)
    print(f"warm: the same analysis with models loaded: {statistics.median(runs):.2f} s (median of 5)")
    stages(config)


def stages(config: object) -> None:
    from newsfuse.config import Config
    from newsfuse.ingest import ingest
    from newsfuse.parse import annotate
    from newsfuse.parse.embeddings import load_embedder
    from newsfuse.reconcile import reconcile
    from newsfuse.stories import group_articles

    assert isinstance(config, Config)
    started = time.perf_counter()
    articles = ingest([str(SEEDS)], config).articles
    read = time.perf_counter()
    annotate(articles, config.parse)
    parsed = time.perf_counter()
    embedder = load_embedder(config.embed)
    groups = group_articles(articles, embedder, config.stories)
    grouped = time.perf_counter()
    for group in groups:
        reconcile(group, embedder)
    done = time.perf_counter()
    print(
        f"  stages: read {read - started:.2f} s, parse {parsed - read:.2f} s, "
        f"group {grouped - parsed:.2f} s, reconcile {done - grouped:.2f} s"
    )


if __name__ == "__main__":
    main()
