"""Reading an API key from a request: `Authorization: Bearer chk_…` or `X-Api-Key`."""

import hmac

from django.utils import timezone
from rest_framework import authentication, exceptions

from .models import KEY_PREFIX, ApiKey, key_hash
from .throttling import anonymous_over_limit, window_left

# last_used_at is written at most this often per key, not on every request.
LAST_USED_RESOLUTION_SECONDS = 300


def presented_key(request) -> str | None:
    """The key sent, "" for a malformed one, None when the caller sent none."""
    header = request.META.get("HTTP_AUTHORIZATION")
    if header is not None:
        scheme, _, key = header.partition(" ")
        return key.strip() if scheme.lower() == "bearer" else ""
    return request.META.get("HTTP_X_API_KEY")


def api_key_find(key: str) -> ApiKey | None:
    """The active key matching `key`, compared in constant time; else None."""
    parts = key.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        return None
    found = ApiKey.objects.filter(prefix=parts[1], revoked_at__isnull=True).first()
    if found is None or not hmac.compare_digest(found.hashed, key_hash(key)):
        return None
    return found


def api_key_touch(api_key: ApiKey) -> None:
    now = timezone.now()
    last = api_key.last_used_at
    if last is None or (now - last).total_seconds() > LAST_USED_RESOLUTION_SECONDS:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """A key is optional; a wrong or revoked one is refused, never ignored."""

    def authenticate(self, request):
        key = presented_key(request)
        if key is None:
            return None
        api_key = api_key_find(key.strip())
        if api_key is None:  # counted as an anonymous call: guessing costs the limit
            if anonymous_over_limit(request):
                raise exceptions.Throttled(wait=window_left())
            raise exceptions.AuthenticationFailed("This API key is not valid.")
        api_key_touch(api_key)
        return (None, api_key)

    def authenticate_header(self, request):
        return 'Bearer realm="api"'
