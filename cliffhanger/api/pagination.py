"""Cursor pagination: stable under inserts, and opaque so no one pages by offset."""

from django.conf import settings
from django.core.exceptions import ValidationError
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as InvalidParameter
from rest_framework.pagination import CursorPagination


class CheckedCursorPagination(CursorPagination):
    """DRF decodes a cursor but not the position inside it: an edited cursor
    ("p=not-a-date") fails in the query. It is a cursor that is not valid."""

    def get_page_size(self, request):
        """page_size from 1 to max_page_size; anything else is a 400, not
        silently the default (DRF's way)."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise InvalidParameter(
                {"page_size": [f"A whole number from 1 to {self.max_page_size}."]}
            )
        return int(raw)

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except (ValueError, ValidationError, OverflowError) as error:
            raise NotFound(self.invalid_cursor_message) from error


def cursor_pages(*ordering: str) -> type[CursorPagination]:
    """A cursor paginator over `ordering` (the first field decides the position)."""
    return type(
        "CursorPages",
        (CheckedCursorPagination,),
        {
            "ordering": ordering,
            "page_size": settings.API_PAGE_SIZE,
            "page_size_query_param": "page_size",
            "max_page_size": 100,
        },
    )
