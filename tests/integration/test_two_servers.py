"""
Two app servers on different ports sharing one PostgreSQL database and one
Redis, as behind a load balancer: the session's live site, and a second
server started here over the same database, cache and secret key. What one
does, the other sees at once: comments, the page cache's invalidations, and
the rate limit's counts. (PostgreSQL pass only: SQLite is one machine's file.)
"""

import time
import urllib.request
import uuid

import pytest

from tests.conftest import _server_env, postgres_url, running_server
from tests.reader import Reader, comment_post_action, form_token

ARTICLE_PATH = "/entertainment/everything-we-know-about-partner-track-season-2/"
# Newest comments first: other tests have filled more than one page of the thread.
NEWEST_FIRST = ARTICLE_PATH + "?csort=newest"
SECOND_SERVER_RATE_LIMIT = 3

pytestmark = pytest.mark.skipif(
    postgres_url() is None,
    reason="needs PostgreSQL and Redis (make test's second pass)",
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
        super().__init__(base_url, "TwoServers/1.0")
        self.opener.addheaders = [("X-Forwarded-For", address)]


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
    # The limit counts per clock minute: start well inside one.
    if time.time() % 60 > 45:
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
