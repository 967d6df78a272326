"""
Sending an issue to its subscribers, by the task worker, in batches:

    issue_send_start(issue=issue)   # from the admin or the scheduler: one task queued

    issue_fan_out (task)    one Delivery row per active subscriber (unique per
                            issue and subscription), then one task per batch
    issue_batch_send (task) one SMTP connection per batch; each delivery is
                            claimed (attempted_at set) in the same commit that
                            records the previous one's result, then sent
    issues_resume_stalled   (scheduler, jobs.py) an issue whose worker stopped
                            beating is fanned out again: the missing rows are
                            made, the waiting ones sent

A delivery is sent only after its claim committed, and a claim is taken only
once, so nobody gets an issue twice whatever restarts or runs twice. A worker
that dies mid-send leaves at most the one delivery it had claimed "uncertain"
(it may have gone): it is never retried. The web request that starts a send
only changes a status and queues a task.
"""

import logging
import smtplib
import time
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from cliffhanger.caching.dependencies import invalidate

from .links import unsubscribe_token, unsubscribe_url
from .mail import issue_message, issue_parts
from .models import Delivery, DeliveryStatus, Issue, IssueStatus, Subscription
from .receivers import CACHE_TAG

logger = logging.getLogger(__name__)

CREATE_CHUNK = 2000
# A sending worker stamps the issue at least this often, so the scheduler can
# tell a slow send from a dead one (NEWSLETTERS_STALL_SECONDS).
HEARTBEAT_SECONDS = 10
STARTABLE = (IssueStatus.DRAFT, IssueStatus.SCHEDULED)


def issue_send_start(*, issue: Issue) -> bool:
    """
    Start sending a draft or scheduled issue: its status becomes "sending" and
    one task is queued after the commit. False when it had already started.
    """
    now = timezone.now()
    started = Issue.objects.filter(pk=issue.pk, status__in=STARTABLE).update(
        status=IssueStatus.SENDING, started_at=now, heartbeat_at=now, updated_at=now
    )
    if not started:
        return False
    issue.status, issue.started_at = IssueStatus.SENDING, now
    issue_id = issue.pk
    transaction.on_commit(lambda: issue_fan_out.enqueue(issue_id), robust=True)
    return True


def subscriptions_receiving(issue: Issue):
    """Who gets the issue: confirmed before the send started, not unsubscribed."""
    return Subscription.objects.filter(
        newsletter_id=issue.newsletter_id,
        confirmed_at__isnull=False,
        confirmed_at__lte=issue.started_at,
        unsubscribed_at__isnull=True,
    )


def deliveries_create(*, issue: Issue) -> int:
    """The issue's delivery rows, made in chunks; existing ones are kept as they are."""
    ids = list(
        subscriptions_receiving(issue).order_by("pk").values_list("pk", flat=True)
    )
    for start in range(0, len(ids), CREATE_CHUNK):
        Delivery.objects.bulk_create(
            [
                Delivery(issue_id=issue.pk, subscription_id=subscription_id)
                for subscription_id in ids[start : start + CREATE_CHUNK]
            ],
            ignore_conflicts=True,
        )
    total = Delivery.objects.filter(issue_id=issue.pk).count()
    Issue.objects.filter(pk=issue.pk).update(recipient_count=total)
    return total


def batches_plan(*, issue_id: int) -> list[tuple[int, int]]:
    """The waiting deliveries, as (first id, last id) ranges of NEWSLETTERS_BATCH_SIZE."""
    ids = list(
        Delivery.objects.filter(
            issue_id=issue_id,
            status=DeliveryStatus.PENDING,
            attempted_at__isnull=True,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    size = settings.NEWSLETTERS_BATCH_SIZE
    return [
        (ids[i], ids[min(i + size, len(ids)) - 1]) for i in range(0, len(ids), size)
    ]


@task()
def issue_fan_out(issue_id: int) -> int:
    """Make the deliveries and queue a task per batch; returns how many batches."""
    issue = Issue.objects.filter(pk=issue_id, status=IssueStatus.SENDING).first()
    if issue is None:
        return 0
    deliveries_create(issue=issue)
    batches = batches_plan(issue_id=issue_id)
    for first_id, last_id in batches:
        issue_batch_send.enqueue(issue_id, first_id, last_id)
    if not batches:
        issue_finish_if_done(issue_id=issue_id)
    return len(batches)


@task()
def issue_batch_send(issue_id: int, first_id: int, last_id: int) -> int:
    return batch_send(issue_id=issue_id, first_id=first_id, last_id=last_id)


class _Results:
    """Results not yet committed: written in the same commit as the next claim."""

    def __init__(self):
        self.rows: list[tuple[int, str, str]] = []

    def add(self, delivery_id: int, status: str, error: str = "") -> None:
        self.rows.append((delivery_id, status, error))

    def write(self) -> None:
        now = timezone.now()
        for delivery_id, status, error in self.rows:
            Delivery.objects.filter(pk=delivery_id).update(
                status=status,
                error=error[:200],
                sent_at=now if status == DeliveryStatus.SENT else None,
            )
        self.rows.clear()


def _claim(delivery_id: int, results: _Results) -> bool:
    """Record what was sent, and take the next delivery, in one commit."""
    with transaction.atomic():
        results.write()
        return bool(
            Delivery.objects.filter(
                pk=delivery_id,
                status=DeliveryStatus.PENDING,
                attempted_at__isnull=True,
            ).update(attempted_at=timezone.now())
        )


def batch_send(*, issue_id: int, first_id: int, last_id: int) -> int:
    """
    Send the waiting deliveries of the issue with ids in [first_id, last_id]
    over one SMTP connection. Returns how many were sent. A lost connection
    ends the batch (the task fails, the scheduler resumes it later).
    """
    issue = (
        Issue.objects.select_related("newsletter")
        .filter(pk=issue_id, status=IssueStatus.SENDING)
        .first()
    )
    if issue is None:
        return 0
    parts = issue_parts(issue)
    deliveries = (
        Delivery.objects.filter(
            issue_id=issue_id,
            pk__gte=first_id,
            pk__lte=last_id,
            status=DeliveryStatus.PENDING,
            attempted_at__isnull=True,
        )
        .select_related("subscription")
        .order_by("pk")
    )
    results, sent, beat = _Results(), 0, time.monotonic()
    connection = get_connection(fail_silently=False)
    connection.open()  # a server that is down fails the batch before any claim
    try:
        for delivery in deliveries:
            subscription = delivery.subscription
            if subscription.unsubscribed_at is not None:
                results.add(delivery.pk, DeliveryStatus.SKIPPED)
                continue
            if not _claim(delivery.pk, results):
                continue  # another worker has it
            status, error = _send_one(parts, subscription, connection)
            results.add(delivery.pk, status, error)
            sent += status == DeliveryStatus.SENT
            if time.monotonic() - beat > HEARTBEAT_SECONDS:
                beat = time.monotonic()
                _heartbeat(issue_id)
    finally:
        with transaction.atomic():  # what went, even when the connection broke
            results.write()
        connection.close()
    _heartbeat(issue_id)
    issue_finish_if_done(issue_id=issue_id)
    return sent


def _send_one(parts, subscription: Subscription, connection) -> tuple[str, str]:
    """Send one copy; a refused recipient is recorded, a broken connection raised."""
    message = issue_message(
        parts,
        to=subscription.email,
        unsubscribe_url=unsubscribe_url(subscription),
        token=unsubscribe_token(subscription),
        connection=connection,
    )
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as error:
        return DeliveryStatus.FAILED, str(error)
    except smtplib.SMTPDataError as error:
        return DeliveryStatus.FAILED, f"{error.smtp_code} {error.smtp_error!r}"
    return DeliveryStatus.SENT, ""


def _heartbeat(issue_id: int) -> None:
    Issue.objects.filter(pk=issue_id, status=IssueStatus.SENDING).update(
        heartbeat_at=timezone.now()
    )


def issue_finish_if_done(*, issue_id: int) -> bool:
    """Mark the issue sent once no delivery waits; True if this call did."""
    if Delivery.objects.filter(
        issue_id=issue_id, status=DeliveryStatus.PENDING, attempted_at__isnull=True
    ).exists():
        return False
    now = timezone.now()
    finished = Issue.objects.filter(pk=issue_id, status=IssueStatus.SENDING).update(
        status=IssueStatus.SENT, sent_at=now, updated_at=now
    )
    if finished:
        invalidate(CACHE_TAG)  # the archive lists it now
    return bool(finished)


def issues_resume_stalled(*, now=None) -> int:
    """
    Sends whose worker stopped (no heartbeat for NEWSLETTERS_STALL_SECONDS):
    the delivery each had claimed becomes "uncertain" (never sent again), and
    the issue is fanned out again to send the rest. Returns how many resumed.
    """
    now = now or timezone.now()
    before = now - timedelta(seconds=settings.NEWSLETTERS_STALL_SECONDS)
    stalled = Issue.objects.filter(status=IssueStatus.SENDING).filter(
        Q(heartbeat_at__lt=before) | Q(heartbeat_at__isnull=True)
    )
    resumed = 0
    for issue_id in list(stalled.values_list("pk", flat=True)):
        with transaction.atomic():
            # Taken by whoever moves the heartbeat first: one resume per stall.
            if not Issue.objects.filter(
                Q(heartbeat_at__lt=before) | Q(heartbeat_at__isnull=True),
                pk=issue_id,
                status=IssueStatus.SENDING,
            ).update(heartbeat_at=now):
                continue
            Delivery.objects.filter(
                issue_id=issue_id,
                status=DeliveryStatus.PENDING,
                attempted_at__isnull=False,
            ).update(status=DeliveryStatus.UNCERTAIN)
            transaction.on_commit(
                lambda issue_id=issue_id: issue_fan_out.enqueue(issue_id), robust=True
            )
        logger.warning("Newsletter issue %s: sending resumed after a stall", issue_id)
        resumed += 1
    return resumed
