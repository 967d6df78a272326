"""
Each process's copies of what it last read from the shared cache: the pieces
(fragments.py), the kept pages with holes (shells.py) and the page cache's
answers (middleware.py). A copy is used only while it was made under the
versions the request reads (dependencies.py), so it saves a read of the
shared cache and never shows what a change has made stale.
"""

import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache

MISSING = object()


class ProcessCopies:
    """
    The last pieces and pages this process used, pickled, in front of the
    shared cache, up to FRAGMENT_PROCESS_COPIES_MB in all. A piece's key names
    the versions of its tags (and the shared cache's epoch, dependencies.py),
    a page's entry carries them (current_entry), so a copy used is as current
    as the shared one; it saves the read, which is most of a piece's cost.
    Each use unpickles its own object, as a read from Redis would, so no two
    requests share one, unless it was kept `as_is` (set()).
    """

    def __init__(self):
        # key -> (until, size, the pickle or (as_is) the object, as_is)
        self._copies: OrderedDict[str, tuple[float, int, object, bool]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        # Keys whose pieces were too big: not pickled again on every use.
        self._too_big: set[str] = set()

    def get(self, key: str, default=MISSING):
        with self._lock:
            entry = self._copies.get(key)
            if entry is None:
                return default
            if entry[0] < time.monotonic():
                self._drop(key)
                return default
            self._copies.move_to_end(key)
        _, _, kept, as_is = entry
        return kept if as_is else pickle.loads(kept)

    def set(
        self, key: str, value, seconds: float | None = None, *, as_is: bool = False
    ) -> None:
        """
        Copy `value` for `seconds` (FRAGMENT_CACHE_SECONDS, a piece's time, by
        default). `as_is` keeps the object itself, handed to every get(): for
        values no request changes, whose unpickling costs more than it buys
        (the request's site and the page its address names, 7% of an
        uncached article). Its pickle's size stands for it in the budget; the
        object itself may grow past it (StreamField blocks made as it is read).
        """
        if seconds is None:
            seconds = settings.FRAGMENT_CACHE_SECONDS
        budget = settings.FRAGMENT_PROCESS_COPIES_MB * 1024 * 1024
        if not budget or key in self._too_big:
            return
        data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        if len(data) > budget // 8:  # a long thread's page: Redis keeps it alone
            if len(self._too_big) > 1000:
                self._too_big.clear()
            self._too_big.add(key)
            return
        entry = (time.monotonic() + seconds, len(data), value if as_is else data, as_is)
        with self._lock:
            if key in self._copies:
                self._drop(key)
            self._copies[key] = entry
            self._bytes += len(data)
            while self._bytes > budget:
                self._drop(next(iter(self._copies)))

    def _drop(self, key: str) -> None:
        self._bytes -= self._copies.pop(key)[1]

    def clear(self) -> None:
        with self._lock:
            self._copies.clear()
            self._too_big.clear()
            self._bytes = 0


# The pieces', shells.py's kept pages' and the page cache's answers' (each
# with keys of their own), within one budget.
process_copies = ProcessCopies()


def current_entry(
    key: str, is_current: Callable[[dict], bool], seconds: Callable[[dict], float]
) -> dict | None:
    """
    The entry kept under `key`: this process's copy if `is_current` says it
    is, else the shared cache's, copied here for `seconds(entry)` when it is
    current itself. An entry says what it was made from (its tags' versions).
    Only what the shared cache holds is copied, so every process answers with
    the same entry (and ETag) while it lasts.
    """
    entry = process_copies.get(key, None)
    if entry is not None and is_current(entry):
        return entry
    entry = cache.get(key)
    if not entry:
        return None
    if is_current(entry):
        process_copies.set(key, entry, seconds(entry))
    return entry


class TagsLastSeen(dict):
    """
    The tags each kept entry had when this process last read it, so the next
    request can read their versions before the entry itself, and take the
    entry from its process copy when they match. Emptied when full: hot
    entries return.
    """

    LIMIT = 4096

    def get(self, key: str, default=()) -> tuple[str, ...]:
        return super().get(key, default)

    def remember(self, key: str, tags) -> None:
        if len(self) >= self.LIMIT:
            self.clear()
        self[key] = tuple(tags)
