"""
Two app servers on different ports sharing one database and one cache, as
behind a load balancer: the session's live site, and a second server started
here over the same database, cache and secret key. What one does, the other
sees at once: comments, the page cache's invalidations, and the rate limit's
counts. On PostgreSQL they share Redis; on the embedded default, two
`manage.py serve` on one machine share var/ (its SQLite database and cache),
as every process of one `make run` does. A management command writes through
the same cache, so what it changes is never served stale.
"""

import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from cliffhanger.testing.reader import Reader, comment_post_action, form_token
from tests.conftest import _manage, _server_env, running_server

ARTICLE_PATH = "/entertainment/everything-we-know-about-partner-track-season-2/"
# Newest comments first: other tests have filled more than one page of the thread.
NEWEST_FIRST = ARTICLE_PATH + "?csort=newest"
SECOND_SERVER_RATE_LIMIT = 3

SHOW_FILE = (
    Path(__file__).resolve().parents[2]
    / "cliffhanger/tracker/tests/fixtures/show_single.json"
)


@pytest.fixture(scope="module")
def second_server(live_site, live_site_dir, live_database_env):
    # Same var dir: the same secret key file and collected static files.
    env = {
        **_server_env(live_site_dir),
        **live_database_env,
        "DISCUSSION_RATE_LIMIT_PER_MINUTE": str(SECOND_SERVER_RATE_LIMIT),
    }
    with running_server(live_site_dir, env) as base_url:
        yield base_url


def anonymous_get(url: str):
    """
    A first-time reader (no cookies) through the load balancer: both servers
    see the site's one host name, not their own port.
    """
    request = urllib.request.Request(url, headers={"Host": "localhost"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.headers.get("X-Page-Cache"), response.read().decode()


class ProxiedReader(Reader):
    """A reader behind the load balancer, with an address of their own."""

    def __init__(self, base_url: str, address: str):
        super().__init__(base_url, "TwoServers/1.0", address)


def post_comment(reader: Reader, text: str) -> int:
    html = reader.get(ARTICLE_PATH)
    status, _ = reader.post_json(
        comment_post_action(html),
        {"body": text, "author_name": "Pat"},
        form_token(html),
    )
    return status


def test_a_comment_on_one_server_is_on_the_other_at_once(live_site, second_server):
    anonymous_get(live_site + NEWEST_FIRST)
    assert anonymous_get(second_server + NEWEST_FIRST)[0] == "hit"  # one shared cache

    text = f"Seen on both servers {uuid.uuid4().hex}"
    assert post_comment(ProxiedReader(live_site, "198.51.100.20"), text) == 201

    outcome, html = anonymous_get(second_server + NEWEST_FIRST)
    assert outcome == "miss"  # the first server's change dropped the shared copy
    assert text in html


def test_the_rate_limit_counts_across_servers(live_site, second_server):
    # The limit counts per clock minute: start inside one, with time for four
    # posts (about a second) to spare.
    if time.time() % 60 > 54:
        time.sleep(61 - time.time() % 60)
    address = f"198.51.100.{uuid.uuid4().int % 200 + 30}"
    first = ProxiedReader(live_site, address)
    second = ProxiedReader(second_server, address)

    through_first = [
        post_comment(first, f"Burst {n} {uuid.uuid4().hex}") for n in range(3)
    ]
    through_second = post_comment(second, f"One more {uuid.uuid4().hex}")

    assert through_first == [201] * 3  # the live site's own limit is high
    assert through_second == 429  # the second server counted the first one's posts


def test_a_management_command_write_is_seen_by_every_server(
    live_site, live_site_dir, live_database_env, second_server
):
    anonymous_get(live_site + "/shows/")
    outcome, html = anonymous_get(second_server + "/shows/")
    assert outcome == "hit"
    assert "Harbour Lights" not in html

    _manage(
        ["import_shows", str(SHOW_FILE)],
        {**_server_env(live_site_dir), **live_database_env},
    )

    for server in (live_site, second_server):
        outcome, html = anonymous_get(server + "/shows/")
        assert "Harbour Lights" in html
