"""
Every node runs `manage.py serve`, so every node runs a scheduler and a task
worker: the lease lets one scheduler act at a time, and workers claim each
task. Two nodes over one database (PostgreSQL, or on the default two `serve`
on one machine sharing var/) with ten articles falling due publish each
exactly once, and a follower gets one mail for a status change; then the
node holding the lease is killed with SIGKILL, whole, and an article due
after that still goes live once, within the lease's length and a round.
"""

import contextlib
import json
import os
import signal
import sqlite3
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import (
    _server_env,
    fresh_postgres_database,
    postgres_url,
    running_server,
)
from tests.processes import DEMO_SETUP, children, cmdline, process_tree, run_python

LEASE_SECONDS = 4
INTERVAL_SECONDS = 1
FOLLOWER = "fan-of-two-nodes@example.org"
TAKEOVER_LIMIT = LEASE_SECONDS + INTERVAL_SECONDS + 6  # + start-up and a round

# Draft articles in the demo's first section, each scheduled `delay` seconds
# from now; prints their ids.
SCHEDULE = """
import django, json, sys
django.setup()
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

# A confirmed follower of the first show, and a status change on its season:
# the change's notification is a task that both nodes' workers could take.
FOLLOW_AND_CHANGE = """
import django, sys
django.setup()
from django.utils import timezone
from cliffhanger.tracker.models import Season, ShowFollow
from cliffhanger.tracker.services import season_status_record

season = Season.objects.select_related("show").order_by("pk").first()
ShowFollow.objects.create(show=season.show, email=sys.argv[1], confirmed_at=timezone.now())
season_status_record(season=season, status="renewed", effective_date=timezone.localdate())
"""

GO_LIVE = ("wagtail.publish", "wagtail.publish.scheduled")


@pytest.fixture(scope="module")
def node_env(tmp_path_factory):
    var_dir = tmp_path_factory.mktemp("scheduler-faults")
    env = {
        **_server_env(var_dir),
        "SCHEDULER_LEASE_SECONDS": str(LEASE_SECONDS),
        "SCHEDULER_INTERVAL_SECONDS": str(INTERVAL_SECONDS),
        "WEB_CONCURRENCY": "1",
    }
    if postgres_url():
        with fresh_postgres_database("cliff_sched") as database_url:
            env["DATABASE_URL"] = database_url
            run_python(env, DEMO_SETUP)
            yield var_dir, env
    else:
        run_python(env, DEMO_SETUP)
        yield var_dir, env


def _serve_pid(base_url: str) -> int:
    port = base_url.rsplit(":", 1)[1]
    for pid in children(os.getpid()):
        args = cmdline(pid)
        if "serve" in args and port in args:
            return pid
    raise AssertionError(f"no serve on port {port}")


def _rows(env, sql: str, params: tuple = ()) -> list[tuple]:
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


def _published(env, ids) -> dict[int, list]:
    """For each id: [live, how many times it went live]."""
    found = {pk: [False, 0] for pk in ids}
    marks = ", ".join(["%s"] * len(ids))
    for pk, live in _rows(
        env, f"SELECT id, live FROM wagtailcore_page WHERE id IN ({marks})", tuple(ids)
    ):
        found[pk][0] = bool(live)
    for pk, count in _rows(
        env,
        "SELECT page_id, COUNT(*) FROM wagtailcore_pagelogentry"
        f" WHERE page_id IN ({marks}) AND action IN (%s, %s) GROUP BY page_id",
        (*ids, *GO_LIVE),
    ):
        found[int(pk)][1] = count
    return found


def _wait_published(env, ids, limit: float) -> float:
    """Seconds until every id has gone live (fails after `limit`)."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        # Live, and its log entry written (Wagtail saves the page first).
        if all(live and count for live, count in _published(env, ids).values()):
            return time.monotonic() - started
        time.sleep(0.2)
    pytest.fail(f"not all published after {limit} s: {_published(env, ids)}")


def _lease_holder_pid(env) -> int:
    [(holder,)] = _rows(
        env, "SELECT holder FROM core_lease WHERE name = %s", ("scheduler",)
    )
    return int(holder.split(":")[1])


def _mails_to(var_dir, address: str, *, at_least: int = 0) -> int:
    """Mails to `address` in the file backend's folder, waiting for `at_least`."""
    deadline = time.monotonic() + 20
    while True:
        found = sum(
            path.read_text(errors="replace").count(f"To: {address}")
            for path in (Path(var_dir) / "mail").glob("*")
        )
        if found >= at_least or time.monotonic() > deadline:
            return found
        time.sleep(0.3)


def _healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(base_url + "/healthz", timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def test_two_nodes_publish_once_and_survive_losing_the_lease_holder(node_env):
    var_dir, env = node_env
    with running_server(var_dir, env) as first, running_server(var_dir, env) as second:
        due = json.loads(run_python(env, SCHEDULE, "pair", "10", "4"))
        _wait_published(env, due, limit=30)
        time.sleep(2 * INTERVAL_SECONDS)  # a late second publish would show now

        assert {pk: count for pk, (_, count) in _published(env, due).items()} == {
            pk: 1 for pk in due
        }

        run_python(env, FOLLOW_AND_CHANGE, FOLLOWER)
        assert _mails_to(var_dir, FOLLOWER, at_least=1) == 1
        time.sleep(1.5)  # a second worker's copy would have landed by now
        assert _mails_to(var_dir, FOLLOWER) == 1

        holder = _lease_holder_pid(env)
        nodes = {first: _serve_pid(first), second: _serve_pid(second)}
        doomed = next(url for url, pid in nodes.items() if holder in process_tree(pid))
        survivor = next(url for url in nodes if url != doomed)
        for pid in process_tree(nodes[doomed]):
            os.kill(pid, signal.SIGKILL)
        later = json.loads(run_python(env, SCHEDULE, "later", "1", "1"))
        took = _wait_published(env, later, limit=TAKEOVER_LIMIT)

        assert _published(env, later)[later[0]] == [True, 1]
        assert _lease_holder_pid(env) in process_tree(nodes[survivor])
        assert _healthy(survivor)
    print(f"published after the lease holder was killed: {took:.1f} s")


def test_serve_restarts_a_crashed_scheduler(node_env):
    var_dir, env = node_env
    with running_server(var_dir, env) as base_url:
        serve = _serve_pid(base_url)
        scheduler = next(
            pid for pid in children(serve) if "run_scheduler" in cmdline(pid)
        )
        os.kill(scheduler, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            again = [p for p in children(serve) if "run_scheduler" in cmdline(p)]
            if again and again[0] != scheduler:
                break
            time.sleep(0.2)
        else:
            pytest.fail("the scheduler was not started again")
        assert _healthy(base_url)
        log = Path(var_dir).glob("gunicorn-*.log")
        assert any(
            "scheduler exited with" in p.read_text(errors="replace") for p in log
        )
