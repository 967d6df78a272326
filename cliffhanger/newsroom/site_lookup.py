"""
The request's Wagtail site and its root page as its specific type, in two
prepared queries (core/db/prepared.py).

Wagtail's Site.find_for_request() builds an annotated query per request and
then loads the root page's specific type with another: 1.7 ms of an uncached
article's 17 with the fragment cache off, and once per process and change
with it on. The rows are the same; the ranking below is Wagtail's
(wagtail/models/sites.py, get_site_for_hostname), and a test holds the two
to the same answers for every kind of match.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.http.request import split_domain_port
from wagtail.models import Site

from cliffhanger.core.db.prepared import (
    PreparedInstances,
    PreparedQuery,
    instance_loaded,
)
from cliffhanger.core.private_apis import request_raw_host, wagtail_site_find

_SITE_COLUMNS = (
    "id",
    "hostname",
    "port",
    "site_name",
    "root_page_id",
    "is_default_site",
)
# Every site (a handful at most), with its root page's type.
_SITES = PreparedQuery(
    lambda: Site.objects.order_by("pk").values_list(
        *_SITE_COLUMNS, "root_page__content_type_id"
    )
)
_ROOT_PAGES: dict[type, PreparedInstances] = {}

# Where best_site_row() finds what it ranks by, in a row of _SITES.
_HOSTNAME, _PORT, _IS_DEFAULT = (
    _SITE_COLUMNS.index(name) for name in ("hostname", "port", "is_default_site")
)
# Wagtail's ranks, best first.
_HOST_AND_PORT, _HOST_AND_DEFAULT, _DEFAULT, _HOST = range(4)


def site_with_root_found(request) -> Site | None:
    """The site Wagtail would serve this request from (None: no site), its
    root_page already its specific page."""
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return _site_as_wagtail_finds_it(request)  # .localized picks a translation
    hostname = split_domain_port(request_raw_host(request))[0]
    row = best_site_row(_SITES(), hostname, request.get_port())
    if row is None:
        return None
    site = instance_loaded(Site, dict(zip(_SITE_COLUMNS, row[:-1], strict=True)))
    model = ContentType.objects.get_for_id(row[-1]).model_class()
    if model is None:  # a page type whose code is gone: Wagtail's own way
        return _site_as_wagtail_finds_it(request)
    roots = _root_pages(model)(pk=site.root_page_id)
    if not roots:  # gone since the sites were read: Wagtail's own way
        return _site_as_wagtail_finds_it(request)
    site.root_page = roots[0]
    return site


def best_site_row(rows, hostname: str, port) -> tuple | None:
    """get_site_for_hostname()'s choice among (id, hostname, port, …,
    is_default_site, …) rows."""
    try:
        port = int(port)
    except (TypeError, ValueError):
        port = None  # matches no site's port; Wagtail's query would raise

    def rank(row) -> int:
        host, default = row[_HOSTNAME], row[_IS_DEFAULT]
        if host == hostname and row[_PORT] == port:
            return _HOST_AND_PORT
        if host == hostname and default:
            return _HOST_AND_DEFAULT
        return _DEFAULT if default else _HOST

    ranked = sorted(
        (row for row in rows if row[_HOSTNAME] == hostname or row[_IS_DEFAULT]),
        key=rank,
    )
    if not ranked:
        return None
    if len(ranked) == 1 or rank(ranked[0]) in (_HOST_AND_PORT, _HOST_AND_DEFAULT):
        return ranked[0]
    if rank(ranked[0]) == _DEFAULT:  # the default, unless one host matches
        return ranked[len(ranked) == 2]
    return None  # several sites on this host, none on this port


def _root_pages(model) -> PreparedInstances:
    if model not in _ROOT_PAGES:
        _ROOT_PAGES[model] = PreparedInstances(
            model, None, lambda pk: model._default_manager.filter(pk=pk)
        )
    return _ROOT_PAGES[model]


def _site_as_wagtail_finds_it(request) -> Site | None:
    site = wagtail_site_find(request)
    if site is not None:
        site.root_page = site.root_page.localized.specific
    return site
