"""
Cached pages are shared by readers, but each reader's forms need their own
CSRF token. The stored copy has a placeholder where each token was; a hit
puts the reader's own token back in (and CsrfViewMiddleware sets the cookie).
"""

import re

from django.middleware.csrf import get_token

PLACEHOLDER = b"__cliffhanger_csrf_token__"
TOKEN_VALUE = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')


def tokens_removed(content: bytes) -> tuple[bytes, bool]:
    """The content with every form token replaced by the placeholder; and whether there were any."""
    template, count = TOKEN_VALUE.subn(rb"\g<1>" + PLACEHOLDER + rb"\g<2>", content)
    return template, count > 0


def tokens_restored(template: bytes, request) -> bytes:
    return template.replace(PLACEHOLDER, get_token(request).encode())


def reader_csrf_secret(request) -> str:
    """The reader's CSRF secret (empty for a first visit): part of a personal page's ETag."""
    return request.META.get("CSRF_COOKIE", "") or ""
