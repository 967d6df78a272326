"""A cache that cannot be reached slows the site down; it never takes it down."""

from datetime import date

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.test import Client

from cliffhanger.core import cache_failsafe
from cliffhanger.core.cache_failsafe import FailSafeCacheMixin
from cliffhanger.core.redis_cache import ReusingRedisCache, add_then_incr, count_up


class Unreachable(ConnectionError):
    pass


class FlakyCache(FailSafeCacheMixin, LocMemCache):
    """Local memory that a test can take away and give back, as Redis stopping would."""

    unreachable_errors = (Unreachable,)
    down = False

    def _check(self):
        if FlakyCache.down:
            raise Unreachable("connection refused")

    def get(self, key, default=None, version=None):
        def operation():
            self._check()
            return LocMemCache.get(self, key, default, version)

        return self._guarded(operation, lambda: default)

    def _pass(self, name, fallback, *args, **kwargs):
        def operation():
            self._check()
            return getattr(LocMemCache, name)(self, *args, **kwargs)

        return self._guarded(operation, fallback)

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
        return ReusingRedisCache("redis://127.0.0.1:1/0", {})

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
        real = cache._cache.get

        def counted(*args, **kwargs):
            attempts.append(1)
            return real(*args, **kwargs)

        monkeypatch.setattr(cache._cache, "get", counted)
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


def test_lagging_values_are_kept_in_the_process_while_the_cache_is_away(
    flaky_cache, monkeypatch
):
    from django.core.cache import cache

    computed = []

    def compute():
        computed.append(1)
        return ["most popular"]

    monkeypatch.setattr(cache_failsafe, "_outage_memos", {})
    FlakyCache.down = True
    cache.get("anything")  # the first failure: the cache is known to be away

    values = [
        cache_failsafe.cached_lagging("popular", compute, 60, cache=cache)
        for _ in range(5)
    ]

    assert values == [["most popular"]] * 5
    assert len(computed) == 1  # not once per request
    bring_back()
    cache_failsafe.cached_lagging("popular", compute, 60, cache=cache)
    cache_failsafe.cached_lagging("popular", compute, 60, cache=cache)
    assert len(computed) == 2  # back to the shared cache: computed, then kept there
