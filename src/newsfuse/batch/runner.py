"""The batch pipeline's driver: read, prepare in parallel, mark copies and place stories in input
order, reconcile in parallel, write one report per story and an index.

The driver decides from each article's clustering features and MinHash signature, kept in a
scratch SQLite file (the ledger) with the near-copy index; in memory it holds the stories, each
article's placement and a handle to its packed text and parse, which stay with the engine, and
the features of the articles compared lately. The same input gives the same stories and
byte-identical reports on every engine, whatever the number of workers: the records are cut into
the same chunks, and every decision is taken here, in input order.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import numpy as np

from newsfuse.batch.engines import Chunk, Engine, Handle, LocalEngine, RayEngine
from newsfuse.batch.stages import Placement, Prepared, features_of
from newsfuse.config import Config
from newsfuse.document import RawArticle
from newsfuse.errors import ConfigError, InputRejected, Reason
from newsfuse.ingest.dedup import signature_bands
from newsfuse.ingest.inputs import raw_from_record, read_inputs
from newsfuse.pipeline import generated_at
from newsfuse.report import Rejection, Report, Story
from newsfuse.stories import ArticleFeatures, StoryClusterer, StoryState
from newsfuse.stories.cluster import configured
from newsfuse.wording import counted

CHUNK = 32  # records prepared together: the same cut on every engine, so the same numbers come out
ENGINES = ("local", "ray")


@dataclass(slots=True)
class BatchResult:
    """What a batch run wrote."""

    out: Path
    articles: int = 0
    stories: list[str] = field(default_factory=list)  # story ids, as written
    rejected: list[Rejection] = field(default_factory=list)


def run_batch(
    inputs: Sequence[str],
    out: Path,
    config: Config,
    *,
    engine: str = "local",
    address: str | None = None,
    workers: int | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> BatchResult:
    """Run the whole pipeline over JSONL, JSON or Parquet inputs (files or folders) on an engine,
    writing `out/stories/<id>.json` (the report contract, one story each) and `out/index.json`."""
    stage = on_stage or (lambda _: None)
    if engine not in ENGINES:
        raise ConfigError(f"no engine {engine!r}: use one of {', '.join(ENGINES)}")
    work = _work_folder(out)
    with ExitStack() as cleanup:
        cleanup.callback(shutil.rmtree, work, ignore_errors=True)
        runner: Engine = (
            RayEngine(config, address, workers) if engine == "ray" else LocalEngine(config, work / "packed.sqlite")
        )
        cleanup.callback(runner.close)
        placed = _Placer(config, work / "ledger.sqlite")
        cleanup.callback(placed.close)
        started = generated_at()
        stage("reading, cleaning and parsing")
        for prepared, handle in runner.prepare(_chunks(_records(inputs, config, skip=out))):
            placed.add(prepared, handle)
        groups = placed.stories()
        stage(f"reconciling {counted(len(groups), 'story', 'stories')}")
        result = BatchResult(out, articles=len(placed.placements), rejected=placed.rejected)
        written = work / "stories"
        written.mkdir()
        entries = {}  # story place -> its index entry: the reports come back in any order
        for place, story_json in runner.reconcile(groups):
            story = Story.model_validate_json(story_json)
            report = Report(generated_at=started, stories=[story])
            (written / f"{story.id}.json").write_text(report.to_json(), encoding="utf-8")
            entries[place] = {
                "id": story.id,
                "headline": story.headline,
                "articles": [a.id for a in story.articles],
                "disagreements": len(story.disagreements),
            }
        index = [entries[place] for place in sorted(entries)]
        result.stories = [str(entry["id"]) for entry in index]
        summary = {
            "generated_at": started.isoformat().replace("+00:00", "Z"),
            "articles": result.articles,
            "stories": index,
            "rejected": [r.model_dump() for r in result.rejected],
        }
        (work / "index.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        # Only now does an earlier run's output give way: a run that fails leaves it as it was.
        if (out / "stories").exists():
            (out / "stories").rename(work / "earlier-stories")
        written.rename(out / "stories")
        (work / "index.json").replace(out / "index.json")
    return result


def _work_folder(out: Path) -> Path:
    """A scratch folder inside `out` (so that the finished stories move into place by renaming)."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix="newsfuse-batch-", dir=out))
    except OSError as error:
        reason = error.strerror or str(error)
        raise ConfigError(f"cannot write to {out} ({reason}): pass --out a folder you can write to") from error


def _records(inputs: Sequence[str], config: Config, skip: Path) -> Iterator[RawArticle | InputRejected]:
    """The inputs' records one by one, never all at once: JSON lines and JSON through ingest's
    readers, Parquet row group by row group. Files under `skip` (the output) are not inputs."""
    skip = skip.resolve()
    for name in inputs:
        path = Path(name)
        found = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        files = [p for p in found if not p.resolve().is_relative_to(skip)]
        for file in files:
            if file.suffix.lower() == ".parquet":
                yield from _parquet(file, config)
            else:
                yield from read_inputs([str(file)], config.ingest)


def _parquet(path: Path, config: Config) -> Iterator[RawArticle | InputRejected]:
    if not path.exists():
        yield InputRejected(str(path), Reason.NOT_FOUND)
        return
    try:
        import pyarrow.parquet as parquet
    except ImportError:
        yield InputRejected(str(path), Reason.NEEDS_PYARROW)
        return
    try:
        table = parquet.ParquetFile(path)
    except (OSError, ValueError) as error:
        yield InputRejected(str(path), Reason.UNREADABLE, detail=str(error))
        return
    number = 0
    for batch in table.iter_batches(batch_size=1024):
        for record in batch.to_pylist():
            number += 1
            if record.get("published") is not None and not isinstance(record["published"], str):
                record["published"] = str(record["published"])  # a Parquet date or timestamp
            yield raw_from_record(record, f"{path.stem}-{number}", f"{path}[{number}]", config.ingest)


def _chunks(records: Iterable[RawArticle | InputRejected]) -> Iterator[Chunk]:
    numbered = enumerate(records)
    while chunk := list(islice(numbered, CHUNK)):
        yield chunk


class _Placer:
    """Decides, in input order, what ingest and the clusterer decide: the same article given twice
    is rejected, ids are made unique, a near-copy of an earlier article is marked its copy and
    follows it, every other article is placed into a story."""

    def __init__(self, config: Config, ledger: Path) -> None:
        model, settings = configured(config.stories)
        self._ledger = _Ledger(ledger)
        # Resumed over the ledger: the clusterer keeps only recently compared articles' features in memory.
        self._clusterer = StoryClusterer.resume(
            None, self._ledger, stories=0, next_key=0, model=model, settings=settings
        )
        self._threshold = config.ingest.near_duplicate_threshold
        self.placements: dict[str, tuple[Placement, Handle]] = {}
        self.rejected: list[Rejection] = []

    def add(self, prepared: Prepared, handle: Handle) -> None:
        if prepared.rejection is not None:
            self.rejected.append(Rejection(input=prepared.origin, code=prepared.code or "", message=prepared.rejection))
            return
        earlier = self._ledger.seen(prepared.content, prepared.source or "", prepared.origin)
        if earlier is not None:
            duplicate = InputRejected(prepared.origin, Reason.DUPLICATE, detail=earlier)
            self.rejected.append(Rejection(input=prepared.origin, code=duplicate.code, message=duplicate.message))
            return
        article_id = prepared.article_id
        if self._ledger.holds(article_id):
            article_id = f"{article_id}-{prepared.content[:6]}"
        signature = np.frombuffer(prepared.signature, dtype="<u8")
        bands = signature_bands(signature, self._threshold)
        original, similarity = self._original_of(signature, bands)
        features = features_of(prepared, article_id)
        self._ledger.keep(features, prepared.signature, bands, original)
        if original is not None:
            because = f"{similarity:.0%} of its word 5-grams are shared with {original}"
            placement = Placement(article_id, duplicate_of=original, syndicated_because=because)
            key_of = self._clusterer.story_of(original)
            assert key_of is not None
            self._clusterer.join(key_of, features, copy_of=original)
        else:
            placement = Placement(article_id)
            self._clusterer.add(features)
        self.placements[article_id] = (placement, handle)

    def _original_of(self, signature: np.ndarray, bands: list[str]) -> tuple[str | None, float]:
        """The earliest article this one nearly copies (by MinHash Jaccard), as its first original."""
        found = []
        for position, other, original, theirs in self._ledger.sharing(bands):
            similarity = float(np.mean(np.frombuffer(theirs, dtype="<u8") == signature))
            if similarity >= self._threshold:
                found.append((position, original or other, similarity))
        if not found:
            return None, 0.0
        _, original, similarity = min(found)
        return original, similarity

    def close(self) -> None:
        self._ledger.close()

    def stories(self) -> list[list[tuple[Handle, Placement]]]:
        """Each story's articles with their placements, stories in the order they were started."""
        return [
            [(self.placements[m][1], self.placements[m][0]) for m in members]
            for _, members in sorted(self._clusterer.stories().items())
        ]


class _Ledger:
    """The driver's own store, a scratch SQLite file: every placed article's clustering features,
    MinHash signature and bands (the near-copy index), and the contents already read, so that the
    driver's memory does not grow with them. As the clusterer's store it holds no story (they all
    stay in memory: a story is a list of ids)."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(path)
        self._db.executescript(
            """
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            CREATE TABLE kept (
                position INTEGER PRIMARY KEY, article_id TEXT UNIQUE, features TEXT, signature BLOB,
                original TEXT
            );
            CREATE TABLE bands (key TEXT, position INTEGER);
            CREATE INDEX bands_key ON bands (key);
            CREATE TABLE seen (content TEXT, source TEXT, origin TEXT, PRIMARY KEY (content, source));
            """
        )

    def seen(self, content: str, source: str, origin: str) -> str | None:
        """Where this content from this source was read before, if it was; else remembers `origin`."""
        row = self._db.execute("SELECT origin FROM seen WHERE content = ? AND source = ?", (content, source)).fetchone()
        if row is None:
            self._db.execute("INSERT INTO seen VALUES (?, ?, ?)", (content, source, origin))
            return None
        return str(row[0])

    def holds(self, article_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM kept WHERE article_id = ?", (article_id,)).fetchone() is not None

    def keep(self, features: ArticleFeatures, signature: bytes, bands: list[str], original: str | None) -> None:
        record = json.dumps(features.to_record())
        cursor = self._db.execute(
            "INSERT INTO kept (article_id, features, signature, original) VALUES (?, ?, ?, ?)",
            (features.article_id, record, signature, original),
        )
        self._db.executemany("INSERT INTO bands VALUES (?, ?)", [(key, cursor.lastrowid) for key in bands])

    def sharing(self, bands: list[str]) -> list[tuple[int, str, str | None, bytes]]:
        """The articles that share a band with these (position, id, original, signature), in order."""
        positions: set[int] = set()
        for key in bands:
            positions.update(row[0] for row in self._db.execute("SELECT position FROM bands WHERE key = ?", (key,)))
        rows = []
        for position in sorted(positions):
            query = "SELECT position, article_id, original, signature FROM kept WHERE position = ?"
            rows.append(self._db.execute(query, (position,)).fetchone())
        return rows

    def load_states(self, keys: Sequence[int]) -> list[StoryState]:
        return []

    def load_features(self, article_ids: Sequence[str]) -> list[ArticleFeatures]:
        found = []
        for article_id in article_ids:
            row = self._db.execute("SELECT features FROM kept WHERE article_id = ?", (article_id,)).fetchone()
            if row is not None:
                found.append(ArticleFeatures.from_record(json.loads(row[0])))
        return found

    def indexed_members(self, keys: Sequence[int]) -> dict[int, tuple[str, int]]:
        return {}

    def close(self) -> None:
        self._db.close()
