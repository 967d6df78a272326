"""
Django's SQLite backend with writers queued (core/db/writer_lock.py), and
each statement's placeholders rewritten once per process.

Transactions begin with `BEGIN IMMEDIATE` (settings: transaction_mode), so a
transaction is a write; each one takes the database's writer lock before it
begins and gives it back when it ends (commit, rollback) or its connection
closes. Savepoints of nested atomic blocks take nothing. In-memory databases
(the tests) have one connection per process and skip the queue.
"""

import os

from django.db.backends.sqlite3 import base

from ...bounded_memo import BoundedMemo
from ..writer_lock import WriterLock, writer_lock

# Statements as sqlite3 takes them, by the statement Django wrote (a list's
# length makes another statement).
_CONVERTED = BoundedMemo(1024)


class CursorWrapper(base.SQLiteCursorWrapper):
    """
    Django's SQLite cursor rewrites each statement's "%s" placeholders into
    sqlite3's "?" with a regular expression on every run, a character at a
    time over SELECTs of one to three kilobytes: 5% of the seed article's
    instructions with every cache off. The same statements come back on every
    request, so each is rewritten once.
    """

    def convert_query(self, query, *, param_names=None):
        if param_names is not None:  # named ("%(name)s"): formatted, no scan
            return super().convert_query(query, param_names=param_names)
        try:
            return _CONVERTED[query]
        except KeyError:
            return _CONVERTED.put(query, super().convert_query(query))


class DatabaseWrapper(base.DatabaseWrapper):
    # Overrides Django's private _start_transaction_under_autocommit, _commit,
    # _rollback and _close: core/private_apis.py's OVERRIDDEN checks them.
    # The lock this connection holds, and the process that took it: a forked
    # child's copy of the connection holds nothing.
    _writer_lock: WriterLock | None = None
    _writer_lock_pid: int | None = None

    def create_cursor(self, name=None):
        return self.connection.cursor(factory=CursorWrapper)

    def _start_transaction_under_autocommit(self):
        if self._writer_lock is None and not self.is_in_memory_db():
            lock = writer_lock(str(self.settings_dict["NAME"]))
            if lock.acquire():
                self._writer_lock, self._writer_lock_pid = lock, os.getpid()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._release_writer_lock()
            raise

    def _commit(self):
        try:
            super()._commit()
        finally:
            self._release_writer_lock_after_transaction()

    def _rollback(self):
        try:
            super()._rollback()
        finally:
            self._release_writer_lock_after_transaction()

    def _close(self):
        try:
            super()._close()
        finally:
            self._release_writer_lock()

    def _release_writer_lock_after_transaction(self):
        # A COMMIT that failed leaves the transaction open (atomic() then rolls
        # back), and its writer still holds SQLite's lock: keep the turn.
        if self.connection is None or not self.connection.in_transaction:
            self._release_writer_lock()

    def _release_writer_lock(self):
        lock, self._writer_lock = self._writer_lock, None
        if lock is not None and self._writer_lock_pid == os.getpid():
            lock.release()
