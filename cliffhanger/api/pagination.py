"""Cursor pagination: stable under inserts, and opaque so no one pages by offset."""

from django.conf import settings
from rest_framework.pagination import CursorPagination


def cursor_pages(*ordering: str) -> type[CursorPagination]:
    """A cursor paginator over `ordering` (the first field decides the position)."""
    return type(
        "CursorPages",
        (CursorPagination,),
        {
            "ordering": ordering,
            "page_size": settings.API_PAGE_SIZE,
            "page_size_query_param": "page_size",
            "max_page_size": 100,
        },
    )
