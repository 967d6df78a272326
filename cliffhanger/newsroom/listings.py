"""
A listing of articles split into numbered pages, as Django's Paginator does,
with its length kept under "articles" (caching/fragments.py): the page around
the list is numbered without a query, and its rows are read only when the list
is drawn, which it is not while the list's own piece is kept (article_list.html).
"""

from collections.abc import Callable

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import SimpleLazyObject

from cliffhanger.caching.dependencies import page_number_honoured
from cliffhanger.caching.fragments import remembered


class _KeptLengthListing:
    """What Paginator needs of a list: its length (kept) and slices (read when used)."""

    def __init__(self, name: str, make_rows: Callable[[], QuerySet]):
        self._name = name
        self._make_rows = make_rows

    def count(self) -> int:
        return remembered(
            "listing-length",
            self._name,
            tags=("articles",),
            compute=lambda: self._make_rows().count(),
        )

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice):
        return SimpleLazyObject(lambda: list(self._make_rows()[index]))


def listing_page(request, name: str, make_rows: Callable[[], QuerySet]) -> Page:
    """
    The page of `make_rows()` that `?page=` asks for (the last for a number
    past it, the first for junk, which the page cache then does not keep).
    `name` tells this listing apart from every other (its kept length's key).
    """
    paginator = Paginator(
        _KeptLengthListing(name, make_rows), settings.NEWSROOM_ARTICLES_PER_PAGE
    )
    requested = request.GET.get("page")
    page_obj = paginator.get_page(requested)
    page_number_honoured("page", requested, page_obj.number)
    return page_obj
