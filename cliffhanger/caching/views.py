"""The CSRF token for a form on a shared page, fetched by form-token.js."""

from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.views.decorators.cache import never_cache

ONLY_GET = "Only GET is allowed."


@never_cache
def csrf_token(request):
    """Sets the reader's CSRF cookie and answers the token their forms need."""
    if request.method != "GET":
        # require_GET would answer with an empty HTML 405; this is an API.
        response = JsonResponse({"error": ONLY_GET}, status=405)
        response["Allow"] = "GET"
        return response
    return JsonResponse({"token": get_token(request)})
