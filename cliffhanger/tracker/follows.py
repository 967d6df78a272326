"""
Following a show by email: double opt-in, signed links, one email per change.

    show_follow_request(show=show, email=email)      # sends a confirm link
    show_follow_confirm(token=token)                  # from that link
    show_follow_unsubscribe(token=token)              # from any notification

Their links live in follow_links.py, their mails in follow_mail.py.

Links carry a signed token (no account, nothing guessable); a tampered or
expired token raises FollowTokenError with a message for the reader.
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

from .follow_links import (
    CONFIRM_MAX_AGE,
    CONFIRM_SALT,
    TOKEN_USED,
    FollowTokenError,
    follow_from_unsubscribe_token,
    follow_token_read,
)
from .models import Show, ShowFollow
from .tasks import send_follow_confirmation

RESEND_AFTER = timedelta(hours=1)


def follow_from_confirm_token(token: str) -> ShowFollow:
    """The follow a confirmation link is for, without changing it."""
    follow, _ = follow_token_read(
        token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE.total_seconds()
    )
    return follow


def show_follow_request(*, show: Show, email: str) -> ShowFollow:
    """
    Start (or restart) following: nothing is sent about the show until the
    reader confirms from the email. Asking again within an hour sends nothing
    new, so the form cannot be used to flood someone's inbox.
    """
    email = email.strip().lower()
    with transaction.atomic():
        try:
            with transaction.atomic():
                follow = ShowFollow.objects.create(show=show, email=email)
        except IntegrityError:
            follow = ShowFollow.objects.select_for_update().get(show=show, email=email)
        now = timezone.now()
        if follow.is_active:
            return follow
        if (
            follow.confirmation_sent_at
            and now - follow.confirmation_sent_at < RESEND_AFTER
        ) or _mailbox_asked_recently(follow, now):
            return follow
        follow.confirmation_sent_at = now
        follow.save(update_fields=["confirmation_sent_at", "updated_at"])
        transaction.on_commit(lambda: _confirmation_enqueue(follow.pk))
    return follow


def _mailbox_asked_recently(follow: ShowFollow, now) -> bool:
    """Whether another spelling of the address (dots, +tags) was sent a
    confirmation for this show within RESEND_AFTER: one inbox, one mail."""
    mailbox = mailbox_key(follow.email)
    recent = ShowFollow.objects.filter(
        show_id=follow.show_id, confirmation_sent_at__gte=now - RESEND_AFTER
    ).exclude(pk=follow.pk)
    return any(
        mailbox_key(email) == mailbox
        for email in recent.values_list("email", flat=True)
    )


def follow_request_rate_limited(*, address_key: str) -> bool:
    """True past TRACKER_FOLLOW_REQUESTS_PER_HOUR follow requests from one network."""
    return over_limit(
        "follow-requests",
        address_key,
        limit=settings.TRACKER_FOLLOW_REQUESTS_PER_HOUR,
        window_seconds=3600,
    )


def _confirmation_enqueue(follow_id: int) -> None:
    send_follow_confirmation.enqueue(follow_id)


def show_follow_confirm(*, token: str) -> ShowFollow:
    """
    Confirm a follow from its emailed link, once: the link names the request
    it answers, and confirming spends it, so a link kept after unsubscribing
    cannot subscribe the address again. Confirming an active follow is a no-op.
    """
    with transaction.atomic():
        follow, data = follow_token_read(
            token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE.total_seconds()
        )
        return opt_in_confirm(
            ShowFollow.objects.select_related("show"),
            pk=follow.pk,
            data=data,
            spent=FollowTokenError(TOKEN_USED),
        )


def show_follow_unsubscribe(*, token: str) -> ShowFollow:
    follow = follow_from_unsubscribe_token(token)
    opt_in_stop(ShowFollow.objects.filter(pk=follow.pk))
    follow.refresh_from_db(fields=["unsubscribed_at"])
    return follow


# Signed-in readers: their proven address (accounts.selectors.user_verified_email)
# needs no confirmation mail, and what they did anonymously with it is theirs.

FOLLOW_NEEDS_VERIFIED_EMAIL = (
    "Confirm an email address for your account first: follows are sent to it."
)


def show_follows_attach_account(*, account, email: str) -> int:
    """
    Link the confirmed follows made with `email` to the reader's account.
    Only for an address the reader has proven (accounts.signals
    .reader_email_verified); a follow never confirmed stays as it is, since
    anybody may have typed the address. Returns how many were attached.
    """
    return opt_ins_attach_account(ShowFollow.objects, account=account, email=email)


def show_follow_for_account(*, show: Show, account, email: str | None) -> ShowFollow:
    """
    Follow from /account/: active at once, with no confirmation mail, since
    `email` is the account's verified address (None raises ValueError with
    FOLLOW_NEEDS_VERIFIED_EMAIL). An earlier follow with that address,
    anonymous or unsubscribed, becomes the account's and active again.
    """
    if not email:
        raise ValueError(FOLLOW_NEEDS_VERIFIED_EMAIL)
    return opt_in_for_account(ShowFollow, account=account, email=email, show=show)


def show_unfollow_for_account(*, show: Show, account) -> int:
    """
    Stop the account's follow of the show (kept, as unsubscribed, like one
    stopped from a mail's link). Only the account's own follows are touched;
    returns how many changed (0 when it was not following).
    """
    return opt_in_stop(ShowFollow.objects.filter(show=show, account=account))
