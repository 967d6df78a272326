"""
Pieces of a page that many pages show and few changes touch (the section
menu, Read next's choice, an article's status boxes), kept in the shared cache
under the versions of the tags they were built from (dependencies.py). A change
that bumps one of those tags makes every older copy unreachable, so a piece is
never shown stale. This also serves the readers the page cache cannot: readers
with a cookie of their own always get a freshly rendered page, and these pieces
are most of its queries.

Off (every call computes) unless FRAGMENT_CACHE_SECONDS is set, which it is by
default only with REDIS_URL: per-process caches would not see other processes'
invalidations.
"""

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import mark_safe

from .dependencies import depends_on, tag_versions_this_request

T = TypeVar("T")
_MISSING = object()


def remembered(
    name: str, *key_parts, tags: tuple[str, ...], compute: Callable[[], T]
) -> T:
    """compute(), once per version of `tags`; the page being rendered depends on them too."""
    depends_on(*tags)
    if not settings.FRAGMENT_CACHE_SECONDS:
        return compute()
    versions = tag_versions_this_request(tags)
    raw = f"{name}:{key_parts!r}:{sorted(versions.items())!r}"
    key = "fragment:" + hashlib.sha256(raw.encode()).hexdigest()
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, settings.FRAGMENT_CACHE_SECONDS)
    return value


def remembered_html(
    name: str, *key_parts, tags: tuple[str, ...], render: Callable[[], str], shared=True
) -> str:
    """A rendered piece of HTML, kept as remembered() keeps data; `shared=False`
    (a preview, say) renders afresh and keeps nothing."""
    if not shared:
        depends_on(*tags)
        return render()
    return mark_safe(
        remembered(name, *key_parts, tags=tags, compute=lambda: str(render()))
    )
