"""Background `add` jobs: one worker thread runs them in turn (the library takes one writer at a
time anyway), and each job reports its progress as it reads, parses, places and reconciles."""

from __future__ import annotations

import datetime as dt
import shutil
import threading
import uuid
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from newsfuse.config import Config
from newsfuse.errors import InputRejected, NewsfuseError
from newsfuse.library import Library, service
from newsfuse.web.models import Job

KEPT = 500  # finished jobs remembered, the oldest forgotten first


class JobRunner:
    """Runs `service.add` jobs one after another in a worker thread."""

    def __init__(self, library: Library, config: Config) -> None:
        self._library = library
        self._config = config
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsfuse-add")

    def submit(self, inputs: Sequence[str], folder: Path | None = None, names: Mapping[str, str] | None = None) -> Job:
        """Queue an add of these inputs; `folder` (uploaded files) is deleted when the job ends.

        `names` gives an input the name its messages use (an uploaded file's own name, never the
        server's temporary path)."""
        now = dt.datetime.now(dt.UTC)
        job = Job(
            id=uuid.uuid4().hex,
            state="queued",
            stage="waiting for the jobs before it",
            inputs=len(inputs),
            read=0,
            stored=[],
            present=[],
            created=[],
            updated=[],
            merged=[],
            rejected=[],
            submitted=now,
        )
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > KEPT:
                self._jobs.popitem(last=False)
        self._worker.submit(self._run, job.id, list(inputs), folder, dict(names or {}))
        return job.model_copy()

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            job = self._jobs.get(job_id)
            return job.model_copy(deep=True) if job is not None else None

    def wait(self) -> None:
        """Block until every job submitted so far has finished (at once once the runner is closed)."""
        try:
            self._worker.submit(lambda: None).result()
        except RuntimeError:  # shut down: close() has waited for them
            return

    def close(self) -> None:
        self._worker.shutdown(wait=True, cancel_futures=True)

    def _update(self, job_id: str, **changes: object) -> None:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is not None:
                self._jobs[job_id] = job.model_copy(update=changes)

    def _run(self, job_id: str, inputs: list[str], folder: Path | None, names: dict[str, str]) -> None:
        read = 0
        rejected: list[str] = []

        def named(message: str) -> str:
            for path, name in sorted(names.items(), key=lambda item: -len(item[0])):
                message = message.replace(path, name)
            return message.replace(str(folder), "the upload") if folder is not None else message

        def on_item(_: str) -> None:
            nonlocal read
            read += 1
            self._update(job_id, read=read, stage=f"read {read} of {len(inputs)} inputs")

        def on_reject(rejection: InputRejected) -> None:
            rejected.append(named(rejection.message))
            self._update(job_id, rejected=list(rejected))

        self._update(job_id, state="running", stage="reading the inputs")
        try:
            outcome = service.add(
                self._library,
                inputs,
                self._config,
                on_item=on_item,
                on_reject=on_reject,
                on_stage=lambda stage: self._update(job_id, stage=stage),
            )
        except NewsfuseError as error:
            self._finish(job_id, "failed", error=named(str(error)))
        except Exception as error:  # a bug: the job fails, the server goes on
            self._finish(job_id, "failed", error=named(f"{type(error).__name__}: {error}"))
        else:
            self._finish(
                job_id,
                "done",
                stored=list(outcome.stored),
                present=list(outcome.present),
                created=list(outcome.created),
                updated=list(outcome.updated),
                merged=list(outcome.merged),
                rejected=[named(r.message) for r in outcome.rejected],
            )
        finally:
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)

    def _finish(self, job_id: str, state: str, **changes: object) -> None:
        stage = "finished" if state == "done" else "failed"
        self._update(job_id, state=state, stage=stage, finished=dt.datetime.now(dt.UTC), **changes)
