"""Hashing of client identifiers: IP addresses are never stored in clear."""

import hashlib
import hmac
import ipaddress

from django.conf import settings


def client_address(request) -> str:
    """
    The reader's address. Behind a proxy listed in FORWARDED_ALLOW_IPS (nginx,
    a load balancer) REMOTE_ADDR is the proxy's, so the address is the
    nearest hop in X-Forwarded-For that is not one of those proxies: hops
    further left were written by the client and could be anything.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    trusted = settings.TRUSTED_PROXIES
    if remote not in trusted:
        return remote
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        hop = hop.strip()
        if hop in trusted:
            continue
        try:
            return str(ipaddress.ip_address(hop))
        except ValueError:
            break
    return remote


def client_hash(*parts: str) -> str:
    """A salted, keyed hash of identifying values (address, user agent, day…)."""
    salt = (settings.IP_HASH_SALT or settings.SECRET_KEY).encode()
    message = "\x1f".join(parts).encode()
    return hmac.new(salt, message, hashlib.sha256).hexdigest()
