"""A bounded load test of the web app on loopback: requests/s, p50/p95 latency and errors.

    python -m bench.web_load [--clients 50] [--seconds 30]

Fills a fresh library with the reference story, starts `newsfuse serve` in its own process (one
uvicorn worker, as a user runs it), and lets the clients, half on the story page and half on the
story's JSON endpoint, each send one request after another for the given time. Client and server
share the machine's 2 cores, so the figures are a floor for a server with a core of its own.
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
from pathlib import Path

import httpx

from newsfuse.config import load_config
from newsfuse.library import Library, service

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


async def client(base: str, path: str, until: float, timings: list[float], errors: list[str]) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        while time.monotonic() < until:
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
    base: str, paths: dict[str, str], clients: int, seconds: float
) -> dict[str, tuple[list[float], list[str]]]:
    until = time.monotonic() + seconds
    results: dict[str, tuple[list[float], list[str]]] = {label: ([], []) for label in paths}
    labels = list(paths)
    tasks = [
        client(base, paths[labels[n % len(labels)]], until, *results[labels[n % len(labels)]]) for n in range(clients)
    ]
    await asyncio.gather(*tasks)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    config = load_config(environ={})
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'library.db'}"
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
            paths = {"story page": f"/stories/{story}", "story JSON": f"/api/stories/{story}"}
            for path in paths.values():  # warm: the first request of each renders and caches
                httpx.get(base + path, timeout=30).raise_for_status()
            results = asyncio.run(load(base, paths, args.clients, args.seconds))
        finally:
            server.terminate()
            server.wait(10)
    print(f"{args.clients} clients for {args.seconds:g} s on loopback (client and server on the same 2 cores)")
    for label, (timings, errors) in results.items():
        if not timings:
            print(f"{label}: no answer, {len(errors)} errors")
            continue
        quantiles = statistics.quantiles(timings, n=100)
        print(
            f"{label}: {len(timings) / args.seconds:.0f} requests/s, p50 {quantiles[49] * 1000:.0f} ms, "
            f"p95 {quantiles[94] * 1000:.0f} ms, {len(errors)} errors ({len(timings)} answered)"
        )


if __name__ == "__main__":
    main()
