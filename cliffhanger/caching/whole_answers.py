"""
Answers that are the same for every reader (feeds, sitemaps), kept whole in
the shared cache under the tags of what they list, as the pieces of pages are
(fragments.py). A reader the page cache does not serve, or a site that runs
without it, then gets a feed for one cache read instead of 8-14 ms of queries
and XML writing; a change to what it lists makes the kept copy unreachable.

Only an answer to a plain GET or HEAD of the address is kept: a query string
(a sitemap's `?p=2`, or junk) is answered fresh, so it cannot add copies.
"""

import functools

from django.http import HttpResponse

from .dependencies import depends_on
from .fragments import remembered

KEPT_HEADERS = ("Content-Type", "Last-Modified", "Content-Language")


def kept_whole(*tags: str):
    """Wrap a view (a function, or a Feed instance) whose answer depends only
    on its address and on data behind `tags`: `kept_whole("articles")(view)`.
    A tag may name the address's parts: "comments:{article_id}"."""

    def wrap(view):
        @functools.wraps(view, assigned=("__module__", "__name__", "__doc__"))
        def view_kept_whole(request, *args, **kwargs):
            shown = tuple(tag.format(**kwargs) for tag in tags)
            if request.method not in ("GET", "HEAD") or request.GET:
                depends_on(*shown)
                return view(request, *args, **kwargs)
            made = {}

            def answer():
                response = made["response"] = view(request, *args, **kwargs)
                return _keepable(response)

            kept = remembered(
                "whole",
                request.scheme,
                request.get_host(),
                request.path,
                tags=shown,
                compute=answer,
                keep=lambda value: value is not None,
            )
            if kept is None:
                return made["response"]
            return _response(kept)

        return view_kept_whole

    return wrap


def _keepable(response) -> tuple[bytes, dict[str, str]] | None:
    """The answer's body and headers, or None if it is not for everyone."""
    if hasattr(response, "render") and not response.is_rendered:
        response.render()  # a TemplateResponse (Wagtail's sitemap)
    if (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or "private" in response.get("Cache-Control", "")
    ):
        return None
    headers = {name: response[name] for name in KEPT_HEADERS if name in response}
    return response.content, headers


def _response(kept: tuple[bytes, dict[str, str]]) -> HttpResponse:
    content, headers = kept
    response = HttpResponse(content)
    for name, value in headers.items():
        response[name] = value
    return response
