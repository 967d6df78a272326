"""
Full-page cache for anonymous readers, in the configured cache (Redis in
production, so every app server shares it).

A page is cached only when the code that rendered it declared what it depends
on (see dependencies.py), and only for readers with none of the cookies that
make a page personal: a login session, their own or pending comments, a
remembered commenter, a vote. Everyone else always gets a fresh page.

Every cached answer carries an ETag and answers If-None-Match with 304. A
shared copy is also kept gzipped, so a hit for a browser that accepts gzip
sends the stored bytes as they are, under an ETag of their own. Pages
that carry no reader's CSRF token (every page a first-time reader gets, see
core/shared_csrf.py) are marked public for a CDN or reverse proxy (s-maxage), which
wagtail.contrib.frontend_cache purges on change; pages with a reader's tokens
are private, and only this app-level cache shares them, a token put back per hit.

A copy is fresh for PAGE_CACHE_SECONDS and kept PAGE_CACHE_STALE_IF_ERROR_SECONDS
longer: while the database is unreachable (core/outages.py answers 503), a
reader asking for a page that was cached gets that copy, marked "stale",
rather than the 503 (RFC 5861's stale-if-error, which public answers also
offer a CDN).
"""

import gzip
import hashlib
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags

from cliffhanger.core.etags import content_digest
from cliffhanger.core.shared_csrf import (
    has_csrf_cookie,
    never_shared,
    reader_csrf_secret,
    tokens_removed,
    tokens_restored,
)

from .dependencies import (
    NOT_FOR_KEEPING,
    QUERY_READ,
    collecting,
    stop_collecting,
    tag_versions,
    tag_versions_this_request,
    versions_read_before,
    versions_sure,
)
from .process_copies import TagsLastSeen, current_entry

KEPT_HEADERS = ("Content-Type", "Content-Language", "Link")
# Feeds and sitemaps are kept too when their views declare what they show.
CACHEABLE_TYPES = (
    "text/html",
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
)
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# A hit reads its tags' versions, then takes the page from this process's
# copy when it was kept under those: one read of the shared cache, not two,
# and no 60 KB value carried from it (a hit's CPU -12%).
_tags_last_seen = TagsLastSeen()


def _page_key(request) -> str:
    # No query string (most requests): no QueryDict to build.
    query = sorted(request.GET.lists()) if request.META.get("QUERY_STRING") else []
    # Pages for readers with a CSRF cookie carry tokens; the others carry none.
    variant = "token" if has_csrf_cookie(request) else "shared"
    raw = f"{request.get_host()}{request.path}?{query}#{variant}"
    return "pagecache:page:" + hashlib.sha256(raw.encode()).hexdigest()


def _kept_entry(key: str) -> tuple[dict | None, dict[str, int]]:
    """The page's kept entry, if any, and the current versions of its tags."""
    seen = _tags_last_seen.get(key)
    versions = tag_versions(seen) if seen else {}
    entry = current_entry(key, lambda entry: _usable(entry, versions), _fresh_for)
    if not entry:
        return None, {}
    if versions.keys() != entry["tags"].keys():  # first read, or other tags now
        versions = tag_versions(entry["tags"])
        _tags_last_seen.remember(key, entry["tags"])
    return entry, versions


def _kept_for() -> int:
    return settings.PAGE_CACHE_SECONDS + settings.PAGE_CACHE_STALE_IF_ERROR_SECONDS


def _usable(entry: dict, versions: dict[str, int]) -> bool:
    """Made under these versions of its tags, and still fresh: a hit."""
    return entry["tags"] == versions and _fresh_for(entry) > 0


def _fresh_for(entry: dict) -> float:
    return entry.get("fresh_until", 0) - time.time()


def is_personal(request) -> bool:
    """The reader has state of their own (a login, their comments, a vote...)."""
    return any(name in request.COOKIES for name in settings.PAGE_CACHE_BYPASS_COOKIES)


def request_is_cacheable(request) -> bool:
    if request.method != "GET" or not settings.PAGE_CACHE_SECONDS:
        return False
    if is_personal(request):
        return False
    if never_shared(request.path):
        return False
    return not request.META.get("QUERY_STRING") or query_is_cacheable(request.GET)


def query_is_cacheable(query) -> bool:
    """
    Only parameters pages read, each once, each value of the form it takes
    (PAGE_CACHE_QUERY_PARAMS): anything else is answered fresh and never kept,
    so random parameters or values cannot multiply the cached copies.
    """
    patterns = settings.PAGE_CACHE_QUERY_PARAMS
    return all(
        name in patterns
        and len(values) == 1
        and re.fullmatch(patterns[name], values[0]) is not None
        for name, values in query.lists()
    )


def response_is_cacheable(response) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith(CACHEABLE_TYPES):
        return False
    if response.has_header("Content-Encoding"):
        return False
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control:
        return False
    # A cookie other than the CSRF one means the page was made for this reader.
    return set(response.cookies) <= {settings.CSRF_COOKIE_NAME}


class PageCacheMiddleware:
    """Sits after CsrfViewMiddleware, so a hit can hand out the reader's own token."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request_is_cacheable(request):
            response = self.get_response(request)
            if is_personal(request) and not response.has_header("Cache-Control"):
                # Made for this reader: no proxy may keep it for another.
                response["Cache-Control"] = "private, no-cache"
            return response
        key = _page_key(request)
        entry, known_before = _kept_entry(key)
        if entry and _usable(entry, known_before):
            return self._answer(request, entry, None, "hit")
        arrived_with_token = has_csrf_cookie(request)
        versions_read_before(known_before)
        tags, token = collecting()
        try:
            response = self.get_response(request)
        finally:
            stop_collecting(token)
        if entry and getattr(response, "database_outage", False):
            return self._stale(request, entry)
        if not tags or NOT_FOR_KEEPING in tags or not response_is_cacheable(response):
            return response
        read = {tag[1:] for tag in tags if tag.startswith(QUERY_READ)}
        if set(request.GET) - read:
            return response  # a parameter the page ignores: one copy per value
        tags = {tag for tag in tags if not tag.startswith(QUERY_READ)}
        if not arrived_with_token and request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            # This first-time reader was handed a token after all (somewhere the
            # placeholder cannot find it): the page is theirs, never the shared copy.
            return response
        # Kept under the versions read before its data (depends_on): a change
        # made while it rendered leaves this copy stale from the next request.
        versions = tag_versions_this_request(tags, epoch=True)
        if not versions_sure():
            return response  # versions unknown: nothing may be kept
        entry = _entry_kept(key, response, versions)
        if not entry["personal"]:  # as a hit would answer: maybe gzipped
            cookies = response.cookies
            response = self._from_entry(request, entry)
            response.cookies = cookies
        return self._answer(request, entry, response, "miss")

    def _stale(self, request, entry) -> HttpResponse:
        """The kept copy, past its time, while the database cannot make a new one."""
        response = self._answer(request, entry, None, "stale")
        response["Cache-Control"] = "no-cache"  # nobody keeps it: revalidate next time
        return response

    def _from_entry(self, request, entry) -> HttpResponse:
        if entry["personal"]:
            response = HttpResponse(tokens_restored(entry["template"], request))
        elif _wants_gzip(request, entry):
            response = HttpResponse(entry["gzip"])
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(entry["template"])
        for header, value in entry["headers"].items():
            response[header] = value
        return response

    def _answer(self, request, entry, response, outcome: str):
        """The entry's answer with its validators, or a 304 when the reader's copy
        is current. `response` None: made from the entry, and only if needed."""
        etag, cache_control = _validators(request, entry)
        vary = _VARY[entry["personal"]]
        if response is not None:
            patch_vary_headers(response, [vary])
            vary = response["Vary"]
        if _matches(etag, request.META.get("HTTP_IF_NONE_MATCH", "")):
            return _not_modified(etag, cache_control, vary)
        if response is None:
            response = self._from_entry(request, entry)
            response["Vary"] = vary
        response["ETag"] = etag
        response["Cache-Control"] = cache_control
        response["X-Page-Cache"] = outcome
        return response


# What a kept copy's answers vary on, by whether it is personal.
_VARY = {True: "Cookie", False: "Accept-Encoding"}


def _validators(request, entry) -> tuple[str, str]:
    """The ETag and Cache-Control of the entry's answer to this request."""
    if entry["personal"]:
        # Any mask of the reader's CSRF secret is a valid token, so a copy
        # the browser kept stays usable while the page and secret are the same.
        secret = reader_csrf_secret(request)
        etag = f'"{entry["etag"]}-{content_digest(secret.encode())[:12]}"'
        return etag, "private, no-cache"
    # The gzipped bytes are another representation: another validator.
    gzipped = _wants_gzip(request, entry)
    edge = settings.PAGE_CACHE_EDGE_SECONDS
    return f'"{entry["etag"]}{"-gz" if gzipped else ""}"', (
        f"public, max-age=0, s-maxage={edge}, stale-while-revalidate={edge}, "
        f"stale-if-error={settings.PAGE_CACHE_STALE_IF_ERROR_SECONDS}"
    )


def _not_modified(etag: str, cache_control: str, vary: str) -> HttpResponseNotModified:
    not_modified = HttpResponseNotModified()
    not_modified["ETag"] = etag
    not_modified["Cache-Control"] = cache_control
    not_modified["Vary"] = vary
    return not_modified


def _entry_kept(key: str, response, versions: dict) -> dict:
    """Keep the page under the versions it was made from: fresh for PAGE_CACHE_SECONDS,
    kept PAGE_CACHE_STALE_IF_ERROR_SECONDS longer for a database outage."""
    template, personal = tokens_removed(response.content)
    entry = {
        "tags": versions,
        "template": template,
        "personal": personal,
        # A copy with tokens put back differs per reader: compressed per answer.
        "gzip": None if personal else gzip.compress(template, 6, mtime=0),
        "etag": content_digest(template),
        "headers": {h: response[h] for h in KEPT_HEADERS if response.has_header(h)},
        "fresh_until": time.time() + settings.PAGE_CACHE_SECONDS,
    }
    # Not copied here: processes that missed together would each answer with
    # their own copy (and ETag); the next hit copies the one the cache kept.
    cache.set(key, entry, _kept_for())
    return entry


def _wants_gzip(request, entry) -> bool:
    return bool(entry.get("gzip")) and bool(
        ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
    )


def _matches(etag: str, if_none_match: str) -> bool:
    """If-None-Match's weak comparison: a reader's copy that the gzip middleware
    marked weak (W/) still matches what this cache would send."""
    return etag in {tag.removeprefix("W/") for tag in parse_etags(if_none_match)}
