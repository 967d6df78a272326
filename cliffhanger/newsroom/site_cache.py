"""
The Wagtail site a request is for, with its home page, from the shared cache.

Wagtail looks the site up by host name and then loads its root page as its
specific type on every page it serves. Both change only when a site or a
page is saved, and a page going live bumps "articles"; so does a view
restriction. Sites bump "sites". With the fragment cache off, the lookup is
still the prepared one of site_lookup.py rather than Wagtail's.
"""

from wagtail.models import Site
from wagtail.views import serve as wagtail_serve

from cliffhanger.caching.fragments import remembered
from cliffhanger.core.private_apis import request_raw_host, wagtail_site_remember

from .site_lookup import site_with_root_found

SITE_TAGS = ("sites", "articles")


def site_for_request(request) -> Site | None:
    host = request_raw_host(request)  # as Wagtail reads it: no ALLOWED_HOSTS check
    return remembered(
        "wagtail-site",
        host,
        request.get_port(),
        tags=SITE_TAGS,
        compute=lambda: site_with_root_found(request),
        share_instance=True,  # read, never changed, by what serves the request
    )


class CachedSiteMiddleware:
    """Hands Wagtail's page view the request's site (Site.find_for_request reads it first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is wagtail_serve and request.method in ("GET", "HEAD"):
            wagtail_site_remember(request, site_for_request(request))
