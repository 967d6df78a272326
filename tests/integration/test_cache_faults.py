"""
Redis stopped for eight seconds under a reader and a commenter, on a Redis
server of this test's own (so stopping it touches no other test), with no
snapshot to come back from, as docs/deploy.md configures it. While it is away
pages render uncached and comments post: no 500, /healthz says "degraded"
and stays 200. When it returns nothing stale is served: a comment posted
after it is in the next first-time reader's page.
"""

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.conftest import _free_port, _server_env, running_server
from tests.integration.test_database_faults import ARTICLE_PATH, COUNT_BODIES, Load
from tests.integration.test_scheduler_faults import SETUP, _python
from tests.processes import REPO_DIR

OUTAGE_SECONDS = 8

# In the Redis pass of the suite: the default has no cache server to lose.
pytestmark = pytest.mark.skipif(
    not os.environ.get("REDIS_URL") or shutil.which("redis-server") is None,
    reason="the Redis pass, with redis-server installed",
)


class RedisServer:
    def __init__(self):
        self.port = _free_port()
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            ping = subprocess.run(
                ["redis-cli", "-p", str(self.port), "ping"],
                capture_output=True,
                text=True,
                check=False,
            )
            if ping.stdout.strip() == "PONG":
                return
            time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_redis_stopped_for_eight_seconds(tmp_path):
    redis = RedisServer()
    redis.start()
    env = {**_server_env(tmp_path), "REDIS_URL": f"redis://127.0.0.1:{redis.port}/0"}
    _python(env, SETUP)
    try:
        with running_server(tmp_path, env) as base_url:
            with Load(base_url) as load:
                time.sleep(2)
                stopped_at = time.monotonic()
                redis.stop()
                time.sleep(OUTAGE_SECONDS / 2)
                health_during = _get(base_url + "/healthz")
                time.sleep(OUTAGE_SECONDS / 2)
                redis.start()
                back_at = time.monotonic()
                time.sleep(7)  # the failsafe's retry, then load on a live cache
            body = f"After the cache came back {time.time()}"
            status, _ = load.commenter.post(
                load.action,
                {"body": body, "author_name": "Steady"},
                load.token,
                accept="application/json",
            )
            _, page = _get(f"{base_url}{ARTICLE_PATH}?csort=newest")
    finally:
        if redis.process.poll() is None:
            redis.stop()

    statuses = {status for _, _, status in load.answers}
    during = [s for t, _, s in load.answers if stopped_at < t < back_at]
    assert 500 not in statuses, sorted(statuses)
    assert len(during) > 20 and set(during) <= {200, 201}
    assert health_during[0] == 200
    assert json.loads(health_during[1])["status"] == "degraded"
    assert status == 201 and body in page  # nothing stale after the outage
    counts = json.loads(
        subprocess.run(
            [sys.executable, "-c", COUNT_BODIES],
            input=json.dumps(load.created),
            cwd=REPO_DIR,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    assert set(counts.values()) == {1}
    print(f"{len(during)} answers while Redis was away: {sorted(set(during))}")
