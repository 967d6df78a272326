"""
The signed links in newsletter mails, built like a show follow's
(tracker/follow_links.py, core/confirm_links.py): a confirm link that expires
and acts once, and an unsubscribe link in every issue. Links carry a keyed
hash of the address, never the address; a tampered or expired token raises
SubscriptionTokenError with a message for the reader.
"""

from datetime import timedelta

from django.core import signing
from django.urls import reverse

from cliffhanger.core.confirm_links import confirm_token_make
from cliffhanger.core.http import site_url
from cliffhanger.core.privacy import client_hash

from .models import Subscription

CONFIRM_SALT = "newsletters.subscription.confirm"
UNSUBSCRIBE_SALT = "newsletters.subscription.unsubscribe"
CONFIRM_MAX_AGE = timedelta(days=7)
TOKEN_INVALID = (
    "This link is not valid. Please use the link from the latest email we sent."
)
TOKEN_EXPIRED = (
    "This confirmation link has expired. Please subscribe again from the "
    "newsletter's page."
)
TOKEN_USED = (
    "This confirmation link has been used already. To subscribe again, ask "
    "for a new one from the newsletter's page."
)


class SubscriptionTokenError(Exception):
    pass


def email_tag(email: str) -> str:
    """A short keyed hash of the address: links carry this, never the email itself."""
    return client_hash("newsletter", email.lower())[:16]


def _token_data(subscription: Subscription) -> dict:
    # "s" is the confirm stamp's key (core/confirm_links.py).
    return {"n": subscription.pk, "e": email_tag(subscription.email)}


def confirm_token(subscription: Subscription) -> str:
    """Names the request it answers: confirming spends it (core/confirm_links.py)."""
    return confirm_token_make(
        _token_data(subscription),
        salt=CONFIRM_SALT,
        asked_at=subscription.confirmation_sent_at,
    )


def unsubscribe_token(subscription: Subscription) -> str:
    return signing.dumps(_token_data(subscription), salt=UNSUBSCRIBE_SALT)


def confirm_url(subscription: Subscription) -> str:
    token = confirm_token(subscription)
    return site_url(reverse("newsletters:confirm", kwargs={"token": token}))


def unsubscribe_url(subscription: Subscription) -> str:
    token = unsubscribe_token(subscription)
    return site_url(reverse("newsletters:unsubscribe", kwargs={"token": token}))


def subscription_token_read(token: str, *, salt: str, max_age=None):
    """The subscription a token names and the token's data; raises SubscriptionTokenError."""
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise SubscriptionTokenError(TOKEN_EXPIRED) from None
    except signing.BadSignature:
        raise SubscriptionTokenError(TOKEN_INVALID) from None
    if not isinstance(data, dict):
        raise SubscriptionTokenError(TOKEN_INVALID)
    subscription = (
        Subscription.objects.select_related("newsletter")
        .filter(pk=data.get("n") if isinstance(data.get("n"), int) else None)
        .first()
    )
    if subscription is None or email_tag(subscription.email) != data.get("e"):
        raise SubscriptionTokenError(TOKEN_INVALID)
    return subscription, data
