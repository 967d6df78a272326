"""
Who is this reader, without an account? A random id in a signed cookie plus a
salted hash of their network address. Votes and reports of every kind keep
one row per reader under two unique constraints (one per key), so neither
clearing cookies nor switching browsers or User-Agent strings buys a second
vote: the address key is the address alone (an IPv6 /64 counts once, since a
home or phone gets a whole /64), never anything the client chooses.
"""

import ipaddress
import secrets
from functools import cached_property

from django.conf import settings
from django.core import signing

from .privacy import client_address, client_hash

READER_COOKIE = "cliff_reader"
READER_COOKIE_SALT = "discussion.cliff_reader"  # kept: existing cookies stay valid
YEAR = 365 * 24 * 60 * 60


class ReaderKeys:
    """
    The reader's two keys, each hashed when first asked for: a page that
    only needs to know whether the reader is new (a first-time reader's
    polls) hashes nothing.
    """

    def __init__(self, request, cookie_value: str, is_new: bool):
        self._request = request
        self.cookie_value = cookie_value
        self.is_new = is_new

    @cached_property
    def reader_key(self) -> str:
        return client_hash("reader", self.cookie_value)

    @cached_property
    def address_key(self) -> str:
        return network_key(client_address(self._request))

    def remember(self, response) -> None:
        """Set the reader cookie on the response when the reader had none."""
        if self.is_new:
            response.set_signed_cookie(
                READER_COOKIE,
                self.cookie_value,
                salt=READER_COOKIE_SALT,
                max_age=YEAR,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )


def reader_keys(request) -> ReaderKeys:
    try:
        value = request.get_signed_cookie(READER_COOKIE, salt=READER_COOKIE_SALT)
        is_new = False
    except (KeyError, signing.BadSignature, ValueError):
        value, is_new = secrets.token_urlsafe(16), True
    return ReaderKeys(request, value, is_new)


def reader_network(address: str) -> str:
    """
    The network an address belongs to: the IPv4 address's
    /READER_NETWORK_PREFIX_V4 (32, the address itself, by default) or the
    IPv6 address's /READER_NETWORK_PREFIX_V6 (64). Wider prefixes let fewer
    readers behind one network vote; narrower ones let one reader vote more.
    Not an address at all: returned as it is.
    """
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    prefix = (
        settings.READER_NETWORK_PREFIX_V4
        if parsed.version == 4
        else settings.READER_NETWORK_PREFIX_V6
    )
    return str(ipaddress.ip_network(f"{parsed}/{prefix}", strict=False))


def network_key(address: str) -> str:
    """A salted hash of the network an address belongs to (reader_network)."""
    return client_hash("network", reader_network(address))
