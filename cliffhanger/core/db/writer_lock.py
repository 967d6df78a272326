"""
One writer at a time for a SQLite file, with waiters let in as soon as it is free.

SQLite lets one connection write at a time. A second one asking (`BEGIN
IMMEDIATE`) is told "busy" and its busy handler sleeps 1, 2, 5, 10… up to 100 ms
before asking again, so under load the lock often sits free while every waiter
sleeps, and an unlucky waiter can sleep for seconds. Here writers queue instead:
threads of one process on a lock, which wakes the next at once, and processes on
an `flock` of a file beside the database (`<database>-writer`), which one thread
per process re-tries every half millisecond. The SQLite lock is then free when a
writer gets its turn, so `BEGIN IMMEDIATE` does not meet another of our writers.

Only transactions queue (core/db/sqlite/base.py); a write in autocommit outside
`atomic()` and other programs (the sqlite3 tool, a backup) still meet SQLite's
busy handler. The lock file holds no data: backups need not copy it and it may be
deleted while nothing runs.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time

# A waiter gives up queueing after this and lets SQLite's busy handler decide, as
# every writer did before; a writer can thus wait this plus busy_timeout.
QUEUE_TIMEOUT_SECONDS = 5.0
# How often a process re-tries the file lock while another process holds it.
_POLL_SECONDS = 0.0005

_locks: dict[str, WriterLock] = {}
_locks_guard = threading.Lock()


class WriterLock:
    """The queue for one database file, shared by every connection of a process."""

    def __init__(self, database_path: str):
        self.path = f"{database_path}-writer"
        self._threads = threading.Lock()
        self._fd: int | None = None

    def acquire(self, timeout: float = QUEUE_TIMEOUT_SECONDS) -> bool:
        """
        Queue for the writer's turn. False if the wait ran past `timeout` or the
        lock file cannot be opened; the caller then writes without queueing.
        """
        deadline = time.monotonic() + timeout
        if not self._threads.acquire(timeout=timeout):
            return False
        try:
            fd = self._file()
            while fd is not None:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return True
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        break
                    # Only one thread per process polls here; the rest wait
                    # on the thread lock, which wakes them directly.
                    time.sleep(_POLL_SECONDS)
        except BaseException:
            self._threads.release()
            raise
        self._threads.release()
        return False

    def release(self) -> None:
        try:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._threads.release()

    def _file(self) -> int | None:
        if self._fd is None:
            try:
                # Read-only is enough for flock, so a file made by another user
                # (a management command run as root) still opens.
                self._fd = os.open(
                    self.path, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, 0o644
                )
            except OSError:
                # A read-only folder: SQLite cannot write there either, and
                # readers must not fail for want of a queue.
                return None
        return self._fd

    def _reset_in_child(self) -> None:
        # The parent's thread lock may have been held by a thread that does not
        # exist here, and its descriptor shares the parent's open file, whose
        # flock parent and child would then hold together: start afresh.
        self._threads = threading.Lock()
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def writer_lock(database_path: str) -> WriterLock:
    """The process's one lock for `database_path`."""
    lock = _locks.get(database_path)
    if lock is not None:
        return lock
    key = os.path.realpath(database_path)
    with _locks_guard:
        lock = _locks.get(key)
        if lock is None:
            lock = _locks[key] = WriterLock(key)
        _locks[database_path] = lock
        return lock


def _reset_all_in_child() -> None:
    global _locks_guard
    _locks_guard = threading.Lock()
    for lock in set(_locks.values()):
        lock._reset_in_child()


os.register_at_fork(after_in_child=_reset_all_in_child)
