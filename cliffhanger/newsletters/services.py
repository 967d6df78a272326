"""
Subscribing to a newsletter by email: double opt-in, signed links, no account.

    subscription_request(newsletter=n, email=e)   # sends a confirm link
    subscription_confirm(token=token)             # from that link
    subscription_unsubscribe(token=token)         # from any issue (one-click too)
    subscriptions_attach_account(account=u, email=e)  # when that email signs in

The same steps as following a show (tracker/follows.py): asking again within
an hour sends nothing new, whatever the spelling of the inbox, so the form
cannot flood anyone; whether an address was subscribed is never told.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from cliffhanger.core.counters import over_limit
from cliffhanger.core.opt_in import (
    opt_in_confirm,
    opt_in_for_account,
    opt_in_stop,
    opt_ins_attach_account,
)
from cliffhanger.core.text import mailbox_key

from .links import (
    CONFIRM_MAX_AGE,
    CONFIRM_SALT,
    TOKEN_USED,
    UNSUBSCRIBE_SALT,
    SubscriptionTokenError,
    subscription_token_read,
)
from .mail import confirmation_send_task
from .models import Newsletter, Subscription

RESEND_AFTER = timedelta(hours=1)


def subscription_request(*, newsletter: Newsletter, email: str) -> Subscription:
    """
    Start (or restart) a subscription: nothing is sent until the reader
    confirms from the email. An active subscription is left as it is.
    """
    email = email.strip().lower()
    with transaction.atomic():
        try:
            with transaction.atomic():
                subscription = Subscription.objects.create(
                    newsletter=newsletter, email=email
                )
        except IntegrityError:
            subscription = Subscription.objects.select_for_update().get(
                newsletter=newsletter, email=email
            )
        now = timezone.now()
        if subscription.is_active:
            return subscription
        sent_at = subscription.confirmation_sent_at
        if (sent_at and now - sent_at < RESEND_AFTER) or _mailbox_asked_recently(
            subscription, now
        ):
            return subscription
        subscription.confirmation_sent_at = now
        subscription.save(update_fields=["confirmation_sent_at", "updated_at"])
        subscription_id = subscription.pk
        transaction.on_commit(lambda: confirmation_send_task.enqueue(subscription_id))
    return subscription


def _mailbox_asked_recently(subscription: Subscription, now) -> bool:
    """Another spelling of the inbox (dots, +tags) was sent a confirmation for
    this newsletter within RESEND_AFTER: one inbox, one mail."""
    mailbox = mailbox_key(subscription.email)
    recent = Subscription.objects.filter(
        newsletter_id=subscription.newsletter_id,
        confirmation_sent_at__gte=now - RESEND_AFTER,
    ).exclude(pk=subscription.pk)
    return any(
        mailbox_key(email) == mailbox
        for email in recent.values_list("email", flat=True)
    )


def subscribe_rate_limited(*, address_key: str) -> bool:
    """True past NEWSLETTERS_SUBSCRIBE_REQUESTS_PER_HOUR requests from one network."""
    return over_limit(
        "newsletter-subscribe",
        address_key,
        limit=settings.NEWSLETTERS_SUBSCRIBE_REQUESTS_PER_HOUR,
        window_seconds=3600,
    )


def subscription_from_confirm_token(token: str) -> Subscription:
    """The subscription a confirmation link is for, without changing it."""
    subscription, _ = subscription_token_read(
        token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE.total_seconds()
    )
    return subscription


def subscription_confirm(*, token: str) -> Subscription:
    """
    Confirm from the emailed link, once: confirming spends the link, so one
    kept after unsubscribing cannot subscribe the address again. Confirming
    an active subscription changes nothing. Raises SubscriptionTokenError.
    """
    with transaction.atomic():
        subscription, data = subscription_token_read(
            token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE.total_seconds()
        )
        return opt_in_confirm(
            Subscription.objects.select_related("newsletter"),
            pk=subscription.pk,
            data=data,
            spent=SubscriptionTokenError(TOKEN_USED),
        )


def subscription_from_unsubscribe_token(token: str) -> Subscription:
    subscription, _ = subscription_token_read(token, salt=UNSUBSCRIBE_SALT)
    return subscription


def subscription_unsubscribe(*, token: str) -> Subscription:
    """Stop the newsletter for this address; doing it again changes nothing."""
    subscription = subscription_from_unsubscribe_token(token)
    opt_in_stop(Subscription.objects.filter(pk=subscription.pk))
    subscription.refresh_from_db(fields=["unsubscribed_at"])
    return subscription


def subscriptions_attach_account(*, account, email: str) -> int:
    """
    Link the confirmed subscriptions made with `email` to the reader's account
    (receivers.py, once the reader has proven the address by signing in). One
    never confirmed stays as it is: anybody may have typed the address.
    Returns how many were attached.
    """
    return opt_ins_attach_account(Subscription.objects, account=account, email=email)


SUBSCRIBE_NEEDS_VERIFIED_EMAIL = (
    "Confirm an email address for your account first: newsletters are sent to it."
)


def subscription_set_for_account(
    *, newsletter: Newsletter, account, email: str | None, subscribed: bool
) -> Subscription | None:
    """
    Subscribe or unsubscribe from /account/. Subscribing needs no confirmation
    mail: `email` is the account's verified address (None raises ValueError
    with SUBSCRIBE_NEEDS_VERIFIED_EMAIL), and an earlier subscription with it
    becomes the account's. Unsubscribing stops only the account's own
    subscriptions to the newsletter; it returns None.
    """
    if not subscribed:
        opt_in_stop(Subscription.objects.filter(newsletter=newsletter, account=account))
        return None
    if not email:
        raise ValueError(SUBSCRIBE_NEEDS_VERIFIED_EMAIL)
    return opt_in_for_account(
        Subscription, account=account, email=email, newsletter=newsletter
    )
