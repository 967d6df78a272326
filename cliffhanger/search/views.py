from django.shortcuts import render

from .query import search_query_parse
from .results_part import lazy_results, search_results_part


def search(request):
    """/search/?q= — every reader can search; no query shows the empty form."""
    query = search_query_parse(request.GET.get("q"))
    results = lazy_results(query, request.GET.get("page"))
    part = search_results_part(request, query, results) if query else None
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
