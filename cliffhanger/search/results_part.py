"""
The results part of /search/ (summary, shows and people, articles, pages),
kept as HTML per query, page and host under what it lists, so a query many
readers make (a show's name the night of its finale) costs one cache read,
not its full-text searches and a render (16 ms).

Only an address of `q` and a page number is kept: anything else in the query
string (which the page links carry on) is answered fresh, so it adds no copy.
"""

import re
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString

from cliffhanger.caching.fragments import remembered

from .cache_rules import SEARCH_INDEX
from .query import SearchQuery
from .selectors import site_search

PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,3}")


@dataclass(frozen=True)
class PageShown:
    """What the layout's rel="prev"/"next" links read of the page shown, named
    as a paginator's page names them."""

    number: int
    previous_exists: bool
    next_exists: bool

    def has_previous(self) -> bool:
        return self.previous_exists

    def has_next(self) -> bool:
        return self.next_exists

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


@dataclass(frozen=True)
class ResultsPart:
    html: SafeString
    page: PageShown | None


def search_results_part(request, query: SearchQuery, results) -> ResultsPart:
    """The results as HTML; `results` (lazy) is searched only when not kept."""

    def render() -> ResultsPart:
        html = render_to_string(
            "search/includes/results_body.html",
            {
                "query": query,
                "results": results,
                "page_obj": results.page,
                "request": request,
            },
        )
        page = results.page
        shown = page and PageShown(page.number, page.has_previous(), page.has_next())
        return ResultsPart(SafeString(html), shown)

    return remembered(
        "search-results",
        request.get_host(),
        query.raw,
        request.GET.get("page"),
        tags=("articles", "shows", SEARCH_INDEX),
        compute=render,
        shared=_is_plain_search(request.GET),
    )


def lazy_results(query: SearchQuery, page_number):
    """site_search(), run when something reads it."""
    return SimpleLazyObject(lambda: site_search(query=query, page_number=page_number))


def _is_plain_search(params) -> bool:
    page = params.getlist("page")
    return (
        set(params) <= {"q", "page"}
        and len(params.getlist("q")) == 1
        and (
            not page or (len(page) == 1 and PAGE_NUMBER.fullmatch(page[0]) is not None)
        )
    )
