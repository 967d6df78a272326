"""
A cache is an accelerator: losing it must not take the site down. Mixed into
the Redis and embedded backends, this turns an unreachable cache into an empty
one. Every read is a miss, every write is dropped, and a counter counts in
the process's own memory (rate limits fail safe rather than open). Pages then
render uncached. The error is logged once a minute, not once per request.
For RETRY_SECONDS after a failure no call reaches for the server at all, so
a dead Redis costs no connect timeout per request.

A cache whose settings give `OUTAGE_LOCAL_SECONDS` (the default alias: what
Wagtail, Most Popular and the sidebar keep there may lag anyway) keeps what
is written to it meanwhile in this process, for at most that long, so an
outage does not recompute those on every request. The page and fragment
caches never read it while the cache is away (caching.dependencies.
cache_reachable), and the "versions" alias has no stand-in.

When the cache answers again after failing, the callbacks given to
`on_recovery()` run once in that process. The caching layer starts a new
epoch there, so nothing kept before the outage is served after it: the
invalidations dropped meanwhile would otherwise be lost.
"""

import logging
import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from django.core.cache.backends.base import DEFAULT_TIMEOUT

logger = logging.getLogger("cliffhanger.cache")

RETRY_SECONDS = 5.0
STAND_IN_ENTRIES = 2000
LOG_EVERY_SECONDS = 60.0
_MISSING = object()
_recovery_callbacks: list[Callable[[], None]] = []


def on_recovery(callback: Callable[[], None]) -> None:
    """Run `callback` each time a cache in this process answers again after failing."""
    _recovery_callbacks.append(callback)


class FailSafeCacheMixin:
    """Put before the backend class: `class X(FailSafeCacheMixin, RedisCache)`."""

    # The errors that mean "the cache cannot be reached"; set by each backend.
    unreachable_errors: tuple[type[BaseException], ...] = ()

    def __init__(self, *args, **kwargs):
        params = (
            args[-1]
            if args and isinstance(args[-1], dict)
            else kwargs.get("params", {})
        )
        self.outage_local_seconds = float(params.get("OUTAGE_LOCAL_SECONDS", 0))
        super().__init__(*args, **kwargs)

    def _failsafe_state(self) -> dict:
        state = self.__dict__.get("_failsafe")
        if state is None:
            state = self.__dict__["_failsafe"] = {
                "down_until": 0.0,
                "was_down": False,
                "logged_at": 0.0,
                "counters": {},
                "stand_in": OrderedDict(),
                "lock": threading.Lock(),
            }
        return state

    def reachable(self) -> bool:
        """False while the last call failed less than RETRY_SECONDS ago."""
        return time.monotonic() >= self._failsafe_state()["down_until"]

    def _guarded(self, operation: Callable, fallback: Callable):
        state = self._failsafe_state()
        if not self.reachable():
            return fallback()
        try:
            result = operation()
        except self.unreachable_errors as error:
            self._went_down(state, error)
            return fallback()
        if state["was_down"]:
            self._came_back(state)
        return result

    def _went_down(self, state: dict, error: BaseException) -> None:
        now = time.monotonic()
        state["down_until"] = now + RETRY_SECONDS
        state["was_down"] = True
        if now - state["logged_at"] >= LOG_EVERY_SECONDS:
            state["logged_at"] = now
            logger.error(
                "Cache unreachable (%s: %s); serving uncached, retrying every %.0f s",
                type(error).__name__,
                error,
                RETRY_SECONDS,
            )

    def _came_back(self, state: dict) -> None:
        state["was_down"] = False
        state["counters"].clear()
        state["stand_in"].clear()
        logger.warning("Cache reachable again; starting a new cache epoch")
        for callback in _recovery_callbacks:
            try:
                callback()
            except self.unreachable_errors:
                state["was_down"] = True  # down again: try at the next success

    # Django's cache API, each call guarded; what each answers while down.
    def get(self, key, default=None, *args, **kwargs):
        return self._guarded(
            lambda: super(FailSafeCacheMixin, self).get(key, default, *args, **kwargs),
            lambda: self._stand_in_get(key, default),
        )

    def get_many(self, keys, *args, **kwargs):
        return self._pass(
            "get_many",
            lambda: {
                key: value
                for key in keys
                if (value := self._stand_in_get(key, _MISSING)) is not _MISSING
            },
            keys,
            *args,
            **kwargs,
        )

    def has_key(self, key, *args, **kwargs):
        return self._pass(
            "has_key",
            lambda: self._stand_in_get(key, _MISSING) is not _MISSING,
            key,
            *args,
            **kwargs,
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, *args, **kwargs):
        return self._pass(
            "set",
            lambda: self._stand_in_set(key, value, timeout),
            key,
            value,
            timeout,
            *args,
            **kwargs,
        )

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, *args, **kwargs):
        def add_here():
            if self._stand_in_get(key, _MISSING) is not _MISSING:
                return False
            return self._stand_in_set(key, value, timeout)

        return self._pass("add", add_here, key, value, timeout, *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._pass("touch", lambda: False, *args, **kwargs)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, *args, **kwargs):
        def set_here():
            for key, value in data.items():
                self._stand_in_set(key, value, timeout)
            return [] if self.outage_local_seconds else list(data)

        return self._pass("set_many", set_here, data, timeout, *args, **kwargs)

    def delete(self, key, *args, **kwargs):
        return self._pass(
            "delete", lambda: self._stand_in_delete(key), key, *args, **kwargs
        )

    def delete_many(self, keys, *args, **kwargs):
        def delete_here():
            for key in keys:
                self._stand_in_delete(key)

        return self._pass("delete_many", delete_here, keys, *args, **kwargs)

    def clear(self):
        return self._pass("clear", lambda: self._failsafe_state()["stand_in"].clear())

    # While the cache is away: what was written meanwhile, kept in this process.
    def _stand_in_get(self, key, default):
        if not self.outage_local_seconds:
            return default
        state = self._failsafe_state()
        with state["lock"]:
            entry = state["stand_in"].get(key)
            if entry is None or entry[0] <= time.monotonic():
                return default
            return pickle.loads(entry[1])

    def _stand_in_set(self, key, value, timeout) -> bool:
        if not self.outage_local_seconds or timeout == 0:
            return False
        seconds = self.outage_local_seconds
        if timeout not in (None, DEFAULT_TIMEOUT):
            seconds = min(seconds, timeout)
        state = self._failsafe_state()
        data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        with state["lock"]:
            stand_in = state["stand_in"]
            stand_in[key] = (time.monotonic() + seconds, data)
            stand_in.move_to_end(key)
            while len(stand_in) > STAND_IN_ENTRIES:
                stand_in.popitem(last=False)
        return True

    def _stand_in_delete(self, key) -> bool:
        state = self._failsafe_state()
        with state["lock"]:
            return state["stand_in"].pop(key, None) is not None

    def incr(self, key, delta=1, *args, **kwargs):
        return self._pass(
            "incr",
            lambda: self._count_here(key, None, delta),
            key,
            delta,
            *args,
            **kwargs,
        )

    def count_up(self, key: str, timeout: int | None = None) -> int:
        """Add one to a counter, made at 1 if missing (counters.count_up):
        the backend's own count_up_unguarded(), or one in this process while
        the cache is away."""
        return self._guarded(
            lambda: self.count_up_unguarded(key, timeout),
            lambda: self._count_here(key, timeout),
        )

    def count_up_many(self, keys: list[str]) -> None:
        """count_up() for each key (no expiry), in one round trip where the
        backend has count_up_many_unguarded()."""
        bulk = getattr(self, "count_up_many_unguarded", None)
        if bulk is None:
            for key in keys:
                self.count_up(key)
            return
        self._guarded(
            lambda: bulk(keys),
            lambda: [self._count_here(key, None) for key in keys],
        )

    def _pass(self, name: str, fallback: Callable, *args, **kwargs):
        method = getattr(super(), name)
        return self._guarded(lambda: method(*args, **kwargs), fallback)

    def _count_here(self, key: str, timeout: int | None, delta: int = 1) -> int:
        """A counter in this process's memory while the shared one is away."""
        state = self._failsafe_state()
        now = time.monotonic()
        with state["lock"]:
            counters = state["counters"]
            if len(counters) > 10_000:
                counters.clear()
            value, expires = counters.get(key, (0, None))
            if expires is not None and expires <= now:
                value, expires = 0, None
            if expires is None and timeout:
                expires = now + timeout
            counters[key] = (value + delta, expires)
            return value + delta
