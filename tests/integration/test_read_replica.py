"""
The read replica router against a real server: the "replica" is a snapshot
copy of the primary that never catches up, so which database a page was read
from shows in what it contains. A reader sees their own comment at once (the
primary, for a few seconds after their write); another reader, reading the
replica, does not; and once the few seconds pass, the writer reads the
replica again.
"""

import sqlite3
import time
import uuid

import pytest

from cliffhanger.testing.reader import Reader, comment_post_action, form_token
from tests.conftest import _server_env, demo_copy, postgres_url, running_server

ARTICLE_PATH = "/entertainment/everything-we-know-about-partner-track-season-2/"
STICKY_SECONDS = 3

pytestmark = pytest.mark.skipif(
    postgres_url() is not None,
    reason="the stale snapshot replica is an SQLite file copy",
)


@pytest.fixture(scope="module")
def site_with_stale_replica(tmp_path_factory, demo_template):
    var_dir = tmp_path_factory.mktemp("replica-site")
    with demo_copy(demo_template, var_dir, "cliff_replica") as database_env:
        env = {**_server_env(var_dir), **database_env}
        replica_path = var_dir / "replica.sqlite3"
        with (
            sqlite3.connect(var_dir / "cliffhanger.sqlite3") as primary,
            sqlite3.connect(replica_path) as replica,
        ):
            primary.backup(replica)
        env["DATABASE_REPLICA_URL"] = f"sqlite:///{replica_path}"
        env["DATABASE_REPLICA_STICKY_SECONDS"] = str(STICKY_SECONDS)
        with running_server(var_dir, env) as base_url:
            yield base_url


def test_readers_see_their_own_write_and_others_read_the_replica(
    site_with_stale_replica,
):
    writer = Reader(site_with_stale_replica, "ReplicaWriter/1.0")
    html = writer.get(ARTICLE_PATH)
    text = f"Replica check {uuid.uuid4().hex}"

    status, data = writer.post_json(
        comment_post_action(html),
        {"body": text, "author_name": "Writer"},
        form_token(html),
    )

    assert status == 201, data
    assert text in writer.get(ARTICLE_PATH)  # read from the primary
    other = Reader(site_with_stale_replica, "ReplicaReader/1.0")
    assert text not in other.get(ARTICLE_PATH)  # read from the stale replica
    # Back on the replica once the few seconds have passed.
    deadline = time.monotonic() + STICKY_SECONDS + 2
    while text in writer.get(ARTICLE_PATH) and time.monotonic() < deadline:
        time.sleep(0.25)
    assert text not in writer.get(ARTICLE_PATH)
