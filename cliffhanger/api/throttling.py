"""
The API's rate limit: per network address for anonymous callers (never per
anything the caller chooses), per key for callers with one. Counted in the
shared cache with the one limiter every app uses (core.redis_cache.over_limit).
"""

import time

from django.conf import settings
from rest_framework.throttling import BaseThrottle

from cliffhanger.core.privacy import client_address
from cliffhanger.core.readers import network_key
from cliffhanger.core.redis_cache import over_limit

from .models import ApiKey

WINDOW_SECONDS = 60


class ApiRateThrottle(BaseThrottle):
    def allow_request(self, request, view) -> bool:
        api_key = request.auth if isinstance(request.auth, ApiKey) else None
        if api_key is not None:
            who, limit = f"key:{api_key.pk}", api_key.requests_per_minute
        else:
            who = network_key(client_address(request))
            limit = settings.API_ANONYMOUS_REQUESTS_PER_MINUTE
        return not over_limit("api", who, limit=limit, window_seconds=WINDOW_SECONDS)

    def wait(self) -> float:
        """Seconds until the window that refused the request is over."""
        return WINDOW_SECONDS - (time.time() % WINDOW_SECONDS)
