"""Hashing of client identifiers: IP addresses are never stored in clear."""

import functools
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
    networks = _networks(tuple(trusted))
    if "*" not in trusted and not _within(remote, networks):
        return remote
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        try:
            address = ipaddress.ip_address(hop.strip())
        except ValueError:
            break
        if not _within(address, networks):
            return str(address)
    return remote


@functools.lru_cache(maxsize=16)
def _networks(entries: tuple[str, ...]) -> tuple:
    """The entries as networks, as gunicorn reads the same variable ("10.0.0.0/8");
    parsed once per setting, not on every request (30 us each time)."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:  # "*", or a typo gunicorn would refuse anyway
            continue
    return tuple(networks)


def _within(address, networks) -> bool:
    try:
        address = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(address in network for network in networks)


def client_hash(*parts: str) -> str:
    """A salted, keyed hash of identifying values (address, user agent, day…)."""
    salt = (settings.IP_HASH_SALT or settings.SECRET_KEY).encode()
    message = "\x1f".join(parts).encode()
    return hmac.new(salt, message, hashlib.sha256).hexdigest()
