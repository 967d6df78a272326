"""
One migrate a test session instead of two.

The session's demo build (tests/conftest.py) migrates a database of its own
while pytest-django would migrate the test database beside it: about 12 s of
CPU each, most of it Django rendering 238 migrations' model states. So the
build keeps a copy of its database as soon as it is migrated (before any
content), and the test database starts from that copy: on SQLite it is read
into the in-memory test database, on PostgreSQL it is the TEMPLATE the test
database is created from. pytest-django's migrate then finds nothing to do
(its post-migrate steps still run). Without a build (a run of a few unit
tests) the test database is migrated as always.
"""

from __future__ import annotations

import sqlite3
import subprocess
import time
from pathlib import Path

# The build's script calls `copy_make` between migrate and loading the demo.
COPY_MAKE = """
from cliffhanger.testing.migrated_copy import copy_make
copy_make(sys.argv[1], sys.argv[2], sys.argv[3])
"""

_promise: tuple[Path, subprocess.Popen] | None = None


def copy_make(marker: str, copy_name: str, server_url: str) -> None:
    """In the build's process, just migrated: copy its database to `copy_name`
    (an SQLite file, or a PostgreSQL database on `server_url`'s server), then
    write the copy's name to `marker`; an empty marker if no copy was made."""
    from django.db import connection, connections

    made = ""
    try:
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(copy_name) as target:
                connection.connection.backup(target)
            target.close()
            made = copy_name
        elif connection.vendor == "postgresql":
            source = connection.settings_dict["NAME"]
            connections.close_all()  # nobody may be connected to a template
            made = copy_name if _postgres_copy(server_url, source, copy_name) else ""
    except Exception:  # only a speed-up: the build goes on, the tests migrate
        made = ""
    _marker_write(Path(marker), made)


def _postgres_copy(server_url: str, source: str, name: str) -> bool:
    import psycopg

    for _ in range(20):  # autovacuum may be visiting the source for a moment
        try:
            with psycopg.connect(server_url, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
            return True
        except psycopg.errors.ObjectInUse:
            time.sleep(0.25)
    return False


def _marker_write(marker: Path, text: str) -> None:
    unfinished = marker.with_suffix(".partial")
    unfinished.write_text(text)
    unfinished.replace(marker)


def promised(marker: Path, process: subprocess.Popen) -> None:
    """The session's build will write `marker` (or end without it)."""
    global _promise
    _promise = (marker, process)


def awaited(timeout: float = 300) -> str | None:
    """The copy's name once the build has made it; None if no build promised
    one, or it ended or took too long without making one."""
    if _promise is None:
        return None
    marker, process = _promise
    deadline = time.monotonic() + timeout
    while not marker.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    if not marker.exists():  # looked at again: it may have come as the build ended
        return None
    return marker.read_text() or None


def sqlite_memory_filled(memory_uri: str, copy_path: str) -> sqlite3.Connection:
    """The shared in-memory database at `memory_uri` filled from the copy.
    It lives as long as the returned connection (or any other) stays open."""
    keeper = sqlite3.connect(memory_uri, uri=True, check_same_thread=False)
    with sqlite3.connect(copy_path) as source:
        source.backup(keeper)
    source.close()
    return keeper
