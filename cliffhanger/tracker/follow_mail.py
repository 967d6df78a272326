"""
The mails a follow sends: the confirmation link, and one mail per status
change to each active follower. The task worker runs these (tasks.py).
"""

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction

from cliffhanger.core.http import site_url

from .follow_links import follow_confirm_url, follow_unsubscribe_url
from .models import SeasonStatusChange, ShowFollow, StatusNotification


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


def status_change_notify(*, change_id: int) -> int:
    """
    Email every active follower of the show about the change, once each: a
    StatusNotification row is claimed before sending, so a retried task or a
    second worker skips whoever already got it. Whoever followed after the
    change was recorded is not told old news when a queued task runs late.
    Returns how many were sent.
    """
    change = SeasonStatusChange.objects.select_related("season__show__network").get(
        pk=change_id
    )
    show = change.season.show
    sent = 0
    for follow in ShowFollow.objects.filter(
        show=show,
        confirmed_at__lte=change.recorded_at,
        unsubscribed_at__isnull=True,
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
        f"The full history: {site_url(show.get_absolute_url())}",
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
