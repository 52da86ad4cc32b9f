"""Ingest jobs: uploads are parsed in the background, one at a time, from a bounded queue.

One writer per store is the store's rule; a single worker thread keeps it inside this process, and
a full queue refuses new uploads (HTTP 429) instead of piling up work.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import re
import shutil
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from index.store import IngestResult, Store

log = logging.getLogger("budgetqa.service")


@dataclass
class Job:
    id: str
    file: str
    state: str = "queued"  # queued | running | done | error
    message: str = ""
    progress: list[str] = field(default_factory=list)
    created: float = field(default_factory=time.time)
    finished: float | None = None
    result: dict | None = None
    overrides: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        d = asdict(self)
        d.pop("overrides")
        return d


class QueueFull(Exception):
    pass


class IngestQueue:
    """A bounded queue of uploaded files and the one thread that ingests them.

    With ``state_dir`` each job's state is also written there (``<id>.json``), so that with
    several server processes (``serve --workers N``) a job submitted to one can be followed
    through any of them."""

    def __init__(
        self,
        store: Store,
        on_done: Callable[[IngestResult], None],
        maxsize: int = 8,
        keep: int = 500,
        state_dir: Path | None = None,
    ) -> None:
        self.store = store
        self.state_dir = state_dir
        self.on_done = on_done
        self._queue: queue.Queue[tuple[Job, Path]] = queue.Queue(maxsize=maxsize)
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._keep = keep
        self._worker = threading.Thread(target=self._run, name="budgetqa-ingest", daemon=True)
        self._worker.start()

    def submit(self, path: Path, display_name: str, overrides: dict | None = None) -> Job:
        job = Job(id=uuid.uuid4().hex, file=display_name, overrides=overrides or {})
        try:
            self._queue.put_nowait((job, path))
        except queue.Full as exc:
            raise QueueFull from exc
        with self._lock:
            self._jobs[job.id] = job
            self._forget_old()
        self._save(job)
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None and self.state_dir is not None and re.fullmatch(r"[0-9a-f]{32}", job_id):
            try:  # submitted to another server process
                return Job(**json.loads((self.state_dir / f"{job_id}.json").read_text(encoding="utf-8")))
            except (OSError, ValueError, TypeError):
                return None
        return job

    def _save(self, job: Job) -> None:
        if self.state_dir is None:
            return
        try:
            self.state_dir.mkdir(parents=True, exist_ok=True)
            tmp = self.state_dir / f"{job.id}.json.{os.getpid()}.tmp"
            tmp.write_text(json.dumps(asdict(job), ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, self.state_dir / f"{job.id}.json")
        except OSError:  # the job itself goes on; only other processes cannot follow it
            log.warning("could not write the state of job %s", job.id, exc_info=True)

    def counts(self) -> dict[str, int]:
        with self._lock:
            out: dict[str, int] = {}
            for job in self._jobs.values():
                out[job.state] = out.get(job.state, 0) + 1
            return out

    def _forget_old(self) -> None:
        finished = [j for j in self._jobs.values() if j.finished is not None]
        if len(self._jobs) <= self._keep:
            return
        for job in sorted(finished, key=lambda j: j.finished or 0)[: len(self._jobs) - self._keep]:
            del self._jobs[job.id]
            if self.state_dir is not None:
                (self.state_dir / f"{job.id}.json").unlink(missing_ok=True)

    def _run(self) -> None:
        while True:
            job, path = self._queue.get()
            job.state = "running"
            self._save(job)
            try:
                result = self._ingest(job, path)
                job.result = asdict(result)
                job.state = "error" if result.status == "error" else "done"
                job.message = result.message
                self.on_done(result)
            except Exception as exc:  # the worker must outlive any one bad file
                log.exception("ingest job %s failed", job.id)
                job.state = "error"
                job.message = f"导入失败：{type(exc).__name__}"
            finally:
                job.finished = time.time()
                self._save(job)
                shutil.rmtree(path.parent, ignore_errors=True)
                self._queue.task_done()

    def _ingest(self, job: Job, path: Path) -> IngestResult:
        def progress(msg: str) -> None:
            job.progress.append(msg)

        kwargs = {"metadata": job.overrides} if job.overrides else {}
        results = self.store.ingest([path], progress=progress, **kwargs)
        return results[0]
