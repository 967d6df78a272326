"""
Counters in any shared cache: Redis's pipelined INCR where the backend has it
(core/redis_cache.py), else add() then incr(); and over_limit(), the one rate
limit every app uses. No backend is imported here, so the embedded default
runs without the optional `redis` extra.
"""

import time


def count_up_many(cache, keys: list[str]) -> None:
    """count_up() for each key, without expiry: one round trip on Redis."""
    if hasattr(cache, "count_up_many"):
        cache.count_up_many(keys)
        return
    for key in keys:
        count_up(cache, key)


def count_up(cache, key: str, timeout: int | None = None) -> int:
    """A counter in any shared cache: Redis's count_up, else add() then incr()."""
    if hasattr(cache, "count_up"):
        return cache.count_up(key, timeout)
    return add_then_incr(cache, key, timeout)


def add_then_incr(cache, key: str, timeout: int | None) -> int:
    """count_up() with any cache's add() and incr(): a new counter is made at
    1 in one write, an existing one takes two or three operations."""
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired or evicted between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


def over_limit(name: str, who: str, *, limit: int, window_seconds: int) -> bool:
    """
    Count one more event of `name` for `who` in the current window of
    `window_seconds` (clock-aligned) in the shared cache; True once the count
    passes `limit`. The one rate limit every app uses.
    """
    from django.core.cache import cache

    window = int(time.time() // window_seconds)
    key = f"limit:{name}:{who}:{window}"
    return count_up(cache, key, timeout=window_seconds * 2) > limit
