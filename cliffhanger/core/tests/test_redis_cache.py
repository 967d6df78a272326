"""The Redis cache keeps one client per connection pool instead of one per call."""

import os

import pytest

from cliffhanger.core.redis_cache import ReusingRedisCache

needs_redis = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"),
    reason="needs a Redis (the PostgreSQL and Redis pass)",
)


def test_each_pool_has_one_client_made_once():
    cache = ReusingRedisCache("redis://127.0.0.1:1/0", {})  # no connection is opened

    read = cache._cache.get_client("key")

    assert cache._cache.get_client("other") is read
    assert cache._cache.get_client("key", write=True) is read  # one server: one pool
    assert read.connection_pool is cache._cache._get_connection_pool(False)


def test_readers_and_the_writer_keep_their_own_pools_and_clients():
    cache = ReusingRedisCache("redis://127.0.0.1:1/0,redis://127.0.0.1:2/0", {})

    writer = cache._cache.get_client(write=True)
    reader = cache._cache.get_client()

    assert writer is not reader
    assert writer.connection_pool.connection_kwargs["port"] == 1
    assert reader.connection_pool.connection_kwargs["port"] == 2
    assert cache._cache.get_client() is reader


@needs_redis
def test_a_counter_without_timeout_counts_from_one_never_expires_and_reads_back_as_an_int():
    cache = ReusingRedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "bump-test"})
    cache.delete("n")

    assert [cache.count_up("n"), cache.count_up("n")] == [1, 2]
    assert cache.get("n") == 2
    assert cache._cache.get_client().ttl(cache.make_key("n")) == -1  # no expiry
    cache.delete("n")


@needs_redis
def test_count_up_counts_from_one_and_expires_from_its_first_count():
    cache = ReusingRedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "count-test"})
    cache.delete("n")

    counts = [cache.count_up("n", timeout=120) for _ in range(3)]

    key = cache.make_and_validate_key("n")
    assert counts == [1, 2, 3]
    assert 0 < cache._cache.get_client(key).ttl(key) <= 120
    cache.delete("n")


def test_count_up_in_another_cache_counts_from_one(settings):
    from django.core.cache.backends.locmem import LocMemCache

    from cliffhanger.core.redis_cache import count_up

    cache = LocMemCache("count-up-test", {})

    assert [count_up(cache, "n", timeout=60) for _ in range(3)] == [1, 2, 3]
    assert [count_up(cache, "m") for _ in range(2)] == [1, 2]
