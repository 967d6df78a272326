"""
The signed links in follow mails: confirm and unsubscribe tokens, their
addresses, and reading a token back. Links carry a keyed hash of the
address, never the address; a tampered or expired token raises
FollowTokenError with a message for the reader.
"""

from datetime import timedelta

from django.core import signing
from django.urls import reverse

from cliffhanger.core.confirm_links import confirm_token_make
from cliffhanger.core.http import site_url
from cliffhanger.core.privacy import client_hash

from .models import ShowFollow

CONFIRM_SALT = "tracker.follow.confirm"
UNSUBSCRIBE_SALT = "tracker.follow.unsubscribe"
CONFIRM_MAX_AGE = timedelta(days=7)
TOKEN_INVALID = (
    "This link is not valid. Please use the link from the latest email we sent."
)
TOKEN_EXPIRED = "This confirmation link has expired. Please follow the show again."
TOKEN_USED = (
    "This confirmation link has been used already. To follow the show again, "
    "ask from its page for a new one."
)


class FollowTokenError(Exception):
    pass


def email_tag(email: str) -> str:
    """A short keyed hash of the address: links carry this, never the email itself."""
    return client_hash("follow", email.lower())[:16]


def _token_data(follow: ShowFollow) -> dict:
    return {"f": follow.pk, "e": email_tag(follow.email)}


def confirm_token(follow: ShowFollow) -> str:
    """Names the request it answers: confirming spends it (core/confirm_links.py)."""
    return confirm_token_make(
        _token_data(follow), salt=CONFIRM_SALT, asked_at=follow.confirmation_sent_at
    )


def unsubscribe_token(follow: ShowFollow) -> str:
    return signing.dumps(_token_data(follow), salt=UNSUBSCRIBE_SALT)


def follow_confirm_url(follow: ShowFollow) -> str:
    token = confirm_token(follow)
    return site_url(reverse("tracker:follow_confirm", kwargs={"token": token}))


def follow_unsubscribe_url(follow: ShowFollow) -> str:
    token = unsubscribe_token(follow)
    return site_url(reverse("tracker:follow_unsubscribe", kwargs={"token": token}))


def follow_from_unsubscribe_token(token: str) -> ShowFollow:
    """The follow an unsubscribe link is for, without changing it."""
    follow, _ = follow_token_read(token, salt=UNSUBSCRIBE_SALT)
    return follow


def follow_token_read(token: str, *, salt: str, max_age=None):
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise FollowTokenError(TOKEN_EXPIRED) from None
    except signing.BadSignature:
        raise FollowTokenError(TOKEN_INVALID) from None
    follow = ShowFollow.objects.select_related("show").filter(pk=data.get("f")).first()
    if follow is None or email_tag(follow.email) != data.get("e"):
        raise FollowTokenError(TOKEN_INVALID)
    return follow, data  # the token's data too: a confirm link's request stamp
