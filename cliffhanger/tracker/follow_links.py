"""
The signed links in follow mails: confirm and unsubscribe tokens, their
addresses, and reading a token back. Links carry a keyed hash of the
address, never the address; a tampered or expired token raises
FollowTokenError with a message for the reader.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

from cliffhanger.core.confirm_links import confirm_token_make
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


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _email_tag(email: str) -> str:
    """A short keyed hash of the address: links carry this, never the email itself."""
    return client_hash("follow", email.lower())[:16]


def _token(follow: ShowFollow, *, salt: str) -> str:
    data = {"f": follow.pk, "e": _email_tag(follow.email)}
    if salt == CONFIRM_SALT:
        # Which request this link answers: confirming spends it (see below).
        return confirm_token_make(data, salt=salt, asked_at=follow.confirmation_sent_at)
    return signing.dumps(data, salt=salt)


def follow_confirm_url(follow: ShowFollow) -> str:
    token = _token(follow, salt=CONFIRM_SALT)
    return _absolute(reverse("tracker:follow_confirm", kwargs={"token": token}))


def follow_unsubscribe_url(follow: ShowFollow) -> str:
    token = _token(follow, salt=UNSUBSCRIBE_SALT)
    return _absolute(reverse("tracker:follow_unsubscribe", kwargs={"token": token}))


def follow_from_unsubscribe_token(token: str) -> ShowFollow:
    """The follow an unsubscribe link is for, without changing it."""
    return _follow_from_token(token, salt=UNSUBSCRIBE_SALT)


def _follow_from_token(token: str, *, salt: str, max_age=None) -> ShowFollow:
    follow, _ = _follow_and_data(token, salt=salt, max_age=max_age)
    return follow


def _follow_and_data(token: str, *, salt: str, max_age=None):
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise FollowTokenError(TOKEN_EXPIRED) from None
    except signing.BadSignature:
        raise FollowTokenError(TOKEN_INVALID) from None
    follow = ShowFollow.objects.select_related("show").filter(pk=data.get("f")).first()
    if follow is None or _email_tag(follow.email) != data.get("e"):
        raise FollowTokenError(TOKEN_INVALID)
    return follow, data
