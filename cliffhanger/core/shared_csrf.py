"""
CSRF tokens on shared pages.

A first-time reader (no CSRF cookie yet) gets pages with no token in them and
no cookie set, so the same bytes suit every such reader and a reverse proxy or
CDN may share them; static/cliffhanger/js/form-token.js fills each form's
token from the cookie, or fetches one from /csrf-token/, before the form goes.
A reader without JavaScript whose post is refused sees it again with a fresh
token (core/csrf_failure.py), and from then on has the cookie.

A reader who has the cookie gets their token in every form. Their cached copy
keeps a placeholder where each token was, and a hit puts their own token back.
"""

import re

from django.conf import settings
from django.middleware.csrf import get_token

PLACEHOLDER = b"__cliffhanger_csrf_token__"
TOKEN_VALUE = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')


def has_csrf_cookie(request) -> bool:
    """Whether CsrfViewMiddleware found a valid CSRF cookie on this request."""
    return bool(request.META.get("CSRF_COOKIE"))


def token_deferred(request) -> bool:
    """Forms on this page carry no token: a GET of a reader page by a first-time reader."""
    return (
        request.method in ("GET", "HEAD")
        and not has_csrf_cookie(request)
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not never_shared(request.path)
    )


def never_shared(path: str) -> bool:
    """A path whose answers the page cache never keeps, and whose forms always
    carry the reader's token (PAGE_CACHE_SKIP_PREFIXES, PAGE_CACHE_SKIP_EXCEPT)."""
    return path.startswith(tuple(settings.PAGE_CACHE_SKIP_PREFIXES)) and not (
        path.startswith(tuple(settings.PAGE_CACHE_SKIP_EXCEPT))
    )


def token_is_deferred(token) -> bool:
    """Whether a template's `csrf_token` is the empty one a first-time reader's
    shared page gets (context_processors.py): such forms carry nothing of the
    reader's, so what holds them may be kept for every such reader. A lazy
    token is not read (reading it would set the cookie)."""
    return type(token) is str and not token


def holds_a_token(html: str) -> bool:
    """Whether rendered HTML has a form with a filled-in CSRF token."""
    return TOKEN_VALUE.search(html.encode()) is not None


def tokens_removed(content: bytes) -> tuple[bytes, bool]:
    """The content with every form token replaced by the placeholder; and whether there were any."""
    template, count = TOKEN_VALUE.subn(rb"\g<1>" + PLACEHOLDER + rb"\g<2>", content)
    return template, count > 0


def tokens_restored(template: bytes, request) -> bytes:
    return template.replace(PLACEHOLDER, get_token(request).encode())


def reader_csrf_secret(request) -> str:
    """The reader's CSRF secret (empty for a first visit): part of a personal page's ETag."""
    return request.META.get("CSRF_COOKIE", "") or ""
