"""Fixtures shared by the integration and browser tests: a real gunicorn server
(two worker processes, as `make run` serves) over an isolated database set up
as `make run` does. Nothing here uses pytest-django's `db`: the server owns its
database and tests talk to it over HTTP.

The database is SQLite in a temporary directory, or, in make test's PostgreSQL
pass (DATABASE_URL is a PostgreSQL URL), a fresh PostgreSQL database created
for the session and dropped after it, with REDIS_URL's server as the cache.

Migrating and loading the demo takes most of a server's start, so it happens
once a session (`demo_template`), in the background from the moment the
session knows a test will need it; the live site and every module with a
server of its own start from a copy of it (`demo_copy`). The build also keeps
a copy of its database as migrated, before any content, and every test's
database starts from that instead of being migrated again (migrated_copy.py).

A server is done with when its test is: it is killed, not stopped gracefully,
and the PostgreSQL databases made for the session are dropped after it by a
process nobody waits for (each DROP DATABASE waits for a checkpoint).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from cliffhanger.testing import migrated_copy, processes
from cliffhanger.testing.processes import serve_process

REPO_DIR = Path(__file__).resolve().parents[1]
ADMIN_PASSWORD = "e2e-admin-pass"
STARTUP_TIMEOUT = 30.0


def _free_ports(count: int) -> list[int]:
    """`count` different ports free now (each held until all are found)."""
    sockets = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def _server_env(var_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    # pytest-django has put the test settings in os.environ; serve as `make run` does.
    env["DJANGO_SETTINGS_MODULE"] = "cliffhanger.settings.base"
    env["CLIFFHANGER_VAR_DIR"] = str(var_dir)
    env["ADMIN_PASSWORD"] = ADMIN_PASSWORD
    env["NEWSROOM_VIEW_FLUSH_SECONDS"] = "1"
    # Emails (sent by the task worker) land as files the tests can read.
    env["EMAIL_BACKEND"] = "django.core.mail.backends.filebased.EmailBackend"
    env["EMAIL_FILE_PATH"] = str(var_dir / "mail")
    env["WEB_CONCURRENCY"] = "2"
    # Browsers and scripts post faster and more often than people; moderation
    # journeys switch holds on per article.
    env["DISCUSSION_HOLD_FIRST_COMMENT"] = "false"
    env["DISCUSSION_MIN_SUBMIT_SECONDS"] = "0"
    env["DISCUSSION_RATE_LIMIT_PER_MINUTE"] = "100000"
    env["DISCUSSION_DUPLICATE_MINUTES"] = "0"  # every test browser is 127.0.0.1
    # Pictures are made when first asked for: a worker making the demo's 648
    # renditions ahead would take a CPU from the tests for half a minute.
    env["PICTURE_RENDITIONS_AHEAD"] = "false"
    env["SOCIAL_CARDS_MAKE_AHEAD"] = "false"
    env["PYTHONUNBUFFERED"] = "1"
    for name in (
        "DATABASE_URL",
        "REDIS_URL",
        "SECRET_KEY",
        "STATIC_ROOT",
        "MEDIA_ROOT",
        "DEBUG",
    ):
        env.pop(name, None)
    return env


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


# Databases the session made, dropped once it is over (pytest_unconfigure).
_databases_to_drop: list[str] = []


def fresh_postgres_database(prefix: str, *, template: str | None = None):
    """A new database on DATABASE_URL's server, empty or a copy of `template`;
    dropped after the session."""
    return processes.fresh_postgres_database(
        postgres_url(), prefix, template=template, drop=_databases_to_drop.append
    )


def live_redis_url() -> str | None:
    """REDIS_URL's server, on a database number of the live site's own (emptied)."""
    url = os.environ.get("REDIS_URL")
    if not url:
        return None
    import redis

    live_url = urlunsplit(urlsplit(url)._replace(path="/3"))
    redis.Redis.from_url(live_url).flushdb()
    return live_url


@dataclass(frozen=True)
class DemoTemplate:
    """A demo site set up once: its var dir (collected static files, media,
    secret key, and the SQLite database) and, on PostgreSQL, its database's URL."""

    var_dir: Path
    database_url: str | None

    @property
    def database_name(self) -> str:
        return urlsplit(self.database_url).path.lstrip("/")


class DemoBuild:
    """
    The demo site set up as `make run` does it (migrate, collectstatic,
    load_demo, ensure_admin) by a process of its own, in a folder (and on
    PostgreSQL a database) of its own. Started as soon as the session has
    collected a test that needs it (pytest_collection_finish), so it runs
    beside the tests that do not, instead of before the first one that does.
    """

    def __init__(self):
        self._cleanup = ExitStack()
        try:
            self._start()
        except BaseException:
            self._cleanup.close()
            raise

    def _start(self) -> None:
        root = Path(self._cleanup.enter_context(tempfile.TemporaryDirectory()))
        self.var_dir = root / "var"
        self.var_dir.mkdir()
        env = _server_env(self.var_dir)
        self.database_url = None
        if postgres_url():
            self.database_url = self._cleanup.enter_context(
                fresh_postgres_database("cliff_demo")
            )
            env["DATABASE_URL"] = self.database_url
        # A copy as migrated, for the session's test database (migrated_copy.py).
        marker, copy_name = root / "migrated", str(root / "migrated.sqlite3")
        if self.database_url:
            copy_name = f"{self.database_name}_migrated"
            _databases_to_drop.append(copy_name)
        self._log = root / "setup.log"
        with open(self._log, "wb") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    processes.DEMO_SETUP_WITH_ADMIN_AND_MIGRATED_COPY,
                    str(marker),
                    copy_name,
                    postgres_url() or "",
                ],
                cwd=REPO_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        migrated_copy.promised(marker, self.process)

    @property
    def database_name(self) -> str:
        return urlsplit(self.database_url).path.lstrip("/")

    def result(self) -> DemoTemplate:
        """The template once the set-up has finished; the test fails if it failed."""
        if self.process.wait(timeout=600) != 0:
            output = self._log.read_text(errors="replace")
            pytest.fail(f"setting up the demo failed:\n{output}", pytrace=False)
        return DemoTemplate(self.var_dir, self.database_url)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._cleanup.close()


_demo_build: DemoBuild | None = None


def pytest_collection_finish(session) -> None:
    global _demo_build
    if session.config.option.collectonly or _demo_build is not None:
        return
    if any("demo_template" in getattr(i, "fixturenames", ()) for i in session.items):
        _demo_build = DemoBuild()


def pytest_unconfigure(config) -> None:
    if _demo_build is not None:
        _demo_build.close()
    if _databases_to_drop:
        processes.databases_drop_detached(postgres_url(), _databases_to_drop)


@pytest.fixture(scope="session")
def demo_template() -> DemoTemplate:
    """The demo database as `make run` sets it up, once a session (`DemoBuild`).
    Nothing serves it: servers get a copy each (`demo_copy`)."""
    global _demo_build
    if _demo_build is None:  # collected by other means than a session's collection
        _demo_build = DemoBuild()
    return _demo_build.result()


def demo_files_copy(template: DemoTemplate, var_dir: Path) -> None:
    """The template's collected static files, media and secret key into var_dir."""
    var_dir.mkdir(parents=True, exist_ok=True)
    static = template.var_dir / "static"
    if static.exists():
        # Hard links: nothing rewrites a collected file, and there are many.
        shutil.copytree(
            static, var_dir / "static", copy_function=os.link, dirs_exist_ok=True
        )
    media = template.var_dir / "media"
    if media.exists():
        shutil.copytree(media, var_dir / "media", dirs_exist_ok=True)
    shutil.copy2(template.var_dir / "secret_key", var_dir / "secret_key")


@contextmanager
def demo_copy(
    template: DemoTemplate, var_dir: Path, prefix: str
) -> Iterator[dict[str, str]]:
    """
    A copy of the demo site in var_dir, as if set up there: its files, and a
    database of its own (SQLite in var_dir, or a new PostgreSQL database named
    after `prefix`, dropped on the way out). Yields the DATABASE_URL to add to
    the server's environment, if any.
    """
    demo_files_copy(template, var_dir)
    if template.database_url is None:
        with (
            closing(sqlite3.connect(template.var_dir / "cliffhanger.sqlite3")) as src,
            closing(sqlite3.connect(var_dir / "cliffhanger.sqlite3")) as copy,
        ):
            src.backup(copy)
        yield {}
        return
    with fresh_postgres_database(prefix, template=template.database_name) as url:
        yield {"DATABASE_URL": url}


def _manage(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(
            f"manage.py {' '.join(args)} exited {result.returncode}\n"
            f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}",
            pytrace=False,
        )


def _stop(process: subprocess.Popen) -> None:
    _stop_all([process])


def _stop_all(servers: list[subprocess.Popen]) -> None:
    """Kill each server: its whole process group (serve, gunicorn and its workers,
    the task worker and the scheduler), even when serve itself has gone. Its
    data is thrown away with it, so a graceful stop (seconds: gunicorn's, the
    task worker's round) would buy nothing."""
    for process in servers:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    for process in servers:
        process.wait(timeout=10)


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


@pytest.fixture(scope="session")
def live_site_dir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="cliffhanger-e2e-") as tmp:
        yield Path(tmp)


@pytest.fixture(scope="session")
def mailbox(live_site, live_site_dir):
    """Read the emails the live site has sent: a list of (headers+body) texts."""

    def read(*, to: str = "", wait: float = 15.0) -> list[str]:
        deadline = time.monotonic() + wait
        while True:
            mail_dir = live_site_dir / "mail"
            messages = (
                [
                    path.read_text(errors="replace")
                    for path in sorted(mail_dir.glob("*.log"))
                ]
                if mail_dir.exists()
                else []
            )
            found = [m for m in messages if to in m]
            if found or time.monotonic() > deadline:
                return found
            time.sleep(0.3)

    return read


@pytest.fixture(scope="session")
def live_database_env(demo_template, live_site_dir) -> Iterator[dict[str, str]]:
    """DATABASE_URL and REDIS_URL for the live site: none (SQLite) or fresh ones,
    over its copy of the demo (in live_site_dir)."""
    with demo_copy(demo_template, live_site_dir, "cliff_live") as env:
        redis_url = live_redis_url()
        if redis_url:
            env["REDIS_URL"] = redis_url
        yield env


@contextmanager
def running_server(var_dir: Path, env: dict[str, str]) -> Iterator[str]:
    """`manage.py serve` over an already set-up database, until the block ends."""
    with running_servers(var_dir, env, 1) as (base_url,):
        yield base_url


@contextmanager
def running_servers(
    var_dir: Path, env: dict[str, str], count: int
) -> Iterator[list[str]]:
    """`count` nodes of `manage.py serve` over one set-up database, started
    together and stopped together (each start and stop is mostly waiting)."""
    started = []
    try:
        for port in _free_ports(count):
            log_path = var_dir / f"gunicorn-{port}.log"
            with open(log_path, "wb") as log:
                # A session of its own: _stop_all kills its whole group.
                server = serve_process(port, env, log, own_session=True)
                started.append((server, port, log_path))
        deadline = time.monotonic() + STARTUP_TIMEOUT
        for process, port, log_path in started:
            while not _healthy(f"http://127.0.0.1:{port}/healthz"):
                if process.poll() is not None or time.monotonic() > deadline:
                    reason = (
                        f"exited with {process.returncode}"
                        if process.poll() is not None
                        else f"not healthy after {STARTUP_TIMEOUT:.0f} s"
                    )
                    _stop(process)
                    output = log_path.read_text(errors="replace")
                    pytest.fail(
                        f"gunicorn {reason}; its output:\n{output}", pytrace=False
                    )
                time.sleep(0.1)
        yield [f"http://127.0.0.1:{port}" for _, port, _ in started]
    finally:
        _stop_all([process for process, _, _ in started])


@pytest.fixture(scope="session")
def live_site_env(live_site_dir, live_database_env) -> dict[str, str]:
    """The live site's environment: a script run with it works on the site's data."""
    return {**_server_env(live_site_dir), **live_database_env}


@pytest.fixture(scope="session")
def live_site(live_site_env, live_site_dir) -> Iterator[str]:
    """
    Base URL of the site served as `make run` does (`manage.py serve`: gunicorn,
    the task worker and the scheduler, so emails and scheduled work happen for
    real), over a fresh copy of the demo database.
    """
    with running_server(live_site_dir, live_site_env) as base_url:
        yield base_url
