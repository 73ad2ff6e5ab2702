"""`newsfuse batch` on the whole of ECB+, and replicated: articles/s, peak memory, and whether both
engines write the same stories and reports.

    python -m bench.batch_ecb                      # the 982 ECB+ records, both engines
    python -m bench.batch_ecb --articles 20000     # replicated to 20,000 records
    python -m bench.batch_ecb --engines local      # one engine only
    python -m bench.batch_ecb --keep /tmp/b        # keep the input and the outputs to compare

Each run is `newsfuse batch` in a process of its own, its memory sampled every half second over
its whole process tree (the Ray engine's workers, raylet and object store included) as the
proportional set size, so that memory shared between processes is counted once. The peak of each
quarter of the run shows whether memory levels off or keeps growing with the articles read.
Replicas get every capitalised word changed (another event of the same kind each time, so no
replica is a near-copy of another) and an id of their own. The timing covers the whole run:
starting Ray and its workers and loading the models included.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from itertools import pairwise
from pathlib import Path

from bench.ecb import DUMP

_CAPITALISED = re.compile(r"\b([A-Z][a-z]+)")


def replicate(target: int, path: Path) -> int:
    """Write `target` records: ECB+ as it is, then renamed replicas of it."""
    records = [json.loads(line) for line in DUMP.read_text(encoding="utf-8").splitlines()]
    written = 0
    with path.open("w", encoding="utf-8") as out:
        round_ = 0
        while written < target:
            for record in records:
                if written >= target:
                    break
                if round_:
                    tag = _tag(round_)
                    record = {
                        **record,
                        "id": f"{record['id']}-r{round_}",
                        "text": _CAPITALISED.sub(rf"\1{tag}", record.get("text") or ""),
                        "title": _CAPITALISED.sub(rf"\1{tag}", record.get("title") or ""),
                    }
                out.write(json.dumps(record) + "\n")
                written += 1
            round_ += 1
    return written


def _tag(number: int) -> str:
    letters = ""
    while number:
        number, digit = divmod(number - 1, 26)
        letters = chr(ord("a") + digit) + letters
    return "q" + letters


def peak_memory(process: subprocess.Popen[bytes], samples: list[float]) -> None:
    """Sample the proportional set size of the process and all its descendants until it ends."""
    import psutil

    root = psutil.Process(process.pid)
    while process.poll() is None:
        total = 0
        try:
            for member in [root, *root.children(recursive=True)]:
                try:
                    total += member.memory_full_info().pss
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
        except psutil.NoSuchProcess:
            break
        samples.append(total / 2**20)
        time.sleep(0.5)


def run(engine: str, source: Path, out: Path) -> tuple[float, list[float], int]:
    """Seconds, the peak MB of each quarter of the run, and the articles of one `newsfuse batch` run."""
    newsfuse = Path(sys.executable).parent / "newsfuse"
    command = [str(newsfuse), "batch", str(source), "--out", str(out), "--engine", engine]
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    samples: list[float] = []
    sampler = threading.Thread(target=peak_memory, args=(process, samples))
    sampler.start()
    process.wait()
    seconds = time.perf_counter() - started
    sampler.join()
    if process.returncode not in (0, 1):  # 1: some records were rejected, as ECB+ has two without text
        raise SystemExit(f"newsfuse batch --engine {engine} failed with exit code {process.returncode}")
    articles = json.loads((out / "index.json").read_text(encoding="utf-8"))["articles"]
    quarter = max(1, len(samples) // 4)
    bounds = [0, quarter, 2 * quarter, 3 * quarter, len(samples)]
    peaks = [max(samples[start:end], default=0.0) for start, end in pairwise(bounds)]
    return seconds, peaks, articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=0, help="replicate ECB+ to this many records")
    parser.add_argument("--engines", default="local,ray")
    parser.add_argument("--keep", type=Path, help="write the input and both outputs here, and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = args.keep or Path(folder)
        work.mkdir(parents=True, exist_ok=True)
        source = DUMP
        if args.articles:
            source = work / "replicated.jsonl"
            replicate(args.articles, source)
        outputs = {}
        for engine in args.engines.split(","):
            seconds, peaks, articles = run(engine, source, work / engine)
            outputs[engine] = {
                str(p.relative_to(work / engine)): p.read_bytes() for p in sorted((work / engine).rglob("*.json"))
            }
            print(
                f"{engine}: {articles} articles in {seconds:.0f} s = {articles / seconds:.1f} articles/s, "
                f"peak memory {max(peaks):.0f} MB (proportional, the whole process tree); "
                f"peak in each quarter of the run {' / '.join(f'{p:.0f}' for p in peaks)} MB",
                flush=True,
            )
        if len(outputs) == 2:
            local, ray = outputs.values()
            same = local == ray
            stories = sum(1 for name in local if name.startswith("stories/"))
            print(f"{stories} stories; both engines wrote {'identical' if same else 'DIFFERENT'} files")
            differing = sorted(name for name in local.keys() | ray.keys() if local.get(name) != ray.get(name))
            for name in differing[:20]:  # what to look into
                print(f"  differs: {name}")


if __name__ == "__main__":
    main()
