"""Hashing of client identifiers: IP addresses are never stored in clear."""

import hashlib
import hmac

from django.conf import settings


def client_address(request) -> str:
    """The client's address as the server saw it (a proxy must set REMOTE_ADDR)."""
    return request.META.get("REMOTE_ADDR", "") or ""


def client_hash(*parts: str) -> str:
    """A salted, keyed hash of identifying values (address, user agent, day…)."""
    salt = (settings.IP_HASH_SALT or settings.SECRET_KEY).encode()
    message = "\x1f".join(parts).encode()
    return hmac.new(salt, message, hashlib.sha256).hexdigest()
