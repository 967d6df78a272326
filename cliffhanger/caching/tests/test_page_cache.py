"""The full-page cache: who gets cached pages, what they carry, when they go stale."""

import re
import threading
from datetime import date

import pytest
from django.test import Client

from cliffhanger.caching import middleware as page_cache_middleware
from cliffhanger.caching.process_copies import process_copies
from cliffhanger.discussion.services import (
    comment_create,
    comment_feature,
    comment_vote_cast,
)
from cliffhanger.newsroom.tests.factories import ArticlePageFactory
from cliffhanger.predictions.services import poll_vote_cast, season_rate
from cliffhanger.tracker.models import ArticleCoverage

pytestmark = pytest.mark.usefixtures("page_cache")

ARTICLE = "/entertainment/partner-track-season-2/"
OTHER = "/entertainment/other-story/"
SHOW = "/shows/partner-track/"
BOARD = "/shows/"
HOME = "/"


def outcome(client, path) -> str | None:
    return client.get(path).headers.get("X-Page-Cache")


def test_the_second_anonymous_view_is_a_hit_without_queries(
    client, article, django_assert_num_queries
):
    first = client.get(ARTICLE)
    with django_assert_num_queries(0):
        second = client.get(ARTICLE)

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    strip = re.compile(rb'value="[A-Za-z0-9]{64}"')
    assert strip.sub(b"", second.content) == strip.sub(b"", first.content)


@pytest.mark.parametrize(
    "cookie",
    ["sessionid", "cliff_own", "cliff_pending", "cliff_commenter", "cliff_reader"],
)
def test_personal_cookies_always_get_a_fresh_page(client, article, cookie):
    client.get(ARTICLE)
    client.cookies[cookie] = "anything"

    response = client.get(ARTICLE)

    assert "X-Page-Cache" not in response
    assert response["Cache-Control"] == "private, no-cache"


def test_logged_in_readers_get_fresh_pages(client, article, editor):
    client.force_login(editor)
    assert outcome(client, ARTICLE) is None
    assert outcome(client, ARTICLE) is None


def with_csrf_cookie(client) -> str:
    """What form-token.js does for a first-time reader: fetch a token (and the cookie)."""
    response = client.get("/csrf-token/")
    assert response["Cache-Control"].startswith("max-age=0, no-cache, no-store")
    return response.json()["token"]


def post_comment(client, html: str, token: str):
    action = re.search(r'action="(/comments/post/\d+/)', html).group(1)
    return client.post(
        action,
        {
            "body": "Cached pages still take comments.",
            "author_name": "Ana",
            "csrfmiddlewaretoken": token,
        },
    )


def test_a_first_time_reader_gets_a_shareable_page_without_tokens(article):
    Client().get(ARTICLE)  # someone else fills the cache
    reader = Client(enforce_csrf_checks=True)

    response = reader.get(ARTICLE)
    html = response.content.decode()

    assert response["X-Page-Cache"] == "hit"
    assert (
        response["Cache-Control"]
        == "public, max-age=0, s-maxage=60, stale-while-revalidate=60, stale-if-error=3600"
    )
    assert not response.cookies  # nothing personal: a proxy may keep it
    assert "csrfmiddlewaretoken" in html  # the forms' empty token fields
    assert not re.search(r'name="csrfmiddlewaretoken" value="[^"]', html)
    assert "cliffhanger/js/form-token" in html
    refused = post_comment(reader, html, "")
    assert refused.status_code == 403
    assert post_comment(reader, html, with_csrf_cookie(reader)).status_code == 302


def test_a_reader_with_a_csrf_cookie_gets_their_own_token_from_the_cache(article):
    someone = Client()
    with_csrf_cookie(someone)
    someone.get(ARTICLE)  # fills the cache's copy for readers with tokens
    reader = Client(enforce_csrf_checks=True)
    with_csrf_cookie(reader)

    response = reader.get(ARTICLE)
    html = response.content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    assert response["X-Page-Cache"] == "hit"
    assert response["Cache-Control"] == "private, no-cache"
    assert "__cliffhanger_csrf_token__" not in html
    assert post_comment(reader, html, token).status_code == 302


def test_etags_answer_conditional_gets(client, article, other_article):
    first = client.get(HOME)
    etag = first["ETag"]

    again = client.get(HOME, HTTP_IF_NONE_MATCH=etag)
    ArticlePageFactory(parent=other_article.get_parent(), title="Breaking")
    after_change = client.get(HOME, HTTP_IF_NONE_MATCH=etag)

    assert again.status_code == 304 and again["ETag"] == etag
    assert after_change.status_code == 200 and after_change["ETag"] != etag


def test_pages_with_a_readers_tokens_are_private_and_the_rest_public(client, article):
    assert (
        client.get(ARTICLE)["Cache-Control"]
        == "public, max-age=0, s-maxage=60, stale-while-revalidate=60, stale-if-error=3600"
    )
    with_csrf_cookie(client)
    assert client.get(ARTICLE)["Cache-Control"] == "private, no-cache"
    assert (
        client.get(HOME)["Cache-Control"]
        == "public, max-age=0, s-maxage=60, stale-while-revalidate=60, stale-if-error=3600"
    )


def test_only_known_query_parameters_are_cached(client, article):
    assert outcome(client, HOME + "?page=1") == "miss"
    assert outcome(client, HOME + "?page=1") == "hit"
    assert outcome(client, HOME + "?utm_source=x") is None
    assert outcome(client, "/search/?q=partner&utm_source=x") is None


def test_errors_are_not_cached(client, db):
    client.get("/no/such/page/")
    assert outcome(client, "/no/such/page/") is None


# Which change makes which page stale -------------------------------------


PAGES = {"article": ARTICLE, "other": OTHER, "home": HOME, "show": SHOW, "board": BOARD}


@pytest.fixture
def warm(client, article, other_article, season_one):
    ArticleCoverage.objects.create(article=article, show=season_one.show)

    def warm_and_change(change) -> set[str]:
        """Fill the cache, make the change; the names of the pages it made stale."""
        for path in PAGES.values():
            client.get(path)
        assert all(outcome(client, path) == "hit" for path in PAGES.values())
        change()
        return {name for name, path in PAGES.items() if outcome(client, path) != "hit"}

    return warm_and_change


def test_a_comment_refreshes_only_its_article(warm, article):
    stale = warm(
        lambda: comment_create(article=article, body="First!", author_name="Bo")
    )
    assert stale == {"article"}


def test_a_comment_vote_or_pick_refreshes_only_its_article(warm, article):
    comment = comment_create(article=article, body="Good point", author_name="Cy")

    assert warm(
        lambda: comment_vote_cast(
            comment=comment, reader_key="r", address_key="a", value=1
        )
    ) == {"article"}
    assert warm(lambda: comment_feature(comment=comment)) == {"article"}


def test_a_poll_vote_refreshes_its_article(warm, article, make_poll):
    poll = make_poll(article=article)
    option = poll.options.first()

    assert warm(
        lambda: poll_vote_cast(
            poll=poll, option_id=option.pk, reader_key="r", address_key="a"
        )
    ) == {"article"}


def test_a_prediction_vote_also_refreshes_the_board(
    warm, article, season_one, make_poll
):
    poll = make_poll(
        article=article,
        season=season_one,
        show=season_one.show,
        options=(("Yes", "renewed"), ("No", "cancelled")),
    )
    option = poll.options.first()

    stale = warm(
        lambda: poll_vote_cast(
            poll=poll, option_id=option.pk, reader_key="r", address_key="a"
        )
    )

    assert stale == {"article", "show", "board"}


def test_a_rating_refreshes_only_its_show(warm, season_one):
    stale = warm(
        lambda: season_rate(season=season_one, stars=4, reader_key="r", address_key="a")
    )
    assert stale == {"show"}


def test_a_status_change_refreshes_every_page(warm, season_one, record):
    # Every page's sidebar lists the latest status changes.
    stale = warm(lambda: record(season_one, "renewed", date(2026, 11, 1)))
    assert stale == set(PAGES)


def test_an_author_edit_refreshes_every_page(warm, article):
    author = article.article_authors.first().author
    author.name = "Renamed Writer"

    assert warm(author.save) == set(PAGES)


def test_publishing_refreshes_every_page(warm, section):
    stale = warm(
        lambda: (
            ArticlePageFactory(parent=section, title="Fresh news")
            .save_revision()
            .publish()
        )
    )
    assert stale == set(PAGES)


def test_a_hit_carries_every_security_header_a_fresh_page_does(client, article):
    fresh = client.get(ARTICLE)
    hit = client.get(ARTICLE)

    assert hit["X-Page-Cache"] == "hit"
    for header in (
        "X-Frame-Options",
        "Content-Security-Policy",
        "Permissions-Policy",
        "Referrer-Policy",
        "X-Content-Type-Options",
        "Cross-Origin-Opener-Policy",
        "X-Request-ID",
    ):
        assert hit.has_header(header), header
        assert fresh.has_header(header), header


def test_a_page_made_private_is_no_longer_served_from_the_cache(client, article):
    from wagtail.models import PageViewRestriction

    assert client.get(ARTICLE).status_code == 200
    assert outcome(client, ARTICLE) == "hit"

    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="pw"
    )
    response = client.get(ARTICLE)

    assert "X-Page-Cache" not in response or response["X-Page-Cache"] != "hit"
    assert article.title not in response.content.decode()


def test_a_first_time_readers_page_that_handed_out_a_token_is_never_shared(
    client, article, monkeypatch
):
    # As if a template put a token where the placeholder cannot find it.
    monkeypatch.setattr(
        "cliffhanger.core.context_processors.token_deferred", lambda request: False
    )
    first = client.get(ARTICLE)
    stranger = Client().get(ARTICLE)

    assert "csrftoken" in first.cookies
    assert "X-Page-Cache" not in first
    assert "public" not in first.get("Cache-Control", "")
    assert stranger.get("X-Page-Cache") != "hit"


# While the database is away -----------------------------------------------


@pytest.fixture
def database_away(monkeypatch):
    """Pages fail as they do when PostgreSQL is unreachable (core/outages.py)."""
    from django.db import OperationalError
    from django.db.backends.utils import CursorWrapper

    from cliffhanger.newsroom.models import ArticlePage

    def unreachable(*args, **kwargs):
        raise OperationalError("connection to server failed: Connection refused")

    queries = pytest.MonkeyPatch()

    def away():
        monkeypatch.setattr(ArticlePage, "get_context", unreachable)
        # Every query too: a page kept with holes needs none but its holes'.
        queries.setattr(CursorWrapper, "execute", unreachable)
        queries.setattr(CursorWrapper, "executemany", unreachable)

    yield away
    queries.undo()  # before the test's transaction is rolled back


def test_a_kept_page_answers_while_the_database_is_away(article, database_away):
    reader = Client(raise_request_exception=False)
    fresh = reader.get(ARTICLE)
    comment_create(article=article, body="A change", author_name="Di")  # now stale
    database_away()

    response = reader.get(ARTICLE)

    assert response.status_code == 200 and response["X-Page-Cache"] == "stale"
    assert response["Cache-Control"] == "no-cache"
    strip = re.compile(rb'value="[A-Za-z0-9]{64}"')
    assert strip.sub(b"", response.content) == strip.sub(b"", fresh.content)
    assert b"A change" not in response.content  # the copy from before the change


def test_without_a_kept_copy_the_reader_gets_the_503(article, database_away):
    database_away()

    response = Client(raise_request_exception=False).get(ARTICLE)

    assert response.status_code == 503 and response["Retry-After"] == "10"


def test_a_copy_past_its_time_is_made_again_when_the_database_answers(
    client, article, settings, monkeypatch
):
    import time

    client.get(ARTICLE)
    later = time.time() + settings.PAGE_CACHE_SECONDS + 1
    monkeypatch.setattr("cliffhanger.caching.middleware.time.time", lambda: later)

    assert outcome(client, ARTICLE) == "miss"


def _reads(monkeypatch, alias: str) -> list:
    """Record each read call the cache `alias` answers in this thread (a
    get_many() made of get()s, as locmem's is, counts once)."""
    from django.core.cache import caches

    backend, calls, depth = caches[alias], [], [0]

    def recorded(name, original, *args, **kwargs):
        if not depth[0]:
            calls.append(name)
        depth[0] += 1
        try:
            return original(*args, **kwargs)
        finally:
            depth[0] -= 1

    for name in ("get", "get_many"):
        original = getattr(backend, name)
        monkeypatch.setattr(
            backend,
            name,
            lambda *args, _name=name, _original=original, **kwargs: recorded(
                _name, _original, *args, **kwargs
            ),
        )
    return calls


def test_a_hit_reads_only_its_tag_versions_and_takes_the_page_from_this_process(
    client, article, monkeypatch
):
    client.get(ARTICLE)
    assert outcome(client, ARTICLE) == "hit"  # this process has seen the page's tags
    assert outcome(client, ARTICLE) == "hit"  # and copied the page
    page_reads, version_reads = (
        _reads(monkeypatch, "default"),
        _reads(monkeypatch, "versions"),
    )

    assert outcome(client, ARTICLE) == "hit"

    assert (page_reads, version_reads) == ([], ["get_many"])


def test_a_copy_past_its_time_here_gives_way_to_a_fresher_shared_one(client, article):
    """Another process may have kept the page again since this one copied it."""
    page_cache_middleware._tags_last_seen.clear()
    client.get(ARTICLE)
    assert outcome(client, ARTICLE) == "hit"
    assert outcome(client, ARTICLE) == "hit"
    [key] = page_cache_middleware._tags_last_seen
    process_copies.set(key, {**process_copies.get(key), "fresh_until": 0}, 60)

    assert outcome(client, ARTICLE) == "hit"


def test_processes_that_drew_a_page_together_answer_with_the_copy_the_cache_kept(
    client, article
):
    """Two processes miss at once and each keeps its own drawing, the last one
    winning in the shared cache: both then answer with that one (one ETag)."""
    from django.core.cache import cache

    page_cache_middleware._tags_last_seen.clear()
    for _ in range(3):
        client.get(ARTICLE)  # kept, then copied here
    comment_create(article=article, body="A change", author_name="Di")
    client.get(ARTICLE)  # this process draws the page again
    [key] = page_cache_middleware._tags_last_seen
    cache.set(key, {**cache.get(key), "etag": "another-process"}, 300)

    response = client.get(ARTICLE)

    assert response["X-Page-Cache"] == "hit"
    assert response["ETag"] == '"another-process"'


def test_a_page_whose_tags_changed_since_this_process_saw_it_is_checked_against_its_own(
    client, article
):
    page_cache_middleware._tags_last_seen.clear()
    client.get(ARTICLE)
    assert outcome(client, ARTICLE) == "hit"
    [key] = page_cache_middleware._tags_last_seen
    page_cache_middleware._tags_last_seen[key] = ("shows",)  # what it had once

    assert outcome(client, ARTICLE) == "hit"
    assert "articles" in page_cache_middleware._tags_last_seen[key]
    comment_create(article=article, body="A new comment.", author_name="Ada")
    assert outcome(client, ARTICLE) == "miss"  # its own tags went stale


def test_a_change_made_while_a_page_renders_leaves_its_copy_stale(
    client, monkeypatch, season_one
):
    """The copy is kept under the versions read before its data, not after."""
    from cliffhanger.caching.dependencies import invalidate
    from cliffhanger.tracker import views as tracker_views
    from cliffhanger.tracker.cache_rules import TODAY

    board_as_read = tracker_views.show_board

    def board_then_midnight(**kwargs):
        rows = board_as_read(**kwargs)
        # The scheduler, another process, marks the date's turn after the
        # rows were read: a thread of its own, so this request's memo is not told.
        scheduler = threading.Thread(target=invalidate, args=(TODAY,))
        scheduler.start()
        scheduler.join()
        return rows

    monkeypatch.setattr(tracker_views, "show_board", board_then_midnight)
    assert outcome(client, BOARD) == "miss"
    monkeypatch.setattr(tracker_views, "show_board", board_as_read)

    assert outcome(client, BOARD) == "miss"  # made again, with the new day's waits
    assert outcome(client, BOARD) == "hit"


def test_a_search_is_kept_until_what_it_lists_changes(client, section):
    ArticlePageFactory(parent=section, slug="marzipan", title="Marzipan finale")
    search = "/search/?q=marzipan"

    assert outcome(client, search) == "miss"
    assert outcome(client, search) == "hit"
    assert outcome(client, search + "&page=1") == "miss"  # its own address
    ArticlePageFactory(parent=section, slug="marzipan-2", title="Marzipan again")

    response = client.get(search)
    assert response.headers["X-Page-Cache"] == "miss"
    assert "<mark>Marzipan</mark> again" in response.text


@pytest.mark.parametrize(
    "query",
    [
        "q=" + "word " * 30,
        "q=%3Cscript%3E",
        "q=a&q=b",
        "q=x&page=99999",
        "q=Marzipan,%20finale!",  # the words are kept once, as searched
        "q=!!!&page=2",
    ],
)
def test_a_search_the_page_cache_cannot_bound_is_answered_fresh(client, section, query):
    client.get(f"/search/?{query}")

    assert outcome(client, f"/search/?{query}") is None


def test_a_page_that_changes_data_as_it_renders_is_not_kept(
    client, monkeypatch, season_one
):
    from cliffhanger.caching.dependencies import invalidate
    from cliffhanger.tracker import views as tracker_views
    from cliffhanger.tracker.cache_rules import TODAY

    board_as_read = tracker_views.show_board

    def board_and_a_change(**kwargs):
        rows = board_as_read(**kwargs)
        invalidate(TODAY)  # in this request, after its rows were read
        return rows

    monkeypatch.setattr(tracker_views, "show_board", board_and_a_change)
    assert outcome(client, BOARD) is None  # answered, not kept
    monkeypatch.setattr(tracker_views, "show_board", board_as_read)

    assert outcome(client, BOARD) == "miss"


def test_a_change_between_a_pages_first_read_and_its_tags_leaves_it_stale(
    client, monkeypatch, article
):
    """The author is read before anything else on its page; a change landing
    right after that read must not be kept as current."""
    from cliffhanger.caching.dependencies import invalidate
    from cliffhanger.newsroom import views as newsroom_views
    from cliffhanger.newsroom.tests.factories import AuthorFactory

    AuthorFactory(name="Ada Reporter", slug="ada")
    author_as_read = newsroom_views.author_get_by_slug

    def author_then_an_edit(**kwargs):
        author = author_as_read(**kwargs)
        editor = threading.Thread(target=invalidate, args=("articles",))
        editor.start()
        editor.join()
        return author

    assert outcome(client, "/author/ada/") == "miss"
    assert outcome(client, "/author/ada/") == "hit"
    invalidate("articles")
    monkeypatch.setattr(newsroom_views, "author_get_by_slug", author_then_an_edit)
    assert outcome(client, "/author/ada/") == "miss"
    monkeypatch.setattr(newsroom_views, "author_get_by_slug", author_as_read)

    assert outcome(client, "/author/ada/") == "miss"


@pytest.mark.parametrize("feed", ["/comments/feed/", "/comments/feed/atom/"])
def test_the_comments_feed_is_kept_and_a_new_comment_leaves_it_stale(
    client, article, feed
):
    """Under /comments/, which is never cached, but the same for every reader."""
    comment_create(article=article, body="First thoughts.", author_name="Ada")
    client.get(feed)
    assert outcome(client, feed) == "hit"

    comment_create(article=article, body="Second thoughts.", author_name="Bo")
    response = client.get(feed)

    assert response["X-Page-Cache"] == "miss"
    assert b"Second thoughts." in response.content


@pytest.mark.parametrize(
    "path, never",
    [
        ("/comments/5/edit/", True),
        ("/comments/moderate/a-token/", True),
        ("/comments/post/9/", True),
        ("/comments/feed/", False),
        ("/comments/feed/article/9/atom/", False),
        ("/entertainment/", False),
    ],
)
def test_only_the_comments_feeds_are_shared_under_comments(path, never):
    from cliffhanger.core.shared_csrf import never_shared

    assert never_shared(path) is never
