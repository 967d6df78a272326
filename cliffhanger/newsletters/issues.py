"""
Writes for editors' issues: compose one from the news, change its intro or
subject, schedule it, test-send it to oneself. Sending itself is sending.py.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tasks import task

from cliffhanger.core.http import site_url

from .composers import issue_content_compose
from .mail import issue_message, issue_parts
from .models import Cadence, Issue, IssueStatus, Newsletter

ISSUE_NOTHING_NEW = "Nothing to send: no news for this newsletter in the period."
ISSUE_NOT_CHANGEABLE = "This issue has started sending; it can no longer change."
ISSUE_SEND_AT_REQUIRED = "Choose when to send the issue."
ISSUE_SEND_AT_PAST = "Choose a time in the future, or send it now."
TEST_SUBJECT_PREFIX = "[Test] "

# Issues still open to editing.
CHANGEABLE = (IssueStatus.DRAFT, IssueStatus.SCHEDULED)


def cadence_length(newsletter: Newsletter) -> timedelta:
    return timedelta(days=7 if newsletter.cadence == Cadence.WEEKLY else 1)


def issue_period_since(*, newsletter: Newsletter, until) -> object:
    """Where a new issue starts: where the last one that went (or will go)
    ended, but never more than two periods back."""
    earliest = until - 2 * cadence_length(newsletter)
    last_end = (
        newsletter.issues.exclude(status=IssueStatus.DRAFT)
        .filter(period_end__lte=until)
        .order_by("-period_end")
        .values_list("period_end", flat=True)
        .first()
    )
    if last_end is None:
        return until - cadence_length(newsletter)
    return max(last_end, earliest)


def issue_compose(
    *,
    newsletter: Newsletter,
    since=None,
    until=None,
    created_by=None,
    slot_at=None,
) -> Issue:
    """
    A draft issue of the news in [since, until) (by default: since the last
    issue, until now). Raises ValidationError(ISSUE_NOTHING_NEW) when the
    period holds nothing for this newsletter.
    """
    until = until or timezone.now()
    since = since or issue_period_since(newsletter=newsletter, until=until)
    content = issue_content_compose(newsletter=newsletter, since=since, until=until)
    if content is None:
        raise ValidationError(ISSUE_NOTHING_NEW)
    issue = Issue(
        newsletter=newsletter,
        subject=content.subject,
        content_html=content.html,
        content_text=content.text,
        period_start=since,
        period_end=until,
        slot_at=slot_at,
        created_by=created_by,
    )
    issue.full_clean()
    issue.save()
    return issue


def _changeable(issue: Issue) -> None:
    if issue.status not in CHANGEABLE:
        raise ValidationError(ISSUE_NOT_CHANGEABLE)


def issue_schedule(*, issue: Issue, send_at=None) -> Issue:
    """Send the issue at `send_at` (or its own send_at): the scheduler starts it when due."""
    _changeable(issue)
    send_at = send_at or issue.send_at
    if send_at is None:
        raise ValidationError(ISSUE_SEND_AT_REQUIRED)
    if send_at <= timezone.now():
        raise ValidationError(ISSUE_SEND_AT_PAST)
    updated = Issue.objects.filter(pk=issue.pk, status__in=CHANGEABLE).update(
        status=IssueStatus.SCHEDULED, send_at=send_at, updated_at=timezone.now()
    )
    if not updated:
        raise ValidationError(ISSUE_NOT_CHANGEABLE)
    issue.status, issue.send_at = IssueStatus.SCHEDULED, send_at
    return issue


def issue_unschedule(*, issue: Issue) -> Issue:
    """Back to a draft, unless it has started sending."""
    updated = Issue.objects.filter(pk=issue.pk, status=IssueStatus.SCHEDULED).update(
        status=IssueStatus.DRAFT, updated_at=timezone.now()
    )
    if not updated:
        raise ValidationError(ISSUE_NOT_CHANGEABLE)
    issue.status = IssueStatus.DRAFT
    return issue


def issue_test_send(*, issue: Issue, email: str) -> None:
    """Mail the issue to one address (the editor's own), by the task worker."""
    issue_test_send_task.enqueue(issue.pk, email)


@task()
def issue_test_send_task(issue_id: int, email: str) -> None:
    issue = Issue.objects.select_related("newsletter").get(pk=issue_id)
    parts = issue_parts(issue)
    message = issue_message(
        parts,
        to=email,
        # A test copy unsubscribes nobody: its link leads to the newsletter.
        unsubscribe_url=site_url(issue.newsletter.get_absolute_url()),
    )
    message.subject = TEST_SUBJECT_PREFIX + message.subject
    message.send()
