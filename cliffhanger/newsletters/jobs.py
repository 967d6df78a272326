"""
Jobs the scheduler runs every round, registered in apps.py:
issues_compose_due, issues_send_due and issues_resume_stalled.

Each is a cheap query when there is nothing to do; the sending itself is the
task worker's (sending.py).
"""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .issues import cadence_length, issue_compose
from .models import Cadence, Issue, IssueStatus, Newsletter
from .sending import issue_send_start
from .sending import issues_resume_stalled as _issues_resume_stalled


def slot_latest(newsletter: Newsletter, now: datetime) -> datetime:
    """The newsletter's most recent send time at or before `now` (UTC)."""
    slot = now.replace(hour=newsletter.send_hour, minute=0, second=0, microsecond=0)
    if newsletter.cadence == Cadence.WEEKLY:
        slot -= timedelta(days=(now.weekday() - newsletter.send_weekday) % 7)
        step = timedelta(days=7)
    else:
        step = timedelta(days=1)
    return slot - step if slot > now else slot


def issues_compose_due(*, now=None) -> int:
    """
    For each newsletter on a schedule whose send time has come (once per
    slot, never for a slot before the newsletter existed): compose the
    period's issue and start sending it. An empty period sends nothing.
    Returns how many issues started.
    """
    now = now or timezone.now()
    started = 0
    for newsletter in Newsletter.objects.filter(is_active=True):
        slot = slot_latest(newsletter, now)
        if slot <= (newsletter.last_slot_at or newsletter.created_at):
            continue
        with transaction.atomic():
            # Taken once, by whoever moves last_slot_at first.
            if not Newsletter.objects.filter(
                pk=newsletter.pk, last_slot_at=newsletter.last_slot_at
            ).update(last_slot_at=slot):
                continue
            try:
                issue = issue_compose(
                    newsletter=newsletter,
                    since=slot - cadence_length(newsletter),
                    until=slot,
                    slot_at=slot,
                )
            except ValidationError:
                continue  # nothing new: the slot is spent all the same
            started += issue_send_start(issue=issue)
    return started


def issues_send_due(*, now=None) -> int:
    """Start each scheduled issue whose time has come; returns how many."""
    now = now or timezone.now()
    due = Issue.objects.filter(status=IssueStatus.SCHEDULED, send_at__lte=now)
    return sum(issue_send_start(issue=issue) for issue in due)


def issues_resume_stalled(*, now=None) -> int:
    return _issues_resume_stalled(now=now)
