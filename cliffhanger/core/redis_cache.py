"""
The Redis cache: django-redis's backend behind the fail-safe mixin, for the
caches and for renditions. Only settings name this module, and only when
REDIS_URL is set: django-redis is the optional `redis` extra, and the embedded
default must import without it (core/counters.py holds the counters every
cache has).

django-redis keeps one redis-py client per connection pool (Django's own
Redis backend built a new client, copying ~340 response callbacks, for every
call: 0.14 ms of CPU each) and measured 8-20% cheaper than our earlier
subclass of Django's backend that reused clients through four private names
(bench/README.md, "Hand-built layers against the libraries").

An unreachable Redis answers as an empty cache (cache_failsafe.py).
"""

from django_redis.cache import RedisCache as DjangoRedisCache

from .cache_failsafe import FailSafeCacheMixin
from .renditions_cache import RenditionsReadMixin


class FailSafeRedisCache(FailSafeCacheMixin, DjangoRedisCache):
    @property
    def unreachable_errors(self):
        import redis  # the optional extra: only when this backend is used

        # django-redis's backend raises redis-py's own errors (a bad command
        # stays a ResponseError, not an outage). BusyLoadingError (a restart
        # reading its snapshot) is a ConnectionError.
        return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)

    def count_up_many_unguarded(self, keys: list[str]) -> None:
        """INCR each key, pipelined: one round trip however many tags a change bumps."""
        pipe = self.client.get_client(write=True).pipeline(transaction=False)
        for key in keys:
            pipe.incr(self.client.make_key(key))
        pipe.execute()

    def count_up_unguarded(self, key: str, timeout: int | None = None) -> int:
        """Add one to a counter, made at 1 if missing: one round trip.

        With `timeout`, a new counter expires that many seconds after it was
        made (SET NX EX, then INCR, pipelined); without, it never expires (INCR
        alone). add() then incr() took two round trips and 1.3x the CPU, and
        incr() calls a missing key an error. django-redis stores integers
        unpickled, so get() reads the counter back as an int.
        """
        key = self.client.make_key(key)
        client = self.client.get_client(write=True)
        if timeout is None:
            return client.incr(key)
        pipe = client.pipeline(transaction=False)
        pipe.set(key, 0, nx=True, ex=timeout)
        pipe.incr(key)
        return pipe.execute()[1]


class RedisRenditionsCache(RenditionsReadMixin, FailSafeRedisCache):
    """Redis, for renditions (core/renditions_cache.py)."""
