"""Where the batch pipeline's stages run: in this process, or on a Ray cluster.

An engine runs `Preparer` over chunks of records, keeps each article's packed bytes where its
data lives, and hands them back to `Reconciler` story by story. The local engine keeps packed
articles in a SQLite file beside the output (memory stays flat however large the input); Ray keeps
them in its object store, and one pool of actors, each loading the models once, prepares the
chunks and then reconciles the stories.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

from newsfuse.batch.stages import Placement, Prepared, Preparer, Reconciler
from newsfuse.config import Config
from newsfuse.document import RawArticle
from newsfuse.errors import ConfigError, InputRejected

Chunk = list[tuple[int, RawArticle | InputRejected]]
Handle = Any  # where an engine keeps one packed article


class Engine(Protocol):
    def prepare(self, chunks: Iterable[Chunk]) -> Iterator[tuple[Prepared, Handle]]:
        """Every record prepared, in input order, each with the handle of its packed article."""
        ...

    def reconcile(self, stories: Iterable[Sequence[tuple[Handle, Placement]]]) -> Iterator[tuple[int, str]]:
        """Each story's report JSON with the story's place among those given, in any order."""
        ...

    def close(self) -> None: ...


class LocalEngine:
    """Every stage in this process, one chunk after another."""

    def __init__(self, config: Config, spill: Path) -> None:
        self._config = config
        self._spill = sqlite3.connect(spill)
        self._spill.execute("CREATE TABLE IF NOT EXISTS packed (position INTEGER PRIMARY KEY, data BLOB)")

    def prepare(self, chunks: Iterable[Chunk]) -> Iterator[tuple[Prepared, Handle]]:
        preparer = Preparer(self._config)
        for chunk in chunks:
            prepared = preparer(chunk)
            rows = [(p.position, p.packed) for p in prepared if p.packed]
            self._spill.executemany("INSERT OR REPLACE INTO packed VALUES (?, ?)", rows)
            self._spill.commit()
            yield from ((_light(p), p.position) for p in prepared)

    def reconcile(self, stories: Iterable[Sequence[tuple[Handle, Placement]]]) -> Iterator[tuple[int, str]]:
        reconciler = Reconciler(self._config)
        for place, story in enumerate(stories):
            packed = [self._packed(handle) for handle, _ in story]
            yield place, reconciler([(data, placement) for data, (_, placement) in zip(packed, story, strict=True)])

    def _packed(self, position: int) -> bytes:
        (data,) = self._spill.execute("SELECT data FROM packed WHERE position = ?", (position,)).fetchone()
        return bytes(data)

    def close(self) -> None:
        self._spill.close()


class RayEngine:
    """Stages on Ray: one pool of worker actors, each loading the models once, prepares the chunks
    and then reconciles the stories; packed articles wait in the object store in between. Each
    actor is given new work as soon as it is free, whichever task ends first, so one long story
    does not hold the others up."""

    def __init__(self, config: Config, address: str | None = None, workers: int | None = None) -> None:
        try:
            import ray
        except ImportError as error:
            raise ConfigError("the ray engine needs Ray: `pip install 'newsfuse[ray]'`") from error
        self._ray = ray
        self._started = not ray.is_initialized()  # a caller's own Ray is left running
        if self._started:
            options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
            if address:
                ray.init(address=address, **options)
            else:
                ray.init(num_cpus=workers, **options)
        resources: dict[str, float] = ray.cluster_resources()  # type: ignore[no-untyped-call]
        count = max(1, workers or int(resources.get("CPU", 1)))
        worker: Any = ray.remote(num_cpus=1)(_Worker)
        # The actors live until close(): the packed articles they put in the object store are theirs.
        self._actors = [worker.remote(config) for _ in range(count)]

    def prepare(self, chunks: Iterable[Chunk]) -> Iterator[tuple[Prepared, Handle]]:
        # Placing needs input order: results are held until those before them are in.
        for _, results in self._run(lambda actor, chunk: actor.prepare.remote(chunk), chunks, ordered=True):
            yield from results

    def reconcile(self, stories: Iterable[Sequence[tuple[Handle, Placement]]]) -> Iterator[tuple[int, str]]:
        yield from self._run(lambda actor, story: actor.reconcile.remote(list(story)), stories, ordered=False)

    def _run(self, call: Any, values: Iterable[Any], *, ordered: bool) -> Iterator[tuple[int, Any]]:
        """(place, result) of each value: two tasks queued per actor, a free actor given the next
        value at once. At most four values per actor are read ahead or held back, so the input
        streams through instead of being read whole (as `ActorPool.map` would)."""
        ray = self._ray
        free = [actor for _ in range(2) for actor in self._actors]
        window = 4 * len(self._actors)
        running: dict[Any, tuple[int, Any]] = {}
        held: dict[int, Any] = {}
        upcoming, following = enumerate(values), 0
        exhausted = False
        while True:
            while free and not exhausted and len(running) + len(held) < window:
                step = next(upcoming, None)
                if step is None:
                    exhausted = True
                    break
                actor = free.pop(0)
                running[call(actor, step[1])] = (step[0], actor)
            if not running:
                return
            (ready,), _ = ray.wait(list(running), num_returns=1)
            place, actor = running.pop(ready)
            free.append(actor)
            if not ordered:
                yield place, ray.get(ready)
                continue
            held[place] = ray.get(ready)
            while following in held:
                yield following, held.pop(following)
                following += 1

    def close(self) -> None:
        for actor in self._actors:
            self._ray.kill(actor)
        if self._started:
            self._ray.shutdown()


class _Worker:
    """A Ray actor: a `Preparer`, then a `Reconciler` (the models are loaded once per process)."""

    def __init__(self, config: Config) -> None:
        self._config = config
        self._preparer = Preparer(config)
        self._reconciler: Reconciler | None = None

    def prepare(self, chunk: Chunk) -> list[tuple[Prepared, Handle]]:
        import ray

        # Each packed article is an object of its own, so a story's reconcile fetches only its own.
        return [(_light(p), ray.put(p.packed) if p.packed else None) for p in self._preparer(chunk)]

    def reconcile(self, story: list[tuple[Handle, Placement]]) -> str:
        import ray

        self._reconciler = self._reconciler or Reconciler(self._config)
        packed = ray.get([handle for handle, _ in story])
        return self._reconciler([(data, placement) for data, (_, placement) in zip(packed, story, strict=True)])


def _light(prepared: Prepared) -> Prepared:
    """The prepared article without its packed bytes: what travels to the driver."""
    from dataclasses import replace

    return replace(prepared, packed=b"")
