"""Fixtures shared by the integration and browser tests: a real gunicorn server
(two worker processes, as `make run` serves) over an isolated database set up
as `make run` does. Nothing here uses pytest-django's `db`: the server owns its
database and tests talk to it over HTTP.

The database is SQLite in a temporary directory, or, in make test's PostgreSQL
pass (DATABASE_URL is a PostgreSQL URL), a fresh PostgreSQL database created
for the session and dropped after it, with REDIS_URL's server as the cache.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests import processes
from tests.processes import serve_process

REPO_DIR = Path(__file__).resolve().parents[1]
ADMIN_PASSWORD = "e2e-admin-pass"
STARTUP_TIMEOUT = 30.0
SETUP_COMMANDS = [
    ["migrate", "--noinput"],
    ["collectstatic", "--noinput", "--verbosity", "0"],
    ["load_demo"],
    ["ensure_admin"],
]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


def fresh_postgres_database(prefix: str):
    """A new, empty database on DATABASE_URL's server; dropped on the way out."""
    return processes.fresh_postgres_database(postgres_url(), prefix)


def live_redis_url() -> str | None:
    """REDIS_URL's server, on a database number of the live site's own (emptied)."""
    url = os.environ.get("REDIS_URL")
    if not url:
        return None
    import redis

    live_url = urlunsplit(urlsplit(url)._replace(path="/3"))
    redis.Redis.from_url(live_url).flushdb()
    return live_url


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
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
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
def live_database_env() -> Iterator[dict[str, str]]:
    """DATABASE_URL and REDIS_URL for the live site: none (SQLite) or fresh ones."""
    if not postgres_url():
        yield {}
        return
    with fresh_postgres_database("cliff_live") as database_url:
        env = {"DATABASE_URL": database_url}
        redis_url = live_redis_url()
        if redis_url:
            env["REDIS_URL"] = redis_url
        yield env


@contextmanager
def served_site(
    var_dir: Path, extra_env: dict[str, str] | None = None
) -> Iterator[str]:
    """
    Set up a demo database as `make run` does and serve it with `manage.py
    serve` (gunicorn, the task worker and the scheduler, so emails and
    scheduled work happen for real); yields the base URL.
    """
    env = {**_server_env(var_dir), **(extra_env or {})}
    for args in SETUP_COMMANDS:
        _manage(args, env)
    with running_server(var_dir, env) as base_url:
        yield base_url


@contextmanager
def running_server(var_dir: Path, env: dict[str, str]) -> Iterator[str]:
    """`manage.py serve` over an already set-up database, until the block ends."""
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_path = var_dir / f"gunicorn-{port}.log"
    with open(log_path, "wb") as log:
        process = serve_process(port, env, log)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not _healthy(f"{base_url}/healthz"):
            if process.poll() is not None or time.monotonic() > deadline:
                reason = (
                    f"exited with {process.returncode}"
                    if process.poll() is not None
                    else f"not healthy after {STARTUP_TIMEOUT:.0f} s"
                )
                _stop(process)
                output = log_path.read_text(errors="replace")
                pytest.fail(f"gunicorn {reason}; its output:\n{output}", pytrace=False)
            time.sleep(0.2)
        yield base_url
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def live_site_env(live_site_dir, live_database_env) -> dict[str, str]:
    """The live site's environment: a script run with it works on the site's data."""
    return {**_server_env(live_site_dir), **live_database_env}


@pytest.fixture(scope="session")
def live_site(live_site_dir, live_database_env) -> Iterator[str]:
    """Base URL of the site served as `make run` does, over a fresh demo database."""
    with served_site(live_site_dir, live_database_env) as base_url:
        yield base_url
