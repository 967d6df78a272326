"""The CSRF token for a form on a shared page, fetched by form-token.js."""

from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def csrf_token(request):
    """Sets the reader's CSRF cookie and answers the token their forms need."""
    return JsonResponse({"token": get_token(request)})
