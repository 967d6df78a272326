"""Background work for readers' accounts (django-tasks)."""

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


# A reader is waiting at the code page: the worker takes this before a
# backlog of renditions or a newsletter's batches.
@task(priority=100)
def send_account_mail(
    *,
    subject: str,
    body: str,
    from_email: str,
    to: list[str],
    html: str = "",
    headers: dict[str, str] | None = None,
) -> int:
    """Send a sign-in code or an address check that a request rendered."""
    message = EmailMultiAlternatives(
        subject, body, from_email, to, headers=headers or {}
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()
