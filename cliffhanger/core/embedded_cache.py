"""
The shared cache of the embedded default (no REDIS_URL): diskcache's Django
backend, a few SQLite files under var/cache/ that every process of `make run`
(the gunicorn workers, the task worker, the scheduler, a management command)
opens, so a change made in one is seen by all of them on their next read, and
nothing is lost when a worker restarts.

Three differences from diskcache's own backend:
- Its connections stay open across requests. Django closes every cache at the
  end of each request (a no-op for Redis's pools); reopening the SQLite files
  and reading their settings cost more than the reads they serve. diskcache
  reopens by itself in a forked child, so this is fork-safe.
- Reads wait out a busy database instead of answering "missing": diskcache's
  get() gives up after 10 ms by default, and a tag version read as missing is
  version 0, a wrong answer rather than a slow one.

A cache it cannot use (a full disk, say) answers as an empty one
(cache_failsafe.py).
"""

import sqlite3

from diskcache import DjangoCache, Timeout

from .cache_failsafe import FailSafeCacheMixin
from .counters import add_then_incr
from .private_apis import diskcache_keys_by_shard, diskcache_read_many

_MISSING = object()


class ShardReadsCache(DjangoCache):
    """diskcache's backend with get_many() as one read per shard."""

    def get_many(self, keys, version=None):
        made = {self.make_key(key, version=version): key for key in keys}
        found = {}
        for shard, shard_keys in diskcache_keys_by_shard(self, made).items():
            try:
                values = diskcache_read_many(shard, shard_keys)
            except sqlite3.OperationalError:  # busy: get() waits it out
                values = None
            if values is None:
                values = {
                    key: value
                    for key in shard_keys
                    if (value := shard.get(key, _MISSING, retry=True)) is not _MISSING
                }
            found.update((made[key], value) for key, value in values.items())
        return found


class EmbeddedCache(FailSafeCacheMixin, ShardReadsCache):
    # A full disk, a removed or unreadable folder: an empty cache, not a 500.
    unreachable_errors = (sqlite3.DatabaseError, OSError, Timeout)

    def get(self, key, default=None, version=None, **kwargs):
        kwargs.setdefault("retry", True)
        return super().get(key, default, version, **kwargs)

    def has_key(self, key, version=None):
        return self.get(key, _MISSING, version=version) is not _MISSING

    def count_up_unguarded(self, key: str, timeout: int | None = None) -> int:
        """Add one to a counter, made at 1 if missing (counters.count_up's contract).

        Without a timeout it is one atomic statement (diskcache's incr with a
        default); with one, add() then incr(), since incr() would make a
        missing counter that never expires.
        """
        if timeout is None:
            return DjangoCache.incr(self, key, default=0)
        return add_then_incr(_Backend(self), key, timeout)

    def count_up_many_unguarded(self, keys: list[str]) -> None:
        """count_up_unguarded() for each key, in one transaction per shard:
        a comment's post bumps two tag versions twice, and each transaction
        is a write of the cache's file."""
        made = [self.make_key(key) for key in keys]
        for shard, shard_keys in diskcache_keys_by_shard(self, made).items():
            with shard.transact(retry=True):
                for key in shard_keys:
                    shard.incr(key, default=0, retry=True)

    def close(self, **kwargs):
        """Kept open: see the module docstring."""


class _Backend:
    """The cache's own add(), incr() and set(), beneath the fail-safe guards.
    count_up_unguarded() runs inside one guard: a guarded add() there would
    answer from the stand-in on a failure and end the outage at once."""

    def __init__(self, cache: EmbeddedCache):
        backend = super(FailSafeCacheMixin, cache)
        self.add, self.incr, self.set = backend.add, backend.incr, backend.set
