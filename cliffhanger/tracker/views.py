"""Tracker pages: the board and a show's page."""

from django.http import Http404
from django.shortcuts import render

from .models import SeasonStatus
from .selectors import (
    BOARD_SORTS,
    network_list,
    show_articles,
    show_board,
    show_get_by_slug,
    show_seasons_with_history,
    show_statements,
)
from .structured_data import show_json_ld


def show_board_view(request):
    network = request.GET.get("network", "")
    status = request.GET.get("status", "")
    if status not in SeasonStatus.values:
        status = ""
    sort = request.GET.get("sort", "title")
    if sort not in BOARD_SORTS:
        sort = "title"
    context = {
        "rows": show_board(network=network, status=status, sort=sort),
        "networks": network_list(),
        "statuses": SeasonStatus.choices,
        "selected": {"network": network, "status": status, "sort": sort},
    }
    return render(request, "tracker/show_board.html", context)


def show_detail_view(request, slug):
    show = show_get_by_slug(slug=slug)
    if show is None:
        raise Http404("No such show")
    seasons = show_seasons_with_history(show=show)
    context = {
        "show": show,
        "json_ld": show_json_ld(
            show=show, seasons=seasons, absolute_url=request.build_absolute_uri()
        ),
        "seasons": seasons,
        "latest": seasons[0] if seasons else None,
        "statements": show_statements(show=show),
        "articles": show_articles(show=show),
    }
    return render(request, "tracker/show_detail.html", context)
