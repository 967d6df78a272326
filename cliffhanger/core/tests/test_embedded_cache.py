"""The embedded default's shared cache: what one process writes, another reads."""

import multiprocessing
import time

import pytest

from cliffhanger.core.counters import count_up, count_up_many
from cliffhanger.core.embedded_cache import EmbeddedCache
from cliffhanger.core.private_apis import diskcache_keys_by_shard


def open_cache(directory, **params) -> EmbeddedCache:
    return EmbeddedCache(str(directory), params)


@pytest.fixture
def cache_dir(tmp_path):
    return tmp_path / "cache"


def test_a_value_set_through_one_opening_is_read_through_another(cache_dir):
    first, second = open_cache(cache_dir), open_cache(cache_dir)

    first.set("page", {"html": b"<p>hello</p>"}, 60)

    assert second.get("page") == {"html": b"<p>hello</p>"}
    assert second.get_many(["page", "absent"]) == {"page": {"html": b"<p>hello</p>"}}
    assert second.has_key("page") and not second.has_key("absent")


def test_count_up_without_timeout_starts_at_one_and_never_expires(cache_dir):
    cache = open_cache(cache_dir)

    assert [count_up(cache, "tag") for _ in range(3)] == [1, 2, 3]
    assert cache.get("tag") == 3


def test_count_up_with_timeout_starts_again_after_it(cache_dir):
    cache = open_cache(cache_dir)

    assert count_up(cache, "limit", timeout=1) == 1
    assert count_up(cache, "limit", timeout=1) == 2
    time.sleep(1.1)

    assert count_up(cache, "limit", timeout=1) == 1


def exit_codes_of_three(target, cache_dir, times: int) -> list[int]:
    """Three processes of their own run target(directory, times) at once."""
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=target, args=(str(cache_dir), times)) for _ in range(3)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    return [worker.exitcode for worker in workers]


def _count_many(directory: str, times: int) -> None:
    cache = open_cache(directory)
    for _ in range(times):
        count_up(cache, "shared", timeout=60)
        count_up(cache, "durable")


def test_counts_from_several_processes_all_add_up(cache_dir):
    assert exit_codes_of_three(_count_many, cache_dir, 200) == [0, 0, 0]

    cache = open_cache(cache_dir)
    assert cache.get("shared") == 600
    assert cache.get("durable") == 600


def _count_many_at_once(directory: str, times: int) -> None:
    cache = open_cache(directory, SHARDS=4)
    for _ in range(times):
        count_up_many(cache, ["tag:a", "tag:b", "tag:c"])


def test_counting_many_at_once_from_several_processes_adds_up(cache_dir):
    """One transaction per shard, each key made at 1 and never expiring."""
    assert exit_codes_of_three(_count_many_at_once, cache_dir, 100) == [0, 0, 0]

    cache = open_cache(cache_dir, SHARDS=4)
    assert cache.get_many(["tag:a", "tag:b", "tag:c"]) == {
        "tag:a": 300,
        "tag:b": 300,
        "tag:c": 300,
    }
    assert (
        len(
            diskcache_keys_by_shard(
                cache,
                [
                    cache.make_key("tag:a"),
                    cache.make_key("tag:b"),
                    cache.make_key("tag:c"),
                ],
            )
        )
        > 1
    )
    for key in ("tag:a", "tag:b", "tag:c"):  # (value, expire_time): never expires
        assert cache._cache.get(cache.make_key(key), expire_time=True) == (300, None)


def test_closing_after_a_request_keeps_the_cache_usable(cache_dir):
    cache = open_cache(cache_dir)
    cache.set("kept", 1)

    cache.close()  # what Django does at the end of every request

    assert cache.get("kept") == 1


def test_the_size_limit_drops_the_oldest_pages(cache_dir):
    cache = open_cache(cache_dir, SHARDS=1, OPTIONS={"size_limit": 200_000})
    for number in range(40):
        cache.set(f"page{number}", b"x" * 20_000, 300)

    assert cache.get("page39") is not None
    assert cache.get("page0") is None
    assert cache._cache.volume() < 400_000


def test_get_many_answers_as_get_does_for_each_key(cache_dir):
    cache = open_cache(cache_dir, SHARDS=4)
    values = {
        "number": 7,
        "text": "words",
        "page": {"html": b"x" * 100_000},  # kept in a file of its own
        "none": None,
    }
    for key, value in values.items():
        cache.set(key, value, 60)
    cache.set("gone", 1, 60)
    cache.delete("gone")
    cache.set("old", 1, 1)
    cache.set("other-version", 1, 60, version=2)
    time.sleep(1.1)  # "old" expires
    wanted = [*values, "gone", "old", "other-version", "never"]

    answer = cache.get_many(wanted)

    assert answer == {
        key: value
        for key in wanted
        if (value := cache.get(key, "missing")) != "missing"
    }
    assert answer == values
    assert cache.get_many(["other-version"], version=2) == {"other-version": 1}


def test_get_many_reads_a_shard_in_one_statement(cache_dir, monkeypatch):
    cache = open_cache(cache_dir, SHARDS=1)
    for n in range(6):
        cache.set(f"tag:{n}", n, None)
    statements = []
    shard = next(iter(diskcache_keys_by_shard(cache, [cache.make_key("tag:0")])))
    shard._con.set_trace_callback(statements.append)

    assert cache.get_many([f"tag:{n}" for n in range(6)]) == {
        f"tag:{n}": n for n in range(6)
    }
    assert len([s for s in statements if s.startswith("SELECT")]) == 1


def test_a_failing_disk_keeps_counting_here_and_stays_down(cache_dir, monkeypatch):
    """A limit's counter while the files fail: counted in this process, one
    by one, and the outage lasts until the cache answers again."""
    import sqlite3

    from diskcache import DjangoCache

    cache = open_cache(cache_dir)

    def failing(self, *args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(DjangoCache, "add", failing)

    assert [count_up(cache, "limit", timeout=60) for _ in range(3)] == [1, 2, 3]
    assert not cache.reachable()
