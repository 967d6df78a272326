"""
Trust and abuse: junk query strings cannot fill the cache. The attack: 300
requests for a page with random parameters and values, each of which made a
page-cache entry and a kept comment-thread copy of its own (265 MB of Redis).
"""

import secrets

import pytest
from django.core.cache import cache
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from cliffhanger.caching.middleware import query_is_cacheable
from cliffhanger.discussion.tests.factories import make_comment
from cliffhanger.newsroom import slot_parts as newsroom_slot_parts

pytestmark = pytest.mark.usefixtures("page_cache")

ARTICLE = "/entertainment/partner-track-season-2/"


@pytest.fixture
def fragments(fragments, settings):
    settings.FRAGMENT_PROCESS_COPIES_MB = 0  # count what reaches the shared cache


def stored_keys() -> list[str]:
    """Every key the default cache holds, as stored (locmem or Redis)."""
    if hasattr(cache, "_cache") and isinstance(cache._cache, dict):
        return list(cache._cache)
    client = cache.client.get_client()  # django-redis
    return [key.decode() for key in client.scan_iter(match=cache.make_key("*"))]


def kept_keys() -> dict[str, int]:
    keys = stored_keys()
    return {
        kind: sum(f":{kind}:" in key for key in keys)
        for kind in ("pagecache:page", "fragment")
    }


def junk_queries(count: int) -> list[str]:
    kinds = [
        lambda: f"utm_source={secrets.token_hex(8)}",
        lambda: f"cpage={secrets.randbelow(9_000) + 1000}",
        lambda: f"cthread={secrets.randbelow(10**12) + 1}",
        lambda: f"csort={secrets.token_hex(3)}",
        lambda: f"cpage=1&cpage={secrets.randbelow(50)}",
        lambda: f"page={secrets.token_hex(4)}",
        lambda: f"page={secrets.randbelow(9_000) + 2}",  # the article reads no page
        lambda: f"sort={secrets.choice(['title', 'status'])}{secrets.randbelow(99)}",
    ]
    return [kinds[n % len(kinds)]() for n in range(count)]


def test_junk_query_strings_add_no_pages_and_no_thread_copies(
    client, article, fragments, make_poll, monkeypatch
):
    make_comment(article, body="One comment to show")
    make_poll(article=article, options=("Yes", "No"))
    # The sidebar is kept per minute of Most Popular: one minute throughout.
    monkeypatch.setattr(newsroom_slot_parts, "most_popular_period", lambda: 1)
    client.get(ARTICLE)
    baseline = kept_keys()

    statuses = {
        client.get(f"{ARTICLE}?{query}").status_code for query in junk_queries(96)
    }

    assert statuses == {200}
    assert kept_keys() == baseline


@pytest.mark.parametrize(
    "path", ["/?cpage=2", "/?cthread=5", "/shows/?page=3", f"{ARTICLE}?page=2"]
)
def test_a_parameter_the_page_does_not_read_is_not_kept(client, article, path):
    client.get(path)

    assert client.get(path).get("X-Page-Cache") != "hit"


def test_a_page_past_the_last_is_answered_but_not_kept(client, home, article):
    response = client.get("/?page=999")

    assert response.status_code == 200
    assert client.get("/?page=999").get("X-Page-Cache") != "hit"
    client.get("/?page=1")
    assert client.get("/?page=1")["X-Page-Cache"] == "hit"


def test_a_board_filter_put_right_is_not_kept(client, article, netflix, partner_track):
    client.get("/shows/?network=no-such-network")
    client.get("/shows/?network=netflix")

    assert client.get("/shows/?network=no-such-network").get("X-Page-Cache") != "hit"
    assert client.get("/shows/?network=netflix")["X-Page-Cache"] == "hit"


def test_a_thread_that_is_not_there_is_not_kept(client, article):
    root = make_comment(article, body="A real thread")

    for _ in range(2):
        missing = client.get(f"{ARTICLE}?cthread=987654321")
        real = client.get(f"{ARTICLE}?cthread={root.pk}")

    assert missing.get("X-Page-Cache") != "hit"
    assert real["X-Page-Cache"] == "hit"


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["page", "cpage", "csort", "cthread", "sort", "x", ""]),
            st.text(max_size=30),
        ),
        max_size=4,
    )
)
def test_any_query_is_judged_without_an_error(pairs):
    query = QueryDict(mutable=True)
    for name, value in pairs:
        query.appendlist(name, value)

    cacheable = query_is_cacheable(query)  # never raises, whatever the input

    names = [name for name, _ in pairs]
    if {"x", ""} & set(names) or len(names) != len(set(names)):
        assert not cacheable  # an unknown or repeated parameter is never kept
    if any(
        name in ("page", "cpage", "cthread") and not value.isdigit()
        for name, value in pairs
    ):
        assert not cacheable


def test_made_up_addresses_add_no_kept_pieces(
    client, article, fragments, partner_track, monkeypatch
):
    # The sidebar is kept per minute of Most Popular: one minute throughout,
    # or a test that crosses a minute keeps a second sidebar (seen once).
    monkeypatch.setattr(newsroom_slot_parts, "most_popular_period", lambda: 1)
    client.get("/nothing-here/")
    client.get("/shows/nothing-here/")
    baseline = kept_keys()

    paths = [
        f"/{'/'.join(secrets.token_hex(4) for _ in range(depth))}/"
        for depth in (1, 2, 3)
        for _ in range(8)
    ] + [f"/shows/{secrets.token_hex(6)}/" for _ in range(8)]
    statuses = {client.get(path).status_code for path in paths}

    assert statuses == {404}
    assert kept_keys() == baseline
    assert client.get(ARTICLE).status_code == 200
    assert client.get("/shows/partner-track/").status_code == 200
