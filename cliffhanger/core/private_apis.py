"""
The private names of Django, Wagtail and the other libraries that the product
relies on, in one place: each use is a small function here, and each private
method a class of ours overrides is a line in OVERRIDDEN. Nothing else in
cliffhanger/ (tests and benchmarks aside) touches a library's underscore name.

core/tests/test_private_apis.py checks every one against the libraries
installed: the name is there, takes what we pass, and does what we rely on.
An upgrade that changes one fails that test with the library, the version
installed and the version this was written against (WRITTEN_AGAINST), rather
than a page in production. When a public API appears for one, use it and
delete the function; a new use of a private name goes here, with its check.

    from cliffhanger.core.private_apis import request_raw_host

    host = request_raw_host(request)
"""

import time
from typing import NamedTuple

from diskcache.core import EVICTION_POLICY

# What each library was when these were last checked by hand.
WRITTEN_AGAINST = {
    "Django": "5.2",
    "Wagtail": "8.0",
    "django-csp": "4.0",
    "django-allauth": "65.22",
    "diskcache": "5.6",
}


# ----------------------------------------------------------------------- Django


def request_raw_host(request) -> str:
    """HttpRequest._get_raw_host(): the Host as sent, without get_host()'s
    ALLOWED_HOSTS check; Wagtail's site lookup reads it so, and a key for
    the same site must use the same string."""
    return request._get_raw_host()


def queryset_read_as_empty(queryset):
    """The queryset marked as already read, with no rows (QuerySet._result_cache):
    iterating an unread none() still builds and compiles its query."""
    queryset._result_cache = []
    return queryset


def url_resolver_fill(resolver) -> None:
    """URLResolver._populate(): build the reverse and namespace tables now (the
    gunicorn master does, so forked workers share them), not on a first reverse()."""
    resolver._populate()


def response_mark_logged(response) -> None:
    """HttpResponse._has_been_logged: django.utils.log.log_response() skips a
    response so marked, for one we have logged ourselves."""
    response._has_been_logged = True


# ---------------------------------------------------------------------- Wagtail


def wagtail_site_find(request):
    """Site._find_for_request(): Wagtail's lookup of the request's site by host
    and port, without its per-request memo (site_cache.py keeps the answer)."""
    from wagtail.models import Site

    return Site._find_for_request(request)


def wagtail_site_remember(request, site) -> None:
    """request._wagtail_site: what Site.find_for_request() answers for this
    request without a query."""
    request._wagtail_site = site


def wagtail_site_root_paths(page, request) -> tuple:
    """Page._get_site_root_paths(request): every site's root path, as
    get_url() reads them, kept on the request after the first page asks."""
    return tuple(page._get_site_root_paths(request))


def wagtail_rendition_mark_cached(rendition) -> None:
    """Rendition._from_cache: Image.get_renditions() writes back to the cache
    every rendition it returns unless it carries this mark."""
    rendition._from_cache = True


def wagtail_rendition_is_cached(rendition) -> bool:
    """Rendition._from_cache: read from the cache, or prefetched with its image."""
    return getattr(rendition, "_from_cache", False)


# ------------------------------------------------------------------- django-csp

# The marks django-csp's view decorators (@csp, @csp_update, @csp_replace,
# @csp_exempt) leave on a response.
CSP_RESPONSE_MARKS = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt")


def csp_decorated(response) -> bool:
    """A view decorator of django-csp changed or dropped this response's policy."""
    return any(getattr(response, mark, None) for mark in CSP_RESPONSE_MARKS)


def csp_nonce_made(request) -> bool:
    """request._csp_nonce: set once something read request.csp_nonce."""
    return getattr(request, "_csp_nonce", None) is not None


def csp_nonce_after_response(middleware):
    """CSPMiddleware._csp_nonce_post_response: what request.csp_nonce calls once
    the header is written (it raises, naming the middleware order)."""
    return middleware._csp_nonce_post_response


# -------------------------------------------------------------------- diskcache


def diskcache_keys_by_shard(django_cache, keys) -> dict:
    """The shard of DjangoCache._cache (a FanoutCache) each key lives in, as
    FanoutCache.get() picks it: {shard: [key, ...]}."""
    fanout = django_cache._cache
    if fanout._count == 1:  # the embedded cache's setting: no key to hash
        return {fanout._shards[0]: list(keys)}
    grouped: dict = {}
    for key in keys:
        shard = fanout._shards[fanout._hash(key) % fanout._count]
        grouped.setdefault(shard, []).append(key)
    return grouped


def diskcache_read_many(shard, keys: list[str]) -> dict | None:
    """
    What Cache.get() answers for each of these string keys, in one SELECT
    (Cache._sql) instead of one each; values come back through Cache._disk
    as get() returns them. None when a get() would also write (an eviction
    policy that counts reads, statistics on): call get() for each then.
    """
    if EVICTION_POLICY[shard.eviction_policy]["get"] is not None or shard.statistics:
        return None
    marks = ", ".join("?" * len(keys))
    rows = shard._sql(
        "SELECT key, mode, filename, value FROM Cache"
        f" WHERE raw = 1 AND key IN ({marks})"
        " AND (expire_time IS NULL OR expire_time > ?)",
        (*keys, time.time()),
    ).fetchall()
    found = {}
    for key, mode, filename, value in rows:
        try:
            found[key] = shard._disk.fetch(mode, filename, value, False)
        except OSError:
            continue  # removed since the row was read: missing, as get() says
    return found


# --------------------------------------------------------------- django-allauth


def login_code_form_user(form):
    """RequestLoginCodeForm._user: the account its address belongs to (None for
    a new address), which RequestLoginCodeView.form_valid sends the code for."""
    return form._user


def login_code_form_user_set(form, user) -> None:
    form._user = user


# ------------------------------------------------------ private methods overridden


class Override(NamedTuple):
    library: str
    owner: str  # the library's class that defines the method
    name: str
    signature: str  # its parameters, without annotations
    called_by: str  # the library's public method that calls it
    ours: str  # our subclass that overrides it


OVERRIDDEN = (
    Override(
        "Django",
        "django.middleware.csrf.CsrfViewMiddleware",
        "_check_token",
        "(self, request)",
        "django.middleware.csrf.CsrfViewMiddleware.process_view",
        "cliffhanger.core.csrf_check.SharedPageCsrfViewMiddleware",
    ),
    *(
        Override(
            "Django",
            "django.db.backends.sqlite3.base.DatabaseWrapper",
            name,
            "(self)",
            f"django.db.backends.base.base.BaseDatabaseWrapper.{called_by}",
            "cliffhanger.core.db.sqlite.base.DatabaseWrapper",
        )
        for name, called_by in (
            ("_start_transaction_under_autocommit", "set_autocommit"),
            ("_commit", "commit"),
            ("_rollback", "rollback"),
            ("_close", "close"),
        )
    ),
    # Not underscored, but not documented either: the cursor's own rewriting.
    Override(
        "Django",
        "django.db.backends.sqlite3.base.SQLiteCursorWrapper",
        "convert_query",
        "(self, query, *, param_names=None)",
        "django.db.backends.sqlite3.base.SQLiteCursorWrapper.execute",
        "cliffhanger.core.db.sqlite.base.CursorWrapper",
    ),
)
