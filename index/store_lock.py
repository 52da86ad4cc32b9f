"""One writer per store: an exclusive ``flock`` on ``<store>/write.lock``.

Writers (ingest, rm, docs edit, the default corpus's first ingest, building the text index)
hold it; readers never take it and never write.  The kernel drops a ``flock`` when its process
dies, so a killed writer never leaves the store locked.  Hand-written rather than ``filelock``
because the store must not keep a lock file around (a left-over ``*.lock`` reads as a crashed
writer to anyone looking at the directory): the holder unlinks the file before it lets go, and an
acquirer that locked a file someone else unlinked meanwhile (inode check) tries again.
The lock is re-entrant within a process (``Store.replace`` ingests and then removes).
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = "write.lock"


class StoreBusy(RuntimeError):
    """Another process held the store's write lock for longer than the caller would wait."""


class _ReentrantLock:
    """Re-entrancy within a process, shared by both locks: the outermost ``hold`` takes the
    underlying lock (``_take``) and the last one out lets it go (``_give``)."""

    def __init__(self) -> None:
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._handle = None

    @property
    def held(self) -> bool:
        return self._depth > 0

    @property
    def depth(self) -> int:
        """How many nested ``hold`` blocks are open (1: the outermost, which repairs first)."""
        return self._depth

    def _take(self, timeout: float | None):
        raise NotImplementedError

    def _give(self, handle) -> None:
        raise NotImplementedError

    @contextmanager
    def hold(self, timeout: float | None = None) -> Iterator[None]:
        """Hold the lock for the block (waits for another writer; ``StoreBusy`` after ``timeout``)."""
        with self._thread_lock:
            if self._depth == 0:
                self._handle = self._take(timeout)
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0 and self._handle is not None:
                    handle, self._handle = self._handle, None
                    self._give(handle)


class StoreLock(_ReentrantLock):
    """Exclusive, re-entrant write lock of one store directory."""

    def __init__(self, store_dir: Path) -> None:
        super().__init__()
        self.path = Path(store_dir) / LOCK_NAME

    def _take(self, timeout: float | None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                while True:
                    try:
                        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        if deadline is not None and time.monotonic() > deadline:
                            raise StoreBusy(f"库 {self.path.parent} 正被另一个进程写入，请稍后再试") from None
                        time.sleep(0.05)
                # The previous holder may have unlinked the file between our open and our lock.
                try:
                    same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
                except FileNotFoundError:
                    same = False
                if same:
                    return fd
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)

    def _give(self, fd: int) -> None:
        try:
            self.path.unlink(missing_ok=True)  # while still holding it: see module doc
        finally:
            os.close(fd)


class PgAdvisoryLock(_ReentrantLock):
    """The same write lock for a store whose facts are on PostgreSQL: a session advisory lock.

    Writers on several machines share one database, so a ``flock`` on one machine's directory
    cannot exclude them.  The lock lives in a connection of its own, held for the block; the
    server drops it when that connection ends, so a killed writer (or a lost machine) never leaves
    the store locked.  Same interface as ``StoreLock`` (re-entrant, ``StoreBusy`` on timeout)."""

    def __init__(self, database_url: str, name: str = "budgetqa.store.write") -> None:
        from index.sql_dialect import advisory_key, redact

        super().__init__()
        self.url = database_url
        self.where = redact(database_url)
        self.key = advisory_key(name)

    def _take(self, timeout: float | None):
        import psycopg

        deadline = None if timeout is None else time.monotonic() + timeout
        conn = psycopg.connect(self.url, autocommit=True)
        try:
            while not conn.execute("SELECT pg_try_advisory_lock(%s)", (self.key,)).fetchone()[0]:
                if deadline is not None and time.monotonic() > deadline:
                    raise StoreBusy(f"库 {self.where} 正被另一个进程写入，请稍后再试")
                time.sleep(0.05)
        except BaseException:
            conn.close()
            raise
        return conn

    def _give(self, conn) -> None:
        try:
            conn.execute("SELECT pg_advisory_unlock(%s)", (self.key,))
        finally:
            conn.close()


def store_lock(store_dir: Path, database_url: str = "") -> StoreLock | PgAdvisoryLock:
    """The write lock of a store: an advisory lock in its PostgreSQL database, else a ``flock`` in its directory."""
    return PgAdvisoryLock(database_url) if database_url else StoreLock(store_dir)
