"""
`manage.py serve` as a child process, the processes under it (read from
/proc) and a throwaway PostgreSQL database: shared by the live-server fixtures,
the load-and-crash test and bench/load.py, which all start the server
`make run` starts, look at its gunicorn master and workers, and give it a
database of its own.
"""

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit, urlunsplit

REPO_DIR = Path(__file__).resolve().parent.parent


def serve_process(
    port: int, env: dict[str, str], log: BinaryIO, *, own_session: bool = False
) -> subprocess.Popen:
    """`manage.py serve` on 127.0.0.1:port; `own_session` lets a caller signal its group."""
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        cwd=REPO_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=own_session,
    )


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def cmdline(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
    except OSError:
        return []


def process_tree(pid: int) -> list[int]:
    """pid and all its descendants, parents first."""
    pids = [pid]
    for child in children(pid):
        pids += process_tree(child)
    return pids


def gunicorn_pids(serve_pid: int) -> tuple[int, list[int]]:
    """(the gunicorn master under `manage.py serve`, its workers)."""
    for pid in children(serve_pid):
        if "gunicorn" in " ".join(cmdline(pid)):
            return pid, children(pid)
    raise RuntimeError("no gunicorn master under manage.py serve")


@contextmanager
def fresh_postgres_database(server_url: str, prefix: str) -> Iterator[str]:
    """A new, empty database on that server (its URL); dropped on the way out."""
    import psycopg

    name = f"{prefix}_{os.getpid()}_{secrets.token_hex(3)}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# A demo database as `make run` makes it, in one process (one Django start-up).
DEMO_SETUP = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
call_command("load_demo", verbosity=0)
"""


def run_python(env: dict[str, str], script: str, *args: str) -> str:
    """`script` in a fresh interpreter with `env`; its output, or the test fails."""
    import pytest

    result = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=REPO_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"script failed:\n{result.stderr}", pytrace=False)
    return result.stdout
