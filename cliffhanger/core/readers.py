"""
Who is this reader, without an account? A random id in a signed cookie plus a
salted hash of address and user agent. Votes of every kind keep one row per
reader under two unique constraints (one per key), so neither clearing
cookies nor switching networks alone buys a second vote.
"""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing

from .privacy import client_address, client_hash

READER_COOKIE = "cliff_reader"
READER_COOKIE_SALT = "discussion.cliff_reader"  # kept: existing cookies stay valid
YEAR = 365 * 24 * 60 * 60


@dataclass
class ReaderKeys:
    reader_key: str
    address_key: str
    cookie_value: str
    is_new: bool

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
    return ReaderKeys(
        reader_key=client_hash("reader", value),
        address_key=client_hash(
            client_address(request), request.headers.get("User-Agent", "")
        ),
        cookie_value=value,
        is_new=is_new,
    )
