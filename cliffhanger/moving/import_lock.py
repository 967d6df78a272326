"""
One import at a time. Two imports running together (a WordPress export and a
Disqus one, or the same file twice from two terminals) would both look up the
id map, both miss and both create: duplicated articles and comments. The lock
is the database's own where there is one to share: a PostgreSQL advisory lock
held by the importing connection, released when it ends or dies. SQLite is one
machine's file, so a lock on a file beside it does the same. Either way a crash
frees the lock, and a second import is refused at once, not queued.
"""

import fcntl
import hashlib
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import CommandError
from django.db import connection

ANOTHER_IMPORT = (
    "Another import is running on this database; run this one when it has finished."
)
LOCK_UNAVAILABLE = (
    "Cannot create the import lock {path}: {reason}. The folder holding the "
    "database must be writable by the user running the import."
)
# Any fixed 64-bit number names the lock; this one spells "cliffimp".
ADVISORY_KEY = int.from_bytes(b"cliffimp", "big") >> 1


@contextmanager
def exclusive_import():
    if connection.vendor == "postgresql":
        with _advisory_lock():
            yield
    else:
        with _file_lock(_lock_path()):
            yield


@contextmanager
def _advisory_lock():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_KEY])
        (taken,) = cursor.fetchone()
    if not taken:
        raise CommandError(ANOTHER_IMPORT)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_KEY])


def _lock_path() -> Path:
    name = str(connection.settings_dict["NAME"])
    if Path(name).parent.is_dir() and not name.startswith(("file:", ":memory:")):
        return Path(f"{name}.import-lock")
    digest = hashlib.sha256(name.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"cliffhanger-{digest}.import-lock"


@contextmanager
def _file_lock(path: Path):
    try:
        handle = open(path, "a")  # noqa: SIM115 (closed by the with below)
    except OSError as error:
        raise CommandError(
            LOCK_UNAVAILABLE.format(path=path, reason=error.strerror)
        ) from error
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise CommandError(ANOTHER_IMPORT) from error
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
