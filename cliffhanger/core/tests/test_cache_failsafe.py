"""A cache that cannot be reached slows the site down; it never takes it down."""

from datetime import date

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.test import Client

from cliffhanger.core import cache_failsafe
from cliffhanger.core.cache_failsafe import FailSafeCacheMixin
from cliffhanger.core.counters import add_then_incr, count_up
from cliffhanger.core.redis_cache import FailSafeRedisCache
from cliffhanger.newsroom.models import ArticlePage


class Unreachable(ConnectionError):
    pass


def _breakable(name):
    def operation(self, *args, **kwargs):
        if FlakyCache.down:
            raise Unreachable("connection refused")
        return getattr(LocMemCache, name)(self, *args, **kwargs)

    return operation


class BreakableLocMem(LocMemCache):
    """Local memory whose every call fails while FlakyCache.down, as Redis's would."""


for _name in (
    "get",
    "get_many",
    "has_key",
    "set",
    "add",
    "touch",
    "set_many",
    "delete",
    "delete_many",
    "clear",
    "incr",
):
    setattr(BreakableLocMem, _name, _breakable(_name))


class FlakyCache(FailSafeCacheMixin, BreakableLocMem):
    """Local memory that a test can take away and give back, as Redis stopping would."""

    unreachable_errors = (Unreachable,)
    down = False

    def _check(self):
        if FlakyCache.down:
            raise Unreachable("connection refused")

    def count_up_unguarded(self, key, timeout=None):
        self._check()
        return add_then_incr(_Plain(self), key, timeout)


class _Plain:
    """The locmem cache beneath, for add-then-incr while the flaky one is up."""

    def __init__(self, cache):
        self.add = lambda *a, **k: LocMemCache.add(cache, *a, **k)
        self.incr = lambda *a, **k: LocMemCache.incr(cache, *a, **k)
        self.set = lambda *a, **k: LocMemCache.set(cache, *a, **k)


FLAKY = "cliffhanger.core.tests.test_cache_failsafe.FlakyCache"


@pytest.fixture
def flaky_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": FLAKY, "LOCATION": "flaky-default"},
        "versions": {"BACKEND": FLAKY, "LOCATION": "flaky-versions"},
    }
    settings.PAGE_CACHE_SECONDS = 300
    settings.FRAGMENT_CACHE_SECONDS = 300
    FlakyCache.down = False
    for alias in ("default", "versions"):
        caches[alias].clear()
    yield
    FlakyCache.down = False


def bring_back(alias_names=("default", "versions")):
    """The cache answers again, and the next call finds out at once."""
    FlakyCache.down = False
    for alias in alias_names:
        caches[alias]._failsafe_state()["down_until"] = 0.0


class TestUnreachableRedis:
    @pytest.fixture
    def cache(self):
        # Nothing listens on port 1: every connection is refused at once.
        return FailSafeRedisCache("redis://127.0.0.1:1/0", {})

    def test_reads_miss_writes_drop_and_nothing_raises(self, cache):
        assert cache.get("page", "fallback") == "fallback"
        assert cache.get_many(["a", "b"]) == {}
        assert cache.set("page", "html") is False
        assert cache.add("page", "html") is False
        assert cache.delete("page") is False
        assert not cache.reachable()

    def test_counters_count_in_this_process_meanwhile(self, cache):
        counts = [count_up(cache, "limit:198.51.100.7", timeout=60) for _ in range(3)]

        assert counts == [1, 2, 3]

    def test_after_a_failure_calls_skip_the_server_for_a_while(
        self, cache, monkeypatch
    ):
        attempts = []
        real = cache.client.get

        def counted(*args, **kwargs):
            attempts.append(1)
            return real(*args, **kwargs)

        monkeypatch.setattr(cache.client, "get", counted)
        for _ in range(20):
            cache.get("page")

        assert len(attempts) == 1

    def test_the_error_is_logged_once_not_per_call(self, cache, caplog):
        for _ in range(5):
            cache._failsafe_state()["down_until"] = 0.0  # try the server each time
            cache.get("page")

        logged = [r for r in caplog.records if r.name == "cliffhanger.cache"]
        assert len(logged) == 1 and "Cache unreachable" in logged[0].getMessage()


def test_recovery_runs_the_callbacks_once(flaky_cache, monkeypatch):
    recovered = []
    monkeypatch.setattr(
        cache_failsafe, "_recovery_callbacks", [lambda: recovered.append(1)]
    )
    cache = caches["default"]
    FlakyCache.down = True
    cache.get("page")

    bring_back(["default"])
    cache.get("page")
    cache.get("page")

    assert recovered == [1]


def test_pages_render_and_comments_post_while_the_cache_is_away(
    flaky_cache, article, settings
):
    settings.DISCUSSION_RATE_LIMIT_PER_MINUTE = 2
    FlakyCache.down = True
    reader = Client(enforce_csrf_checks=True)
    reader.get("/csrf-token/")

    def post(n):
        return reader.post(
            f"/comments/post/{article.pk}/",
            {
                "body": f"Posted while the cache is away {n}",
                "author_name": "Kay",
                "csrfmiddlewaretoken": reader.cookies["csrftoken"].value,
            },
        )

    page = reader.get(article.url)
    statuses = [post(n).status_code for n in range(3)]

    assert page.status_code == 200
    assert f"<h1>{article.title}</h1>" in page.text
    assert statuses == [302, 302, 429]  # the limit still holds, in this process


def test_an_editors_write_is_stored_while_the_cache_is_away(
    flaky_cache, season_one, record
):
    FlakyCache.down = True

    change = record(season_one, "renewed", date(2022, 9, 26))

    assert change.pk is not None
    assert season_one.status_changes.count() == 1


def test_nothing_kept_before_an_outage_is_served_after_it(flaky_cache, article):
    from cliffhanger.discussion.services import comment_create

    reader = Client()
    reader.get(article.url)
    assert reader.get(article.url)["X-Page-Cache"] == "hit"

    FlakyCache.down = True
    comment_create(article=article, body="Said during the outage", author_name="Bo")
    during = reader.get(article.url)
    bring_back()
    after = reader.get(article.url)

    assert "Said during the outage" in during.text
    assert after["X-Page-Cache"] == "miss"
    assert "Said during the outage" in after.text


def test_a_page_begun_while_the_cache_was_away_is_not_kept(
    flaky_cache, article, monkeypatch
):
    """The versions it read first were the 0s a failing cache stands in with:
    the page is not kept by them, though the cache answers again before the
    page is drawn."""
    serve = ArticlePage.serve

    def serve_then_recover(self, request, *args, **kwargs):
        response = serve(self, request, *args, **kwargs)
        bring_back()  # drawn (TemplateResponse) with the cache answering
        return response

    monkeypatch.setattr(ArticlePage, "serve", serve_then_recover)
    FlakyCache.down = True

    page = Client().get(article.url)

    assert page.status_code == 200
    assert not [key for key in caches["default"]._cache if "pagecache:page:" in key]


@pytest.fixture
def stand_in(settings, flaky_cache):
    """The flaky default cache keeps writes in the process while away, as in production."""
    settings.CACHES = {
        "default": {
            "BACKEND": FLAKY,
            "LOCATION": "flaky-default",
            "OUTAGE_LOCAL_SECONDS": 30,
        },
        "versions": {"BACKEND": FLAKY, "LOCATION": "flaky-versions"},
    }
    for alias in ("default", "versions"):
        caches[alias].clear()
    yield caches["default"]


class TestTheStandIn:
    def test_writes_while_away_are_read_back_in_this_process(self, stand_in):
        FlakyCache.down = True
        stand_in.get("anything")  # the first failure: the cache is known to be away

        stand_in.set("popular", ["a"], 60)
        stand_in.set_many({"x": 1, "y": 2})
        stand_in.add("x", 99)

        assert stand_in.get("popular") == ["a"]
        assert stand_in.get_many(["x", "y", "z"]) == {"x": 1, "y": 2}
        stand_in.delete("y")
        assert stand_in.get("y", "gone") == "gone"
        # Versions have no stand-in: unknown while away, so nothing kept is used.
        caches["versions"].set("version:comments:1", 5)
        assert caches["versions"].get("version:comments:1") is None

    def test_a_short_timeout_and_the_stand_ins_limit_hold(self, stand_in, monkeypatch):
        FlakyCache.down = True
        stand_in.get("anything")
        clock = [1000.0]
        monkeypatch.setattr(cache_failsafe.time, "monotonic", lambda: clock[0])

        stand_in.set("brief", "value", 5)
        stand_in.set("long", "value", 3600)
        clock[0] += 10

        assert stand_in.get("brief") is None  # its own timeout
        assert stand_in.get("long") == "value"
        clock[0] += 30
        assert stand_in.get("long") is None  # at most OUTAGE_LOCAL_SECONDS

    def test_what_was_kept_meanwhile_goes_when_the_cache_returns(self, stand_in):
        stand_in.set("popular", ["before"], 60)
        FlakyCache.down = True
        stand_in.get("anything")
        stand_in.set("popular", ["during"], 60)

        bring_back()

        assert stand_in.get("popular") == ["before"]  # the shared cache again
        FlakyCache.down = True
        stand_in._failsafe_state()["down_until"] = 1e12
        assert stand_in.get("popular") is None  # nothing left from the last outage

    def test_most_popular_is_worked_out_once_not_per_request(
        self, stand_in, monkeypatch
    ):
        from cliffhanger.newsroom import selectors

        computed = []
        monkeypatch.setattr(
            selectors, "article_most_popular", lambda: computed.append(1) or []
        )
        FlakyCache.down = True
        stand_in.get("anything")

        for _ in range(5):
            selectors.article_most_popular_cached()

        assert len(computed) == 1
