"""
The mails newsletters send: the confirmation link, and an issue to one
subscriber. An issue is rendered once per batch (issue_parts) and only its
unsubscribe link changes per subscriber (issue_message): no tracking pixel,
no rewritten links, nothing else personal.
"""

from dataclasses import dataclass
from email.utils import make_msgid
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django_tasks import task

from cliffhanger.core.http import site_url
from cliffhanger.core.text import display_name_clean

from .links import confirm_url
from .models import Issue, Subscription

UNSUBSCRIBE_PLACEHOLDER = "__newsletter_unsubscribe_url__"
ONE_CLICK = "List-Unsubscribe=One-Click"  # RFC 8058


def one_line(value: str) -> str:
    """Text safe in a mail header: one line, no control or invisible characters."""
    return display_name_clean(value)[:200]


@task()
def confirmation_send_task(subscription_id: int) -> None:
    confirmation_send(subscription_id=subscription_id)


def confirmation_send(*, subscription_id: int) -> bool:
    """Mail the confirmation link, unless the request was answered or replaced meanwhile."""
    subscription = (
        Subscription.objects.select_related("newsletter")
        .filter(pk=subscription_id)
        .first()
    )
    if subscription is None or subscription.is_active:
        return False
    if subscription.confirmation_sent_at is None:
        return False
    title = one_line(subscription.newsletter.title)
    EmailMessage(
        subject=one_line(f"Confirm: {title} from Cliffhanger"),
        body=(
            f"Someone (we hope you) asked to receive the newsletter “{title}”.\n\n"
            f"To confirm, open this link within a week:\n{confirm_url(subscription)}\n\n"
            "If it wasn't you, ignore this email: nothing more will be sent."
        ),
        to=[subscription.email],
    ).send()
    return True


@dataclass(frozen=True)
class IssueParts:
    """What every subscriber's copy of an issue shares."""

    subject: str
    html: str
    text: str
    list_id: str
    archive_url: str


def issue_parts(issue: Issue) -> IssueParts:
    newsletter = issue.newsletter
    archive_url = site_url(issue.get_absolute_url())
    context = {
        "issue": issue,
        "newsletter": newsletter,
        "content_html": mark_safe(issue.content_html),  # our own template's output
        "archive_url": archive_url,
        "newsletter_url": site_url(newsletter.get_absolute_url()),
        "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
    }
    host = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"
    return IssueParts(
        subject=one_line(issue.subject),
        html=render_to_string("newsletters/email/issue.html", context),
        text=render_to_string("newsletters/email/issue.txt", context),
        list_id=f"{one_line(newsletter.title)} <{newsletter.slug}.newsletters.{host}>",
        archive_url=archive_url,
    )


def unsubscribe_headers(unsubscribe_url: str, *, token: str = "") -> dict:
    """List-Unsubscribe (https, plus mailto when configured) and RFC 8058's one-click."""
    targets = [f"<{unsubscribe_url}>"]
    mailto = settings.NEWSLETTERS_UNSUBSCRIBE_MAILTO
    if mailto:
        subject = quote(f"unsubscribe {token}".strip())
        targets.append(f"<mailto:{mailto}?subject={subject}>")
    return {
        "List-Unsubscribe": ", ".join(targets),
        "List-Unsubscribe-Post": ONE_CLICK,
    }


def issue_message(
    parts: IssueParts,
    *,
    to: str,
    unsubscribe_url: str,
    token: str = "",
    connection=None,
) -> EmailMultiAlternatives:
    """One subscriber's copy: HTML and plain text, their own unsubscribe link."""
    message = EmailMultiAlternatives(
        subject=parts.subject,
        body=parts.text.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url),
        to=[to],
        connection=connection,
        headers={
            **unsubscribe_headers(unsubscribe_url, token=token),
            "List-Id": parts.list_id,
            "List-Archive": f"<{parts.archive_url}>",
            "Message-ID": make_msgid(domain=_message_domain()),
        },
    )
    message.attach_alternative(
        parts.html.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url), "text/html"
    )
    return message


def _message_domain() -> str:
    # Django's default (the machine's FQDN) costs a DNS lookup on some hosts.
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"
