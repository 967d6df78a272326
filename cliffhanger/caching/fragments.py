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
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import mark_safe

from cliffhanger.core.shared_csrf import holds_a_token

from .dependencies import depends_on, tag_versions_this_request, versions_sure
from .process_copies import MISSING, process_copies

T = TypeVar("T")
logger = logging.getLogger(__name__)


def remembered(
    name: str,
    *key_parts,
    tags: tuple[str, ...],
    compute: Callable[[], T],
    shared: bool = True,
    keep: Callable[[T], bool] | None = None,
    share_instance: bool = False,
) -> T:
    """
    compute(), once per version of `tags`; the page being rendered depends on
    them too. `shared=False` (a preview, say) computes afresh and keeps
    nothing; a value `keep` turns down is returned but not kept. With
    `share_instance`, the requests of a process share one object while the
    versions last (ProcessCopies.set's `as_is`): only for values no request
    changes, and whose caches of other data (a page's site root paths) are
    under `tags` too.
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
    if value is not MISSING:
        return value
    value = cache.get(key, MISSING)
    if value is MISSING:
        value = compute()
        if keep is not None and not keep(value):
            return value
        cache.set(key, value, settings.FRAGMENT_CACHE_SECONDS)
    process_copies.set(key, value, as_is=share_instance)
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
