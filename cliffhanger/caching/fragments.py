"""
Pieces of pages kept in the shared cache under the versions of the tags they
were built from (dependencies.py): the site and article an address names, the
menu and sidebar, an article's header, body and Read next, a comment thread
page, the blank comment form, the polls. A change that bumps one of those tags
makes every older copy unreachable, so a piece is never shown stale. Pages the
page cache cannot serve (readers with cookies of their own, a `?cpage=` it has
not kept) are then mostly put together from kept parts. Each process also keeps
its last few MB of pieces pickled in front of Redis (ProcessCopies).

Off (every call computes) unless FRAGMENT_CACHE_SECONDS is set, which it is by
default only with REDIS_URL: per-process caches would not see other processes'
invalidations.
"""

import hashlib
import logging
import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import mark_safe

from cliffhanger.core.shared_csrf import holds_a_token

from .dependencies import depends_on, tag_versions_this_request, versions_sure

T = TypeVar("T")
logger = logging.getLogger(__name__)
_MISSING = object()


def remembered(
    name: str,
    *key_parts,
    tags: tuple[str, ...],
    compute: Callable[[], T],
    shared: bool = True,
    keep: Callable[[T], bool] | None = None,
) -> T:
    """
    compute(), once per version of `tags`; the page being rendered depends on
    them too. `shared=False` (a preview, say) computes afresh and keeps
    nothing; a value `keep` turns down is returned but not kept.
    """
    depends_on(*tags)
    if not (settings.FRAGMENT_CACHE_SECONDS and shared):
        return compute()
    versions = tag_versions_this_request(tags, epoch=True)
    if not versions_sure():  # versions unknown: nothing kept is safe to use
        return compute()
    raw = f"{name}:{RELEASE}:{key_parts!r}:{sorted(versions.items())!r}"
    key = "fragment:" + hashlib.sha256(raw.encode()).hexdigest()
    value = process_copies.get(key)
    if value is not _MISSING:
        return value
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        if keep is not None and not keep(value):
            return value
        cache.set(key, value, settings.FRAGMENT_CACHE_SECONDS)
    process_copies.set(key, value)
    return value


def _code_fingerprint() -> str:
    """
    What this release's code and templates hash to: part of every key, so
    pieces rendered by the code before a deploy are not met after it, while
    servers running the same release share theirs.
    """
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).resolve().parent.parent.rglob("*")):
        if (
            path.suffix in (".py", ".html", ".txt", ".js", ".css")
            and "tests" not in path.parts
        ):
            digest.update(str(path.name).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


RELEASE = _code_fingerprint()


class ProcessCopies:
    """
    The last pieces this process used, pickled, in front of the shared cache,
    up to FRAGMENT_PROCESS_COPIES_MB in all. A key names the versions of its
    tags (and the shared cache's epoch, dependencies.py), so a copy here is as
    current as one in Redis; it saves the round trip, which is most of a
    piece's cost. Each use unpickles its own object, as a read from Redis
    would, so no two requests share one.
    """

    def __init__(self):
        self._copies: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        # Keys whose pieces were too big: not pickled again on every use.
        self._too_big: set[str] = set()

    def get(self, key: str, default=_MISSING):
        with self._lock:
            entry = self._copies.get(key)
            if entry is None:
                return default
            if entry[0] < time.monotonic():
                self._drop(key)
                return default
            self._copies.move_to_end(key)
        return pickle.loads(entry[1])

    def set(self, key: str, value) -> None:
        budget = settings.FRAGMENT_PROCESS_COPIES_MB * 1024 * 1024
        if not budget or key in self._too_big:
            return
        data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        if len(data) > budget // 8:  # a long thread's page: Redis keeps it alone
            if len(self._too_big) > 1000:
                self._too_big.clear()
            self._too_big.add(key)
            return
        entry = (time.monotonic() + settings.FRAGMENT_CACHE_SECONDS, data)
        with self._lock:
            if key in self._copies:
                self._drop(key)
            self._copies[key] = entry
            self._bytes += len(data)
            while self._bytes > budget:
                self._drop(next(iter(self._copies)))

    def _drop(self, key: str) -> None:
        self._bytes -= len(self._copies.pop(key)[1])

    def clear(self) -> None:
        with self._lock:
            self._copies.clear()
            self._too_big.clear()
            self._bytes = 0


# The pieces', and shells.py's pages' (which have keys of their own).
process_copies = ProcessCopies()


def versions_read_ahead(*tags: str) -> None:
    """Read the versions of tags a page's pieces will use, in one round trip for all."""
    if settings.FRAGMENT_CACHE_SECONDS:
        tag_versions_this_request(tags, epoch=True)


def remembered_html(
    name: str, *key_parts, tags: tuple[str, ...], render: Callable[[], str], shared=True
) -> str:
    """A rendered piece of HTML, kept as remembered() keeps data; `shared=False`
    (a preview, say) renders afresh and keeps nothing. A piece that came out
    with a reader's CSRF token in it is never kept: it is theirs alone."""
    return mark_safe(
        remembered(
            name,
            *key_parts,
            tags=tags,
            compute=lambda: str(render()),
            shared=shared,
            keep=_has_no_token,
        )
    )


def _has_no_token(html: str) -> bool:
    if holds_a_token(html):
        logger.warning("A shared piece of a page held a CSRF token; not kept")
        return False
    return True
