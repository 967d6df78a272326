"""
A cache is an accelerator: losing it must not take the site down. Mixed into
the Redis and embedded backends, this turns an unreachable cache into an empty
one. Every read is a miss, every write is dropped, and a counter counts in
the process's own memory (rate limits fail safe rather than open). Pages then
render uncached. The error is logged once a minute, not once per request.
For RETRY_SECONDS after a failure no call reaches for the server at all, so
a dead Redis costs no connect timeout per request.

When the cache answers again after failing, the callbacks given to
`on_recovery()` run once in that process. The caching layer starts a new
epoch there, so nothing kept before the outage is served after it: the
invalidations dropped meanwhile would otherwise be lost.
"""

import logging
import threading
import time
from collections.abc import Callable

logger = logging.getLogger("cliffhanger.cache")

RETRY_SECONDS = 5.0
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

    def _failsafe_state(self) -> dict:
        state = self.__dict__.get("_failsafe")
        if state is None:
            state = self.__dict__["_failsafe"] = {
                "down_until": 0.0,
                "was_down": False,
                "logged_at": 0.0,
                "counters": {},
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
            lambda: default,
        )

    def get_many(self, *args, **kwargs):
        return self._pass("get_many", dict, *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._pass("has_key", lambda: False, *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._pass("set", lambda: False, *args, **kwargs)

    def add(self, *args, **kwargs):
        return self._pass("add", lambda: False, *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._pass("touch", lambda: False, *args, **kwargs)

    def set_many(self, data, *args, **kwargs):
        return self._pass("set_many", lambda: list(data), data, *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._pass("delete", lambda: False, *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._pass("delete_many", lambda: None, *args, **kwargs)

    def clear(self):
        return self._pass("clear", lambda: None)

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
        """Add one to a counter, made at 1 if missing (redis_cache.count_up):
        the backend's own count_up_unguarded(), or one in this process while
        the cache is away."""
        return self._guarded(
            lambda: self.count_up_unguarded(key, timeout),
            lambda: self._count_here(key, timeout),
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


# Values that may lag by design (Most Popular, the sidebar's highlights) are
# kept in this process while the shared cache is away, for at most this long:
# otherwise an outage recomputes them on every request, and readers get less
# than with the caches switched off.
OUTAGE_MEMO_SECONDS = 30.0
_outage_memos: dict[str, tuple[float, object]] = {}
_outage_memos_lock = threading.Lock()


def cached_lagging(
    key: str, compute: Callable[[], object], seconds: int, *, cache=None
):
    """
    compute()'s value kept under `key` for `seconds` in the shared cache, for
    a value allowed to lag that long. While the cache is unreachable, kept in
    this process instead (at most OUTAGE_MEMO_SECONDS), not computed per request.
    """
    if cache is None:
        from django.core.cache import cache
    if not getattr(cache, "reachable", lambda: True)():
        return _outage_memo(key, compute, min(seconds, OUTAGE_MEMO_SECONDS))
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def _outage_memo(key: str, compute: Callable[[], object], seconds: float):
    now = time.monotonic()
    with _outage_memos_lock:
        entry = _outage_memos.get(key)
    if entry is not None and entry[0] > now:
        return entry[1]
    value = compute()
    with _outage_memos_lock:
        if len(_outage_memos) > 256:
            _outage_memos.clear()
        _outage_memos[key] = (now + seconds, value)
    return value
