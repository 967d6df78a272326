from django.shortcuts import render

from .query import search_query_parse
from .selectors import site_search


def search(request):
    """/search/?q= — every reader can search; no query shows the empty form."""
    query = search_query_parse(request.GET.get("q"))
    results = site_search(query=query, page_number=request.GET.get("page"))
    return render(
        request,
        "search/results.html",
        {"results": results, "query": query, "page_obj": results.page},
    )
