"""
WordPress's plain permalinks (`/?p=123`, `/?page_id=7`) answered with the
redirect an import stored for them.

Wagtail's RedirectMiddleware only looks for a redirect when the response is a
404, and `/` is the home page: `/?p=123` would show the home page instead of
the post. This middleware answers those requests before any view, and only
those: a request without a numeric `p` or `page_id` costs nothing. A blog that
lived in a folder had them there (`/news/?p=123`), and other parameters
(`/?p=123&utm_source=x`) do not hide the redirect stored for `/?p=123`.
"""

from django.db.models import F
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

# The query parameters of WordPress's plain permalinks, in the order tried.
WORDPRESS_ID_PARAMETERS = ("p", "page_id")


def wordpress_query_path(parameter: str, value: str) -> str:
    """A plain permalink at the blog's root, e.g. "/?p=123" (a blog in /news/ adds that)."""
    return f"/?{parameter}={value}"


class WordPressQueryRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and request.GET:
            response = self._redirect(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _redirect(self, request):
        for parameter in WORDPRESS_ID_PARAMETERS:
            value = request.GET.get(parameter, "")
            if not value.isdigit() or len(value) > 20:
                continue
            site = Site.find_for_request(request)
            redirect = (
                Redirect.get_for_site(site)
                .filter(
                    old_path=Redirect.normalise_path(
                        request.path + wordpress_query_path(parameter, value)[1:]
                    )
                )
                .select_related("redirect_page")
                # A redirect for this site before one for all sites.
                .order_by(F("site_id").asc(nulls_last=True))
                .first()
            )
            if redirect is None or redirect.link is None:
                continue
            if redirect.is_permanent:
                return HttpResponsePermanentRedirect(redirect.link)
            return HttpResponseRedirect(redirect.link)
        return None
