"""
The servers behind a node going away under a reader and a commenter, on a
PostgreSQL and a Redis of this module's own (initdb'd and started here, so
stopping them touches no other test), one `manage.py serve` over both.

- Redis stopped for six seconds (longer than the cache's retry interval, so a
  retry fails too), with no snapshot to come back from (as docs/deploy.md
  configures it): pages render uncached and comments post, no 500, /healthz
  200 "degraded"; when it returns nothing stale is served.
- PostgreSQL stopped for six seconds (longer than the scheduler's lease):
  readers get 503s with Retry-After,
  never a 500; after it returns `serve` is still up, pages and posts work
  again within seconds, and an article that fell due during the outage is
  published once by the scheduler, which reconnected by itself.

Every comment answered 201 is stored once.
"""

import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from cliffhanger.testing.processes import (
    SCHEDULE,
    PreparedScript,
    database_rows,
    published,
    wait_published,
)
from cliffhanger.testing.reader import Reader, comment_post_action, form_token
from cliffhanger.testing.servers import PG_BIN, PrivatePostgres, PrivateRedis
from tests.conftest import (
    _server_env,
    demo_files_copy,
    postgres_url,
    running_server,
)

ARTICLE_PATH = "/entertainment/everything-we-know-about-partner-track-season-2/"
OUTAGE_SECONDS = 6
REDIS_OUTAGE_SECONDS = 6  # more than cache_failsafe.RETRY_SECONDS
RECOVERY_LIMIT = 10

# In the PostgreSQL + Redis pass of the suite (the default has neither to lose).
pytestmark = pytest.mark.skipif(
    not postgres_url()
    or not os.environ.get("REDIS_URL")
    or PG_BIN is None
    or shutil.which("runuser") is None
    or shutil.which("redis-server") is None
    or os.geteuid() != 0,
    reason="the PostgreSQL + Redis pass, with their binaries and root (to run them)",
)


@pytest.fixture(scope="module")
def own_postgres():
    # Under /tmp itself: pytest's own folders are closed to the postgres user.
    root = Path(tempfile.mkdtemp(prefix="cliff-own-postgres-"))
    server = PrivatePostgres(root)
    server.start()
    try:
        yield server
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            server.stop("immediate")  # thrown away: nothing to write out
        shutil.rmtree(root, ignore_errors=True)


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, OSError):
        return 0  # no answer at all


class Load:
    """A reader and a commenter, each in a loop, every answer recorded."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.stop = threading.Event()
        self.answers: list[tuple[float, str, int]] = []
        self.created: list[str] = []
        self.commenter = Reader(base_url, "Faults/1.0")
        html = self.commenter.get(ARTICLE_PATH)
        self.token, self.action = form_token(html), comment_post_action(html)
        self.threads = [
            threading.Thread(target=self._read, daemon=True),
            threading.Thread(target=self._comment, daemon=True),
        ]

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(30)

    def answered(self, kind: str, *, since: float = 0.0) -> int:
        return sum(1 for t, k, _ in self.answers if k == kind and t > since)

    def wait_answers(self, reads: int, comments: int, *, since: float = 0.0) -> None:
        """Until the load has had that many answers of each kind since then."""
        deadline = time.monotonic() + 30
        while (
            self.answered("read", since=since) < reads
            or self.answered("comment", since=since) < comments
        ):
            assert time.monotonic() < deadline, f"the load stalled: {self.answers}"
            time.sleep(0.05)

    def _read(self):
        while not self.stop.is_set():
            status = _status(f"{self.base_url}{ARTICLE_PATH}?n={time.monotonic()}")
            self.answers.append((time.monotonic(), "read", status))
            time.sleep(0.05)

    def _comment(self):
        number = 0
        while not self.stop.is_set():
            number += 1
            body = f"Through the outage, comment {number} {time.time()}"
            status, _ = self.commenter.post(
                self.action,
                {"body": body, "author_name": "Steady"},
                self.token,
                accept="application/json",
            )
            self.answers.append((time.monotonic(), "comment", status))
            if status == 201:
                self.created.append(body)
            time.sleep(0.2)


@pytest.fixture(scope="module")
def outage_site(own_postgres, tmp_path_factory, demo_template):
    """(server env, base URL, var dir, the Redis) with `serve` running over both,
    on a copy of the session's demo."""
    redis = PrivateRedis()
    redis.start()
    var_dir = tmp_path_factory.mktemp("outages")
    own_postgres.restore(demo_template.database_url)
    demo_files_copy(demo_template, var_dir)
    env = {
        **_server_env(var_dir),
        "DATABASE_URL": own_postgres.url,
        "REDIS_URL": f"redis://127.0.0.1:{redis.port}/0",
        "SCHEDULER_INTERVAL_SECONDS": "1",
        "SCHEDULER_LEASE_SECONDS": "4",
        "WEB_CONCURRENCY": "2",
    }
    try:
        with running_server(var_dir, env) as base_url:
            yield env, base_url, var_dir, redis
    finally:
        if redis.process.poll() is None:
            redis.stop()


def _stored_once(env, bodies: list[str]) -> bool:
    """Every body the site answered 201 for is stored exactly once."""
    marks = ", ".join(["%s"] * len(bodies))
    counts = dict(
        database_rows(
            env,
            f"SELECT body, COUNT(*) FROM discussion_comment WHERE body IN ({marks})"
            " GROUP BY body",
            tuple(bodies),
        )
    )
    return bool(bodies) and all(counts.get(body) == 1 for body in bodies)


def test_redis_stopped_for_six_seconds(outage_site):
    env, base_url, _, redis = outage_site
    with Load(base_url) as load:
        load.wait_answers(reads=10, comments=3)  # under way before the outage
        stopped_at = time.monotonic()
        redis.stop()
        time.sleep(REDIS_OUTAGE_SECONDS / 2)
        health_during = _get(base_url + "/healthz")
        time.sleep(REDIS_OUTAGE_SECONDS / 2)
        redis.start()
        back_at = time.monotonic()
        time.sleep(6)  # the failsafe's retry, then load on a live cache
    body = f"After the cache came back {time.time()}"
    status, _ = load.commenter.post(
        load.action,
        {"body": body, "author_name": "Steady"},
        load.token,
        accept="application/json",
    )
    _, page = _get(f"{base_url}{ARTICLE_PATH}?csort=newest")

    statuses = {status for _, _, status in load.answers}
    during = [s for t, _, s in load.answers if stopped_at < t < back_at]
    assert 500 not in statuses, sorted(statuses)
    assert len(during) > 20 and set(during) <= {200, 201}
    assert health_during[0] == 200
    assert json.loads(health_during[1])["status"] == "degraded"
    assert status == 201 and body in page  # nothing stale after the outage
    assert _stored_once(env, load.created)
    print(f"{len(during)} answers while Redis was away: {sorted(set(during))}")


def test_postgres_stopped_for_six_seconds(outage_site, own_postgres):
    env, base_url, var_dir, _ = outage_site
    with (
        PreparedScript(env, SCHEDULE, "outage", "1", "3") as schedule,
        Load(base_url) as load,
    ):
        load.wait_answers(reads=10, comments=3)  # under way before the outage
        due = json.loads(schedule.run())
        stopped_at = time.monotonic()
        own_postgres.stop()
        time.sleep(OUTAGE_SECONDS)
        own_postgres.start()
        back_at = time.monotonic()
        deadline = back_at + RECOVERY_LIMIT + 20
        while time.monotonic() < deadline:
            recent = [s for t, _, s in load.answers if t > time.monotonic() - 1]
            if recent and all(s in (200, 201) for s in recent):
                break
            time.sleep(0.25)
        recovered_in = time.monotonic() - back_at
        # The scheduler's round under load, and a good deal of load after.
        wait_published(env, due, limit=10)
        load.wait_answers(reads=20, comments=5, since=back_at + recovered_in)

    statuses = {status for _, _, status in load.answers}
    during = [s for t, _, s in load.answers if stopped_at < t < back_at]
    assert 500 not in statuses, sorted(statuses)
    assert 503 in during  # the outage was seen, and answered as one
    assert recovered_in <= RECOVERY_LIMIT, f"{recovered_in:.1f} s to recover"
    after = [s for t, _, s in load.answers if t > back_at + recovered_in]
    assert len(after) > 10 and set(after) <= {200, 201}
    assert _stored_once(env, load.created)
    assert list(published(env, due).values()) == [[True, 1]]
    log = "".join(p.read_text(errors="replace") for p in var_dir.glob("gunicorn-*.log"))
    # Once a minute per web worker (two here), not once per request.
    assert 1 <= log.count("ERROR cliffhanger.outages") <= 2
    assert "Internal Server Error" not in log
    print(
        f"recovered {recovered_in:.1f} s after PostgreSQL returned;"
        f" {len(during)} answers during the outage: {sorted(set(during))}"
    )
