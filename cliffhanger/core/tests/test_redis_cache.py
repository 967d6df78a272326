"""The Redis cache: django-redis behind the fail-safe mixin, and its counters."""

import os

import pytest

pytest.importorskip("django_redis")

from cliffhanger.core.redis_cache import FailSafeRedisCache  # noqa: E402

needs_redis = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"),
    reason="needs a Redis (the PostgreSQL and Redis pass)",
)


def test_each_pool_has_one_client_made_once():
    cache = FailSafeRedisCache("redis://127.0.0.1:1/0", {})  # no connection is opened

    read = cache.client.get_client(write=False)

    assert cache.client.get_client(write=False) is read
    assert cache.client.get_client(write=True) is read  # one server: one client


@needs_redis
def test_a_counter_without_timeout_counts_from_one_never_expires_and_reads_back_as_an_int():
    cache = FailSafeRedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "bump-test"})
    cache.delete("n")

    assert [cache.count_up("n"), cache.count_up("n")] == [1, 2]
    assert cache.get("n") == 2
    assert cache.ttl("n") is None  # django-redis: no expiry
    cache.delete("n")


@needs_redis
def test_count_up_counts_from_one_and_expires_from_its_first_count():
    cache = FailSafeRedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "count-test"})
    cache.delete("n")

    counts = [cache.count_up("n", timeout=120) for _ in range(3)]

    assert counts == [1, 2, 3]
    assert 0 < cache.ttl("n") <= 120
    assert cache.get("n") == 3
    cache.delete("n")


@needs_redis
def test_a_bad_command_is_an_error_not_an_outage():
    """A wrong-type reply raises; only a lost server makes the cache fail safe."""
    import redis

    cache = FailSafeRedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "type-test"})
    cache.client.get_client(write=True).lpush(cache.make_key("listed"), "x")

    with pytest.raises(redis.exceptions.ResponseError):
        cache.incr("listed")
    with pytest.raises(redis.exceptions.ResponseError):
        cache.count_up("listed")

    assert cache.reachable()
    cache.delete("listed")


def test_count_up_in_another_cache_counts_from_one(settings):
    from django.core.cache.backends.locmem import LocMemCache

    from cliffhanger.core.counters import count_up

    cache = LocMemCache("count-up-test", {})

    assert [count_up(cache, "n", timeout=60) for _ in range(3)] == [1, 2, 3]
    assert [count_up(cache, "m") for _ in range(2)] == [1, 2]


@needs_redis
def test_count_up_many_bumps_every_key_in_one_round_trip(monkeypatch):
    from cliffhanger.core.counters import count_up_many

    cache = FailSafeRedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "many-test"})
    cache.delete_many(["a", "b"])
    cache.set("b", 4, timeout=None)
    client = cache.client.get_client(write=True)
    commands = []
    monkeypatch.setattr(
        type(client),
        "execute_command",
        lambda self, *args, **kwargs: commands.append(args[0]),
    )  # a pipeline sends its commands without execute_command

    count_up_many(cache, ["a", "b"])

    assert commands == []
    monkeypatch.undo()
    assert cache.get_many(["a", "b"]) == {"a": 1, "b": 5}
    assert cache.ttl("a") is None
    cache.delete_many(["a", "b"])


def test_count_up_many_in_another_cache_counts_each_key():
    from django.core.cache.backends.locmem import LocMemCache

    from cliffhanger.core.counters import count_up_many

    cache = LocMemCache("count-up-many-test", {})
    count_up_many(cache, ["a", "b"])
    count_up_many(cache, ["b"])

    assert cache.get_many(["a", "b"]) == {"a": 1, "b": 2}
