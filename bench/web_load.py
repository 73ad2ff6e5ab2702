"""A bounded load test of the web app on loopback: requests/s, p50/p95 latency and errors, idle and
while an add runs.

    python -m bench.web_load [--clients 50] [--seconds 30] [--add 300] [--db URL]

Fills a fresh library with the reference story (or the library at --db, which must be empty),
starts `newsfuse serve` in its own process (one uvicorn worker, as a user runs it), and lets the
clients, on the story page, the story's JSON and the story list, each send one request after
another for the given time. Then a `newsfuse add` of the first --add ECB+ articles runs in a
process of its own, and the clients read on until it has finished: reads must never wait for the
writer. Client, server and writer share the machine's 2 cores, so the figures are a floor for a
server with a core of its own.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from newsfuse.config import load_config
from newsfuse.library import Library, service

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
SEEDS = SHARED / "seeds"
ECB = SHARED / "datasets" / "ecbplus" / "ecbplus.jsonl"


async def client(base: str, path: str, until: Callable[[], bool], timings: list[float], errors: list[str]) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        while not until():
            started = time.monotonic()
            try:
                answer = await http.get(path)
                if answer.status_code != 200:
                    errors.append(str(answer.status_code))
                    continue
            except httpx.HTTPError as error:
                errors.append(type(error).__name__)
                continue
            timings.append(time.monotonic() - started)


async def load(
    base: str, paths: dict[str, str], clients: int, until: Callable[[], bool]
) -> dict[str, tuple[list[float], list[str]]]:
    results: dict[str, tuple[list[float], list[str]]] = {label: ([], []) for label in paths}
    labels = list(paths)
    tasks = [
        client(base, paths[labels[n % len(labels)]], until, *results[labels[n % len(labels)]]) for n in range(clients)
    ]
    await asyncio.gather(*tasks)
    return results


def ecb_records(count: int, folder: Path) -> Path:
    """The first `count` ECB+ articles as a JSON-lines file to add."""
    path = folder / "ecb.jsonl"
    with ECB.open(encoding="utf-8") as lines, path.open("w", encoding="utf-8") as out:
        for _, line in zip(range(count), lines, strict=False):
            out.write(line)
    return path


def report(title: str, results: dict[str, tuple[list[float], list[str]]], seconds: float) -> None:
    print(title)
    for label, (timings, errors) in results.items():
        if not timings:
            print(f"  {label}: no answer, {len(errors)} errors")
            continue
        quantiles = statistics.quantiles(timings, n=100) if len(timings) > 1 else timings * 99
        print(
            f"  {label}: {len(timings) / seconds:.0f} requests/s, p50 {quantiles[49] * 1000:.0f} ms, "
            f"p95 {quantiles[94] * 1000:.0f} ms, slowest {max(timings) * 1000:.0f} ms, "
            f"{len(errors)} errors ({len(timings)} answered){': ' + ', '.join(sorted(set(errors))) if errors else ''}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--add", type=int, default=300, help="ECB+ articles added while the clients read (0: none)")
    parser.add_argument("--db", help="an empty library to use (a PostgreSQL URL, say); default a fresh SQLite file")
    args = parser.parse_args()
    config = load_config(environ={})
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'library.db'}"
        with Library.open(url) as library:
            (story,) = service.add(library, [str(SEEDS)], config).created
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        newsfuse = Path(sys.executable).parent / "newsfuse"
        server = subprocess.Popen(
            [str(newsfuse), "serve", "--db", url, "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "NEWSFUSE_SERVE_TOKEN": ""},
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    httpx.get(f"{base}/api/stories", timeout=2).raise_for_status()
                    break
                except httpx.HTTPError:
                    assert time.monotonic() < deadline and server.poll() is None, "the server did not start"
                    time.sleep(0.2)
            paths = {
                "story page": f"/stories/{story}",
                "story JSON": f"/api/stories/{story}",
                "story list": "/api/stories",
            }
            for path in paths.values():  # warm: the first request of each renders and caches
                httpx.get(base + path, timeout=30).raise_for_status()
            stop = time.monotonic() + args.seconds
            idle = asyncio.run(load(base, paths, args.clients, lambda: time.monotonic() >= stop))
            shared = "client and server on the same 2 cores"
            report(f"idle: {args.clients} clients for {args.seconds:g} s on loopback ({shared})", idle, args.seconds)
            if args.add:
                records = ecb_records(args.add, Path(folder))
                started = time.monotonic()
                writer = subprocess.Popen(
                    [str(newsfuse), "add", str(records), "--db", url],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                during = asyncio.run(load(base, paths, args.clients, lambda: writer.poll() is not None))
                took = time.monotonic() - started
                _, problems = writer.communicate()
                assert writer.returncode in (0, 1), problems
                report(
                    f"during `newsfuse add` of {args.add} ECB+ articles ({took:.0f} s, exit {writer.returncode}): "
                    f"{args.clients} clients",
                    during,
                    took,
                )
        finally:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
