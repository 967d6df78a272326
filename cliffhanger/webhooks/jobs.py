"""
Jobs the scheduler runs every round, registered in apps.py:
deliveries_enqueue_due and deliveries_prune.
"""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from .models import Delivery
from .selectors import delivery_ids_due
from .services import delivery_send

# With a backend that defers tasks, a due delivery normally has its task
# queued already: the sweeper steps in only for those overdue by this much
# (a task lost with a worker, an enqueue that failed after the commit).
SWEEP_GRACE = timedelta(minutes=10)
PRUNE_EVERY_SECONDS = 3600


def deliveries_enqueue_due(*, now=None) -> int:
    """Queue an attempt for each overdue delivery; returns how many were queued."""
    now = now or timezone.now()
    defers = delivery_send.get_backend().supports_defer
    before = now - SWEEP_GRACE if defers else now
    due = list(delivery_ids_due(before=before))
    if defers and due:
        # Due "now" from here on: the next rounds leave them to the task queued
        # below until it, too, is SWEEP_GRACE overdue, instead of queueing more.
        Delivery.objects.filter(pk__in=due, next_attempt_at__lte=before).update(
            next_attempt_at=now
        )
    for delivery_id in due:
        delivery_send.enqueue(delivery_id)
    return len(due)


def deliveries_prune(*, now=None) -> int:
    """Forget deliveries (and their attempts) older than WEBHOOKS_KEEP_DAYS, hourly."""
    if not cache.add("webhooks:pruned", 1, PRUNE_EVERY_SECONDS):
        return 0
    days = settings.WEBHOOKS_KEEP_DAYS
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted, _ = Delivery.objects.filter(created_at__lt=cutoff).delete()
    return deleted
