"""
The Wagtail site a request is for, with its home page, from the shared cache.

Wagtail looks the site up by host name and then loads its root page as its
specific type on every page it serves: two queries, a sixth of an uncached
article's time. Both change only when a site or a page is saved, and a page
going live bumps "articles"; so does a view restriction. Sites bump "sites".
"""

from django.conf import settings
from wagtail.models import Site
from wagtail.views import serve as wagtail_serve

from cliffhanger.caching.fragments import remembered
from cliffhanger.core.private_apis import (
    request_raw_host,
    wagtail_site_find,
    wagtail_site_remember,
)

SITE_TAGS = ("sites", "articles")


def site_for_request(request) -> Site | None:
    host = request_raw_host(request)  # as Wagtail reads it: no ALLOWED_HOSTS check
    return remembered(
        "wagtail-site",
        host,
        request.get_port(),
        tags=SITE_TAGS,
        compute=lambda: _site(request),
        share_instance=True,  # read, never changed, by what serves the request
    )


def _site(request) -> Site | None:
    site = wagtail_site_find(request)
    if site is not None:
        site.root_page = site.root_page.localized.specific
    return site


class CachedSiteMiddleware:
    """Hands Wagtail's page view the request's site (Site.find_for_request reads it first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            view_func is wagtail_serve
            and settings.FRAGMENT_CACHE_SECONDS
            and request.method in ("GET", "HEAD")
        ):
            wagtail_site_remember(request, site_for_request(request))
