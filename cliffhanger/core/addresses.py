"""
Addresses that change only with the script prefix, worked out once per
process and prefix: reverse() and static() cost tens of microseconds a call,
and every page drawn from kept parts asks for a handful of the same ones.
"""

from functools import lru_cache

from django.core.files.storage import (
    FileSystemStorage,
    InMemoryStorage,
    default_storage,
    storages,
)
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from wagtail.models import Page, Site

from .bounded_memo import BoundedMemo
from .private_apis import wagtail_site_root_paths


def reverse_once(name: str, *args) -> str:
    """reverse(name, args=args), remembered for this script prefix."""
    return _reversed(get_script_prefix(), name, args)


def static_once(path: str) -> str:
    """static(path), remembered for this script prefix."""
    return _static(get_script_prefix(), path)


# Every author and show of a busy site's listings fits.
@lru_cache(maxsize=2048)
def _reversed(script_prefix: str, name: str, args: tuple) -> str:
    return reverse(name, args=args)


def page_url_once(page, request) -> str | None:
    """
    page.get_url(request), remembered for the page's path, the request's site
    and the sites' root paths: Wagtail reverses its serving URL for each page
    (10 us of 14), and an article links a dozen pages. A page type that works
    out its own URL (its own get_url_parts()) is asked every time.
    """
    if request is None or type(page).get_url_parts is not Page.get_url_parts:
        return page.get_url(request)
    site = Site.find_for_request(request)
    key = (
        get_script_prefix(),
        page.url_path,
        site.pk if site else None,
        wagtail_site_root_paths(page, request),
    )
    try:
        return _PAGE_URLS[key]
    except KeyError:
        return _PAGE_URLS.put(key, page.get_url(request))


# A site's pages, and the sites' layout.
_PAGE_URLS = BoundedMemo(8192)


@lru_cache(maxsize=256)
def _static(script_prefix: str, path: str) -> str:
    return static(path)


def file_url_once(field_file) -> str:
    """
    A stored file's URL (field_file.url), remembered per storage address and
    name when the storage writes it from those alone: working one out joins
    and quotes the name (about 10 us), and a picture lists eight or more.
    Any other storage (a signed, expiring URL, say) is asked every time.
    """
    storage = field_file.storage
    if storage is default_storage:
        # The storage itself: each attribute read through Django's lazy
        # stand-in raises an AttributeError and catches it.
        storage = storages["default"]
    if isinstance(storage, _PLAIN_URL_STORAGES):
        return _file_url(storage, storage.base_url, field_file.name)
    return field_file.url


_PLAIN_URL_STORAGES = (FileSystemStorage, InMemoryStorage)


@lru_cache(maxsize=4096)
def _file_url(storage, base_url: str, name: str) -> str:
    return storage.url(name)
