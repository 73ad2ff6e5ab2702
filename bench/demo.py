"""`make demo` from a fresh clone: time to the first report, and peak memory.

    python -m bench.demo [--fresh]

Without --fresh, times `newsfuse analyze` on the reference story with the installed
virtualenv (cold: a new process, so model loading included). With --fresh, clones the
repository into a temporary folder and times `make demo` there: virtualenv, install and
first report, as a newcomer meets it (needs the package registry).
"""

from __future__ import annotations

import argparse
import os
import resource
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
    for run in ("cold", "again"):
        seconds, peak = timed([str(newsfuse), "analyze", str(SEEDS)], ROOT)
        print(f"newsfuse analyze shared/seeds ({run} process): {seconds:.2f} s, peak memory {peak} MB")


if __name__ == "__main__":
    main()
