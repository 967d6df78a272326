from django.shortcuts import render

from cliffhanger.caching.dependencies import (
    SITE_WIDE,
    depends_on,
    not_for_keeping,
    page_number_honoured,
    query_read,
)

from .query import search_query_parse
from .results_part import lazy_results, search_results_part


def search(request):
    """/search/?q= — every reader can search; no query shows the empty form.
    The page cache may keep a search of `q` and `page` (PAGE_CACHE_QUERY_PARAMS
    bounds the words a kept `q` may hold) under what its results list."""
    depends_on(*SITE_WIDE)
    query_read("q", "page")
    query = search_query_parse(request.GET.get("q"))
    if "q" in request.GET and request.GET["q"] != query.text:
        not_for_keeping()  # only the words as searched: no copy per spelling of them
    results = lazy_results(query, request.GET.get("page"))
    part = search_results_part(request, query, results) if query else None
    if part and part.page:
        page_number_honoured("page", request.GET.get("page"), part.page.number)
    elif "page" in request.GET:
        not_for_keeping()  # no results to number
    return render(
        request,
        "search/results.html",
        {
            "query": query,
            "results": results,  # searched only when the part was not kept
            "results_html": part and part.html,
            "page_obj": part and part.page,
        },
    )
