"""
The API's rate limit: per network address for anonymous callers (never per
anything the caller chooses), per key for callers with one. Counted in the
shared cache with the one limiter every app uses (core.counters.over_limit).
"""

import time

from django.conf import settings
from rest_framework.throttling import BaseThrottle

from cliffhanger.core.counters import over_limit
from cliffhanger.core.privacy import client_address
from cliffhanger.core.readers import network_key

from .models import ApiKey

WINDOW_SECONDS = 60


def anonymous_over_limit(request) -> bool:
    """Count one call from the request's network; True once past the limit."""
    return over_limit(
        "api",
        network_key(client_address(request)),
        limit=settings.API_ANONYMOUS_REQUESTS_PER_MINUTE,
        window_seconds=WINDOW_SECONDS,
    )


def window_left() -> float:
    """Seconds until the current window is over (Retry-After)."""
    return WINDOW_SECONDS - (time.time() % WINDOW_SECONDS)


class ApiRateThrottle(BaseThrottle):
    def allow_request(self, request, view) -> bool:
        if request.method == "OPTIONS":
            return True  # a browser's preflight, answered from headers alone
        api_key = request.auth if isinstance(request.auth, ApiKey) else None
        if api_key is None:
            return not anonymous_over_limit(request)
        return not over_limit(
            "api",
            f"key:{api_key.pk}",
            limit=api_key.requests_per_minute,
            window_seconds=WINDOW_SECONDS,
        )

    def wait(self) -> float:
        return window_left()
