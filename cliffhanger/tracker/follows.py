"""
Following a show by email: double opt-in, signed links, one email per change.

    show_follow_request(show=show, email=email)      # sends a confirm link
    show_follow_confirm(token=token)                  # from that link
    show_follow_unsubscribe(token=token)              # from any notification
    status_change_notify(change=change)               # the task does this

Links carry a signed token (no account, nothing guessable); a tampered or
expired token raises FollowTokenError with a message for the reader.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cliffhanger.core.confirm_links import confirm_token_is_spent, confirm_token_make
from cliffhanger.core.privacy import client_hash
from cliffhanger.core.redis_cache import over_limit
from cliffhanger.core.text import mailbox_key

from .models import SeasonStatusChange, Show, ShowFollow, StatusNotification

CONFIRM_SALT = "tracker.follow.confirm"
UNSUBSCRIBE_SALT = "tracker.follow.unsubscribe"
CONFIRM_MAX_AGE = timedelta(days=7)
RESEND_AFTER = timedelta(hours=1)
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


def follow_from_confirm_token(token: str) -> ShowFollow:
    """The follow a confirmation link is for, without changing it."""
    return _follow_from_token(
        token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE.total_seconds()
    )


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
    from .tasks import send_follow_confirmation

    send_follow_confirmation.enqueue(follow_id)


def follow_confirmation_send(*, follow_id: int) -> None:
    follow = ShowFollow.objects.select_related("show").get(pk=follow_id)
    message = EmailMessage(
        subject=f"Confirm: follow {follow.show.title} on Cliffhanger",
        body=(
            f"Someone (we hope you) asked to be told when {follow.show.title} is renewed, "
            "cancelled or gets a date.\n\n"
            f"To confirm, open this link:\n{follow_confirm_url(follow)}\n\n"
            "If it wasn't you, ignore this email and nothing more will be sent."
        ),
        to=[follow.email],
    )
    message.send()


def show_follow_confirm(*, token: str) -> ShowFollow:
    """
    Confirm a follow from its emailed link, once: the link names the request
    it answers, and confirming spends it, so a link kept after unsubscribing
    cannot subscribe the address again. Confirming an active follow is a no-op.
    """
    with transaction.atomic():
        follow, data = _follow_and_data(
            token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE.total_seconds()
        )
        follow = (
            ShowFollow.objects.select_for_update()
            .select_related("show")
            .get(pk=follow.pk)
        )
        if follow.is_active:
            return follow
        if confirm_token_is_spent(data, asked_at=follow.confirmation_sent_at):
            raise FollowTokenError(TOKEN_USED)
        follow.confirmed_at = timezone.now()
        follow.unsubscribed_at = None
        follow.confirmation_sent_at = None
        follow.save(
            update_fields=[
                "confirmed_at",
                "unsubscribed_at",
                "confirmation_sent_at",
                "updated_at",
            ]
        )
    return follow


def show_follow_unsubscribe(*, token: str) -> ShowFollow:
    follow = _follow_from_token(token, salt=UNSUBSCRIBE_SALT)
    if follow.unsubscribed_at is None:
        follow.unsubscribed_at = timezone.now()
        follow.save(update_fields=["unsubscribed_at", "updated_at"])
    return follow


def status_change_notify(*, change_id: int) -> int:
    """
    Email every active follower of the show about the change, once each: a
    StatusNotification row is claimed before sending, so a retried task or a
    second worker skips whoever already got it. Returns how many were sent.
    """
    change = SeasonStatusChange.objects.select_related("season__show__network").get(
        pk=change_id
    )
    show = change.season.show
    sent = 0
    for follow in ShowFollow.objects.filter(
        show=show, confirmed_at__isnull=False, unsubscribed_at__isnull=True
    ):
        try:
            with transaction.atomic():
                StatusNotification.objects.create(change=change, follow=follow)
                _status_email(change=change, follow=follow).send()
        except IntegrityError:
            continue  # already notified
        sent += 1
    return sent


def _status_email(*, change: SeasonStatusChange, follow: ShowFollow) -> EmailMessage:
    show = change.season.show
    unsubscribe = follow_unsubscribe_url(follow)
    lines = [
        f"{show.title} season {change.season.number}: {change.get_status_display()} "
        f"as of {change.effective_date:%d %B %Y}.",
    ]
    if change.note:
        lines.append(change.note)
    if change.source_outlet:
        lines.append(f"Source: {change.source_outlet} {change.source_url}".strip())
    lines += [
        "",
        f"The full history: {_absolute(show.get_absolute_url())}",
        "",
        f"Stop these emails: {unsubscribe}",
    ]
    return EmailMessage(
        subject=f"{show.title}: {change.get_status_display()}",
        body="\n".join(lines),
        to=[follow.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
