"""Every API error is JSON: `{"detail": "...", "code": "..."}`, plus `fields` for bad filters."""

from django.http import Http404, JsonResponse
from rest_framework import exceptions
from rest_framework.views import exception_handler

from .cors import cors_allowed


def api_exception_handler(exc, context):
    response = exception_handler(exc, context)
    if response is None:
        return None  # not an API error: the site's 500 handling takes it
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "detail": "Some query parameters are not valid.",
            "code": "invalid",
            "fields": data,
        }
    elif isinstance(exc, Http404):
        response.data = {"detail": "Not found.", "code": "not_found"}
    elif isinstance(data, dict) and "detail" in data:
        detail = data["detail"]
        response.data = {
            "detail": str(detail),
            "code": getattr(detail, "code", "error"),
        }
    return response


def json_error(detail: str, code: str, status: int) -> JsonResponse:
    """The API's error shape for views outside DRF (oEmbed, unknown paths)."""
    return cors_allowed(JsonResponse({"detail": detail, "code": code}, status=status))


def api_not_found(request, *args, **kwargs):
    """An address under /api/ that names no resource."""
    return json_error("No such API resource.", "not_found", 404)
