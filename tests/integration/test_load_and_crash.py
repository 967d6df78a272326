"""
Reliability under load, measured against the real server (`manage.py serve`:
gunicorn's two workers with threads, the task worker and the scheduler) over
a fresh demo database of its own: SQLite in a temporary directory, or a new
PostgreSQL database (with its own Redis database number) in make test's
second pass.

1. Load: 32 clients post comments and replies, vote comments and vote in the
   seed article's poll for LOAD_SECONDS. No 5xx, every post answered 201 is
   stored exactly once under the id it was given, nothing else is stored,
   and every counter equals the rows it counts (read straight from the
   database, not through the app). Worker memory afterwards stays under a
   generous bound.
2. Crash: the same load, then SIGKILL to every process of the server at once
   (frozen first, so none of them reacts to another's death). Every comment
   that got its 201 is still there exactly once, the database passes its
   integrity check and the consistency queries, and the restarted server
   serves the article and takes a new comment.

The issue's full 30-second run, with throughput, is bench/load.py.
"""

from __future__ import annotations

import os
import re
import signal
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from cliffhanger.testing.load_clients import (
    comment_counts,
    consistency_problems,
    database_open,
    integrity_report,
    load_comments,
    load_run,
    poll_vote_counts,
    stored_votes,
    target_read,
)
from cliffhanger.testing.processes import children, cmdline, gunicorn_pids, process_tree
from tests.conftest import _server_env, demo_copy, running_server

ARTICLE_PATH = "/entertainment/everything-we-know-about-partner-track-season-2/"
CLIENTS = 32
LOAD_SECONDS = 8.0  # the 30 s is bench/load.py; the suite has a time budget
CRASH_AFTER_SECONDS = 4.0
REDIS_DATABASE = 4  # apart from the suite's (2) and the live site's (3)
# The target is 80 MB of RSS per worker, but the preloaded app alone is
# about 113 MB (bench/results/load.md); this bound only catches a runaway worker.
WORKER_RSS_LIMIT_MB = 250


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory, demo_template):
    """(server environment, database locator) over a fresh demo database."""
    var_dir = tmp_path_factory.mktemp("load-and-crash")
    with demo_copy(demo_template, var_dir, "cliff_load") as database_env:
        env = {**_server_env(var_dir), **database_env}
        redis_url = os.environ.get("REDIS_URL")
        if database_env and redis_url:
            import redis

            own = urlunsplit(urlsplit(redis_url)._replace(path=f"/{REDIS_DATABASE}"))
            redis.Redis.from_url(own).flushdb()
            env["REDIS_URL"] = own
        locator = env.get("DATABASE_URL") or str(var_dir / "cliffhanger.sqlite3")
        yield var_dir, env, locator


@pytest.fixture(scope="module")
def server(demo_database):
    """The server both tests load: the first leaves it running, the second kills it."""
    var_dir, env, _ = demo_database
    with running_server(var_dir, env) as base_url:
        yield base_url


# ----------------------------------------------------------------- the processes


def _serve_process(base_url: str) -> int:
    """This test's `manage.py serve` for that port (running_server started it)."""
    port = str(urlsplit(base_url).port)
    for pid in children(os.getpid()):
        args = cmdline(pid)
        if "serve" in args and port in args:
            return pid
    raise AssertionError(f"no manage.py serve on port {port} among our children")


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no VmRSS for {pid}")


def _kill_whole_server(serve_pid: int) -> list[int]:
    """SIGKILL serve, gunicorn's master and workers, the task worker and scheduler."""
    pids = process_tree(serve_pid)
    for pid in pids:  # frozen first: none of them can react to another's death
        os.kill(pid, signal.SIGSTOP)
    for pid in pids:
        os.kill(pid, signal.SIGKILL)
    return pids


def _wait_dead(pids: list[int]) -> None:
    for pid in pids:
        deadline = time.monotonic() + 10
        while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
            stat = Path(f"/proc/{pid}/stat").read_text(errors="replace")
            if stat.rsplit(")", 1)[1].split()[0] == "Z":
                break  # dead, waiting for its parent (or init) to reap it
            time.sleep(0.05)


# -------------------------------------------------------------------- checks


def _displayed_count(html: str) -> int:
    match = re.search(r"<span data-comment-count>([^<]*)</span>", html)
    return int(re.sub(r"\D", "", match.group(1)))


def _stored_exactly_once(db, outcome) -> tuple[dict[int, str], Counter]:
    stored = load_comments(db, outcome.run)
    by_id = dict(stored)
    markers = Counter(marker for _, marker in stored)
    return by_id, Counter({m: n for m, n in markers.items() if n > 1})


def _assert_votes_and_polls(db, outcome, polls_before) -> None:
    voted = sorted({comment_id for comment_id, _ in outcome.votes})
    expected = {comment_id: [0, 0] for comment_id in voted}
    for (comment_id, _client), value in outcome.votes.items():
        expected[comment_id][0 if value == 1 else 1] += 1
    assert {k: tuple(v) for k, v in expected.items()} == stored_votes(db, voted)
    polls_after = poll_vote_counts(db)
    gained = {
        option: polls_after[option][1] - polls_before[option][1]
        for option in polls_after
        if polls_after[option][1] != polls_before[option][1]
    }
    assert gained == dict(outcome.poll_counted)


def test_load_stores_every_acknowledged_comment_once_and_counts_exactly(
    demo_database, server
):
    _, _, locator = demo_database
    with database_open(locator) as db:
        counts_before = comment_counts(db, ARTICLE_PATH)
        polls_before = poll_vote_counts(db)

    serve_pid = _serve_process(server)
    outcome = load_run(
        target_read(server, ARTICLE_PATH), clients=CLIENTS, seconds=LOAD_SECONDS
    )
    workers_rss = {pid: _rss_mb(pid) for pid in gunicorn_pids(serve_pid)[1]}
    with urllib.request.urlopen(server + ARTICLE_PATH, timeout=30) as response:
        assert response.status == 200

    posts = outcome.count("post")
    print(
        f"\n{posts} posts, {outcome.count('vote')} comment votes, "
        f"{outcome.count('poll')} poll votes in {outcome.wall:.1f} s; "
        f"worker RSS {', '.join(f'{mb:.0f}' for mb in workers_rss.values())} MB"
    )
    assert posts > CLIENTS  # the load really ran
    assert not outcome.server_errors()
    assert not outcome.failures()  # every request answered, and with success
    with database_open(locator) as db:
        by_id, duplicated = _stored_exactly_once(db, outcome)
        assert not duplicated
        assert by_id == outcome.acknowledged  # nothing lost, nothing unacknowledged
        counts_after = comment_counts(db, ARTICLE_PATH)
        assert counts_after["counter"] == counts_after["approved"]
        assert counts_after["counter"] - counts_before["counter"] == posts
        _assert_votes_and_polls(db, outcome, polls_before)
        assert consistency_problems(db) == []
    assert workers_rss and max(workers_rss.values()) < WORKER_RSS_LIMIT_MB


def test_sigkill_mid_load_loses_no_acknowledged_comment(demo_database, server):
    var_dir, env, locator = demo_database
    stop, started = threading.Event(), threading.Event()
    result = {}

    serve_pid = _serve_process(server)
    target = target_read(server, ARTICLE_PATH)
    load = threading.Thread(
        target=lambda: result.update(
            outcome=load_run(
                target,
                clients=CLIENTS,
                seconds=60,  # a bound; the kill ends it
                stop=stop,
                started=started,
            )
        )
    )
    load.start()
    assert started.wait(30)
    time.sleep(CRASH_AFTER_SECONDS)
    killed = _kill_whole_server(serve_pid)
    stop.set()  # requests in flight have lost their answer; send no more
    _wait_dead(killed)
    load.join(60)
    outcome = result["outcome"]

    assert len(killed) >= 5  # serve, gunicorn master, 2 workers, worker, scheduler
    assert len(outcome.acknowledged) > CLIENTS
    assert not outcome.server_errors()
    assert outcome.unanswered  # killed mid-load: some posts lost their answer
    with database_open(locator) as db:
        problems, checked = integrity_report(db)
        assert problems == [], checked
        by_id, duplicated = _stored_exactly_once(db, outcome)
        assert not duplicated
        missing = {i: m for i, m in outcome.acknowledged.items() if by_id.get(i) != m}
        assert not missing  # every 201 survived the kill
        # Anything else stored is a post whose answer the kill cut off.
        assert set(by_id.values()) - set(outcome.acknowledged.values()) <= (
            outcome.unanswered
        )
        assert consistency_problems(db) == []
    print(
        f"\nkilled {len(killed)} processes after {len(outcome.acknowledged)} "
        f"acknowledged posts; {len(outcome.unanswered)} posts unanswered, "
        f"{len(set(by_id.values()) - set(outcome.acknowledged.values()))} of them "
        f"stored; integrity: {checked}"
    )

    with running_server(var_dir, env) as base_url:
        with urllib.request.urlopen(base_url + ARTICLE_PATH, timeout=30) as response:
            assert response.status == 200
            shown = _displayed_count(response.read().decode())
        with database_open(locator) as db:
            assert shown == comment_counts(db, ARTICLE_PATH)["counter"]
        after = load_run(target_read(base_url, ARTICLE_PATH), clients=2, seconds=1)
        assert after.acknowledged and not after.failures()
    with database_open(locator) as db:
        assert dict(load_comments(db, after.run)) == after.acknowledged
        assert consistency_problems(db) == []
