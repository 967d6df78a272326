"""
What a cached page was built from, as tags such as "page:12", "comments:12",
"show:3" or "articles". Code that reads data for a page declares its tags with
`depends_on`; a change bumps the tag's version with `invalidate`, and every
cached page holding an older version of that tag is stale from then on. The
versions live in the shared cache, so one server's change is seen by all.
"""

import functools
import secrets
from contextvars import ContextVar

from django.core.cache import caches
from django.db import transaction

from cliffhanger.core.bounded_memo import BoundedMemo
from cliffhanger.core.counters import count_up_many
from cliffhanger.core.request_memo import (
    per_request,
    per_request_existing,
    request_path,
)

VERSION_KEY = "pagecache:tag:{}"
# Tag versions a request has read for its fragments (fragments.py), so a page
# of several pieces reads them in one round trip.
_REQUEST_VERSIONS = "caching:tag_versions"
# Set once a version this request read was the 0 a failing cache stands in with.
_VERSIONS_UNSURE = "caching:tag_versions_unsure"
EPOCH = "epoch"  # not a tag anything depends on: see tag_versions_this_request
# The tags the last request for each path read, so the next one reads them all
# in its first round trip (an article's "comments:12" is only known once the
# page is found, after the site's tags were read).
_TAGS_READ_AT = BoundedMemo(4096)

_collected: ContextVar[set[str] | None] = ContextVar("page_cache_tags", default=None)
# Tag set to mark "this answer must not be kept" (see not_for_keeping).
NOT_FOR_KEEPING = "!not-for-keeping"
# Tags that start with this name a query parameter the page reads (query_read).
QUERY_READ = "?"


# What every listing, article and show page shows: lists of pages (navigation,
# listings, Read next) and the sidebar's latest status changes.
SITE_WIDE = ("articles", "shows")


def depends_on(*tags: str) -> None:
    """
    Record that the page being rendered shows data behind these tags. While
    the page cache collects them, their versions are read now (and kept for
    the request): the page is kept under what was current when its data was
    read, so a change made while it renders leaves it stale. Call it before
    reading the data it names.
    """
    collected = _collected.get()
    if collected is None:
        return
    collected.update(tags)
    read = [tag for tag in tags if not tag.startswith((QUERY_READ, NOT_FOR_KEEPING))]
    if read:
        tag_versions_this_request(read)


def declares(*tags: str):
    """A view (a function, or a Feed instance) that shows data behind these tags,
    so the page cache may keep what it answers: `declares("articles")(view)`."""

    def wrap(view):
        @functools.wraps(view, assigned=("__module__", "__name__", "__doc__"))
        def view_declaring_tags(request, *args, **kwargs):
            depends_on(*tags)
            return view(request, *args, **kwargs)

        return view_declaring_tags

    return wrap


def not_for_keeping() -> None:
    """
    The page being rendered answers a query it did not honour as asked (a
    page number past the last, a thread or filter that does not exist, a
    value put right): it is served, but the page cache keeps no copy under
    that address, so junk query strings cannot fill the cache.
    """
    depends_on(NOT_FOR_KEEPING)


def query_read(*names: str) -> None:
    """
    The page being rendered reads these query parameters. The page cache
    keeps a page only when it read every parameter in its address: a
    parameter the page ignores would otherwise make one copy per value.
    """
    depends_on(*(QUERY_READ + name for name in names))


def page_number_honoured(name: str, requested, shown: int) -> None:
    """A paginated page's `?page=` (or `?cpage=`): read, and not_for_keeping()
    unless the page `shown` is the one asked for (a number past the last is not)."""
    query_read(name)
    if requested not in (None, "") and requested != str(shown):
        not_for_keeping()


def collecting():
    """Start collecting tags for one response; returns (the set, a reset token)."""
    tags: set[str] = set()
    return tags, _collected.set(tags)


def stop_collecting(token) -> None:
    _collected.reset(token)


def tags_being_collected() -> set[str] | None:
    """The set the response being answered collects its tags in, if any."""
    return _collected.get()


def tag_versions(tags) -> dict[str, int]:
    """Current version of each tag (0 when never invalidated), in one round trip."""
    keys = {VERSION_KEY.format(tag): tag for tag in tags}
    found = caches["versions"].get_many(list(keys))
    return {tag: int(found.get(key, 0)) for key, tag in keys.items()}


def versions_read_before(versions: dict[str, int]) -> None:
    """
    Versions this request read before any of its data (the page cache's read
    of a kept copy's tags): the request uses them rather than read again, so a
    page whose data is read before its depends_on is still kept under versions
    no newer than that data.
    """
    known = per_request(_REQUEST_VERSIONS, dict)
    for tag, version in versions.items():
        known.setdefault(tag, version)
    _note_if_unsure()


def tag_versions_this_request(tags, *, epoch=False) -> dict[str, int]:
    """
    tag_versions(), read once per request: a page's pieces share one round trip.
    With `epoch`, also the shared cache's epoch: a random number kept there
    without expiry, so a cache emptied (flushed, restarted) starts a new one,
    and keys made before it (fragments.py's process copies) cannot be met again
    when the versions start over from 0.
    """
    known = per_request(_REQUEST_VERSIONS, dict)
    wanted = [*tags, EPOCH] if epoch else list(tags)
    missing = [tag for tag in wanted if tag not in known]
    if missing:
        path = request_path()
        if not known and path is not None:  # the first read: read ahead
            missing = list(dict.fromkeys([*missing, *_TAGS_READ_AT.get(path, ())]))
        known.update(tag_versions(missing))
        _note_if_unsure()
        if path is not None:
            _TAGS_READ_AT.put(path, tuple(known))
    if epoch and not known[EPOCH]:
        caches["versions"].add(
            VERSION_KEY.format(EPOCH), secrets.randbits(62) or 1, timeout=None
        )
        known.update(tag_versions([EPOCH]))
        _note_if_unsure()
    return {tag: known[tag] for tag in wanted}


def _note_if_unsure() -> None:
    """After a read of versions: if the cache failed it, the 0s read stand
    for nothing, and this request may neither use nor keep anything by them."""
    if not cache_reachable():
        per_request(_VERSIONS_UNSURE, lambda: True)


def versions_sure() -> bool:
    """
    Whether every version this request has read came from the shared cache,
    so what is kept under them may be used and kept. Asked once per piece,
    it costs a look in the request's memo, where asking the cache whether it
    answers costs two lookups of thread-local handles. Outside a request,
    whether the cache answers now.
    """
    if request_path() is None:
        return cache_reachable()
    return not per_request_existing(_VERSIONS_UNSURE)


def epoch_renew() -> None:
    """
    Start a new epoch: everything kept under the old one (pages, pieces, each
    process's copies) is unreachable from now on. Run when the cache answers
    again after an outage (core/cache_failsafe.py), since the invalidations
    dropped while it was away would otherwise be lost.
    """
    caches["versions"].set(
        VERSION_KEY.format(EPOCH), secrets.randbits(62) or 1, timeout=None
    )


def cache_reachable() -> bool:
    """False while the shared cache is failing (its backend says so)."""
    return all(
        getattr(caches[alias], "reachable", lambda: True)()
        for alias in ("default", "versions")
    )


def invalidate(*tags: str) -> None:
    """Make every cached page that depends on any of these tags stale.

    Bumped at once, and again when the transaction commits: a page rendered in
    between read the versions after the first bump but the data from before the
    commit, and the second bump keeps it from being served.
    """
    _bump(tags)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _bump(tags))


def _bump(tags) -> None:
    # A request that changes data and then renders must not use what it read
    # before; a page rendered around its own change is not kept.
    not_for_keeping()
    known = per_request_existing(_REQUEST_VERSIONS)
    tags = set(tags)
    for tag in tags:
        if known:
            known.pop(tag, None)
    # Never expire; on Redis one round trip for all of them.
    count_up_many(caches["versions"], [VERSION_KEY.format(tag) for tag in tags])
