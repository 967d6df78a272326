"""
`manage.py serve` as a child process, the processes under it (read from
/proc) and a throwaway PostgreSQL database: shared by the live-server fixtures,
the load-and-crash test and bench/load.py, which all start the server
`make run` starts, look at its gunicorn master and workers, and give it a
database of its own.
"""

import contextlib
import os
import secrets
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit, urlunsplit

from cliffhanger.testing import migrated_copy

REPO_DIR = Path(__file__).resolve().parents[2]


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
def fresh_postgres_database(
    server_url: str,
    prefix: str,
    *,
    template: str | None = None,
    drop: Callable[[str], None] | None = None,
) -> Iterator[str]:
    """A new database on that server (its URL): empty, or a copy of the database
    named `template` (which nobody may be connected to). On the way out it is
    dropped, or its name handed to `drop` to drop later (`databases_drop`)."""
    import psycopg

    name = f"{prefix}_{os.getpid()}_{secrets.token_hex(3)}"
    copy_of = f' TEMPLATE "{template}"' if template else ""
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"{copy_of}')
    try:
        yield urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))
    finally:
        if drop is None:
            databases_drop(server_url, [name])
        else:
            drop(name)


def databases_drop(server_url: str, names: list[str]) -> None:
    """Drop those databases on that server, disconnecting whoever is still in."""
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# DROP DATABASE makes the server write a checkpoint and waits for it: seconds
# on a busy machine, 20 and more after a load test. Nobody needs to wait.
_DROP_LATER = """
import os, sys
if os.fork():
    os._exit(0)  # all the caller waits for
os.setsid()
from cliffhanger.testing.processes import databases_drop
databases_drop(sys.argv[1], sys.argv[2:])
"""


def databases_drop_detached(server_url: str, names: list[str]) -> None:
    """`databases_drop` in a process of its own that nobody waits for: it
    outlives the caller, holds none of its output, and is left to finish."""
    if names:
        subprocess.run(
            [sys.executable, "-c", _DROP_LATER, server_url, *names],
            cwd=REPO_DIR,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=True,
            timeout=60,
        )


# A demo database as `make run` makes it, in one process (one Django start-up).
_DEMO_MIGRATE = """
import sys
from cliffhanger.manage import django_setup
django_setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
"""
_DEMO_CONTENT = """
call_command("collectstatic", interactive=False, verbosity=0)
call_command("load_demo", verbosity=0)
"""
_ADMIN = """
call_command("ensure_admin")
"""
DEMO_SETUP = _DEMO_MIGRATE + _DEMO_CONTENT
# The same plus the admin account: the live site's setup, as `make run` does it.
DEMO_SETUP_WITH_ADMIN = DEMO_SETUP + _ADMIN
# The same, keeping a copy of the database as migrated, before any content,
# for the test session's database: arguments as `migrated_copy.copy_make`'s.
DEMO_SETUP_WITH_ADMIN_AND_MIGRATED_COPY = (
    _DEMO_MIGRATE + migrated_copy.COPY_MAKE + _DEMO_CONTENT + _ADMIN
)


def script_run(
    env: dict[str, str], script: str, *args: str, timeout: float = 300
) -> subprocess.CompletedProcess:
    """`script` in a fresh interpreter with `env`, from the repository, output kept."""
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=REPO_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def run_python(env: dict[str, str], script: str, *args: str) -> str:
    """`script` in a fresh interpreter with `env`; its output, or the test fails."""
    import pytest

    result = script_run(env, script, *args)
    if result.returncode != 0:
        pytest.fail(f"script failed:\n{result.stderr}", pytrace=False)
    return result.stdout


def setup_script_output(env: dict[str, str], script: str, *args: str) -> str:
    """A benchmark's set-up script (the demo…) run to the end: its last line of
    output, or the benchmark stops with the script's errors."""
    result = script_run(env, script, *args, timeout=900)
    if result.returncode != 0:
        raise SystemExit(f"setting up the demo failed:\n{result.stderr[-3000:]}")
    lines = result.stdout.strip().splitlines()
    return lines[-1] if lines else ""


class PreparedScript:
    """
    `script` in a fresh interpreter with `env`, started now but run only when
    `run()` is called: Django's start-up, seconds on a busy machine, overlaps
    whatever the test does meanwhile. Use it as a context manager.

        with PreparedScript(env, SCHEDULE, "later", "1", "1") as later:
            ...  # set the scene
            ids = json.loads(later.run())
    """

    _WAIT = (
        "import sys\n"
        "from cliffhanger.manage import django_setup\n"
        "django_setup()\n"
        "sys.stdin.readline()\n"
        "exec(compile(sys.argv.pop(1), '<script>', 'exec'))\n"
    )

    def __init__(self, env: dict[str, str], script: str, *args: str):
        self.process = subprocess.Popen(
            [sys.executable, "-c", self._WAIT, script, *args],
            cwd=REPO_DIR,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def run(self) -> str:
        """Run the script now; its output, or the test fails."""
        import pytest

        try:
            out, err = self.process.communicate("go\n", timeout=300)
        except subprocess.TimeoutExpired:
            self.process.kill()
            out, err = self.process.communicate()
        if self.process.returncode != 0:
            pytest.fail(f"script failed:\n{err}", pytrace=False)
        return out

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()


# Draft articles in the demo's first section, each scheduled `delay` seconds
# from now; prints their ids.
SCHEDULE = """
import json, sys
from cliffhanger.manage import django_setup
django_setup()
from datetime import timedelta
from django.utils import timezone
from cliffhanger.newsroom.models import ArticlePage, SectionPage

prefix, count, delay = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
section = SectionPage.objects.live().order_by("path").first()
ids = []
for n in range(count):
    article = ArticlePage(title=f"Due {prefix} {n}", slug=f"due-{prefix}-{n}", dek="Due.")
    section.add_child(instance=article)
    article.go_live_at = timezone.now() + timedelta(seconds=delay)
    article.save_revision().publish()
    ids.append(article.pk)
print(json.dumps(ids))
"""
GO_LIVE = ("wagtail.publish", "wagtail.publish.scheduled")


def database_rows(env, sql: str, params: tuple = ()) -> list[tuple]:
    """A query on the nodes' database straight from here: no Django start-up
    per poll. `%s` placeholders, written for both databases."""
    url = env.get("DATABASE_URL")
    if url:
        import psycopg

        with psycopg.connect(url, autocommit=True) as connection:
            return connection.execute(sql, params).fetchall()
    database = Path(env["CLIFFHANGER_VAR_DIR"]) / "cliffhanger.sqlite3"
    with contextlib.closing(sqlite3.connect(database, timeout=30)) as connection:
        return connection.execute(sql.replace("%s", "?"), params).fetchall()


def published(env, ids) -> dict[int, list]:
    """For each id: [live, how many times it went live]."""
    found = {pk: [False, 0] for pk in ids}
    marks = ", ".join(["%s"] * len(ids))
    for pk, live in database_rows(
        env, f"SELECT id, live FROM wagtailcore_page WHERE id IN ({marks})", tuple(ids)
    ):
        found[pk][0] = bool(live)
    for pk, count in database_rows(
        env,
        "SELECT page_id, COUNT(*) FROM wagtailcore_pagelogentry"
        f" WHERE page_id IN ({marks}) AND action IN (%s, %s) GROUP BY page_id",
        (*ids, *GO_LIVE),
    ):
        found[int(pk)][1] = count
    return found


def wait_published(env, ids, limit: float) -> float:
    """Seconds until every id has gone live (fails after `limit`)."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        # Live, and its log entry written (Wagtail saves the page first).
        if all(live and count for live, count in published(env, ids).values()):
            return time.monotonic() - started
        time.sleep(0.2)
    raise AssertionError(f"not all published after {limit} s: {published(env, ids)}")
