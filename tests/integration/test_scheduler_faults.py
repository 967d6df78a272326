"""
Every node runs `manage.py serve`, so every node runs a scheduler and a task
worker: the lease lets one scheduler act at a time, and workers claim each
task. Two nodes over one database (PostgreSQL, or on the default two `serve`
on one machine sharing var/) with ten articles falling due publish each
exactly once, and a follower gets one mail for a status change; then the
node holding the lease is killed with SIGKILL, whole, and an article due
after that still goes live once, within the lease's length and a round.
Before that, on the same two nodes (starting them is most of the time), one
node's scheduler is killed and `serve` starts it again.
"""

import json
import os
import signal
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from cliffhanger.testing.processes import (
    SCHEDULE,
    PreparedScript,
    children,
    cmdline,
    database_rows,
    process_tree,
    published,
    run_python,
    wait_published,
)
from tests.conftest import _server_env, demo_copy, running_servers

LEASE_SECONDS = 4
INTERVAL_SECONDS = 1
FOLLOWER = "fan-of-two-nodes@example.org"
TAKEOVER_LIMIT = LEASE_SECONDS + INTERVAL_SECONDS + 6  # + start-up and a round


# A confirmed follower of the first show, and a status change on its season:
# the change's notification is a task that both nodes' workers could take.
FOLLOW_AND_CHANGE = """
import sys
from cliffhanger.manage import django_setup
django_setup()
from django.utils import timezone
from cliffhanger.tracker.models import Season, ShowFollow
from cliffhanger.tracker.services import season_status_record

season = Season.objects.select_related("show").order_by("pk").first()
ShowFollow.objects.create(show=season.show, email=sys.argv[1], confirmed_at=timezone.now())
season_status_record(season=season, status="renewed", effective_date=timezone.localdate())
"""


@pytest.fixture(scope="module")
def node_env(tmp_path_factory, demo_template):
    var_dir = tmp_path_factory.mktemp("scheduler-faults")
    with demo_copy(demo_template, var_dir, "cliff_sched") as database_env:
        env = {
            **_server_env(var_dir),
            **database_env,
            "SCHEDULER_LEASE_SECONDS": str(LEASE_SECONDS),
            "SCHEDULER_INTERVAL_SECONDS": str(INTERVAL_SECONDS),
            "WEB_CONCURRENCY": "1",
        }
        yield var_dir, env


@pytest.fixture(scope="module")
def nodes(node_env):
    """Two nodes over the one database, for the whole module: starting one is
    most of a test's time. The last test kills one of them."""
    var_dir, env = node_env
    with running_servers(var_dir, env, 2) as base_urls:
        yield base_urls


def _serve_pid(base_url: str) -> int:
    port = base_url.rsplit(":", 1)[1]
    for pid in children(os.getpid()):
        args = cmdline(pid)
        if "serve" in args and port in args:
            return pid
    raise AssertionError(f"no serve on port {port}")


def _lease_holder_pid(env) -> int:
    [(holder,)] = database_rows(
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


def test_serve_restarts_a_crashed_scheduler(node_env, nodes):
    var_dir, _ = node_env
    base_url = nodes[0]
    serve = _serve_pid(base_url)
    scheduler = next(pid for pid in children(serve) if "run_scheduler" in cmdline(pid))
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
    assert any("scheduler exited with" in p.read_text(errors="replace") for p in log)


def test_two_nodes_publish_once_and_survive_losing_the_lease_holder(node_env, nodes):
    var_dir, env = node_env
    first, second = nodes
    with (
        PreparedScript(env, FOLLOW_AND_CHANGE, FOLLOWER) as follow_and_change,
        PreparedScript(env, SCHEDULE, "later", "1", "1") as schedule_later,
    ):
        due = json.loads(run_python(env, SCHEDULE, "pair", "10", "2"))
        follow_and_change.run()  # its mail is sent while the articles fall due
        wait_published(env, due, limit=30)
        time.sleep(2 * INTERVAL_SECONDS)  # a late second publish would show now

        assert {pk: count for pk, (_, count) in published(env, due).items()} == {
            pk: 1 for pk in due
        }

        assert _mails_to(var_dir, FOLLOWER, at_least=1) == 1
        time.sleep(1.5)  # a second worker's copy would have landed by now
        assert _mails_to(var_dir, FOLLOWER) == 1

        holder = _lease_holder_pid(env)
        node_pids = {first: _serve_pid(first), second: _serve_pid(second)}
        doomed = next(
            url for url, pid in node_pids.items() if holder in process_tree(pid)
        )
        survivor = next(url for url in node_pids if url != doomed)
        for pid in process_tree(node_pids[doomed]):
            os.kill(pid, signal.SIGKILL)
        later = json.loads(schedule_later.run())
        took = wait_published(env, later, limit=TAKEOVER_LIMIT)

    assert published(env, later)[later[0]] == [True, 1]
    assert _lease_holder_pid(env) in process_tree(node_pids[survivor])
    assert _healthy(survivor)
    print(f"published after the lease holder was killed: {took:.1f} s")
