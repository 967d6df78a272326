"""Reads for webhooks: who wants an event, what is due, an endpoint's history."""

from datetime import datetime

from django.core.cache import cache
from django.db.models import Count, Prefetch, QuerySet

from .models import Delivery, DeliveryAttempt, DeliveryStatus, Endpoint

SUBSCRIBED_EVENTS_KEY = "webhooks:subscribed-events"
SUBSCRIBED_EVENTS_SECONDS = 300
# Deliveries that still expect an attempt (a first one, or a retry).
WAITING = (DeliveryStatus.PENDING, DeliveryStatus.FAILED)


def subscribed_events() -> frozenset[str]:
    """
    The event types some enabled endpoint wants, from the cache: every approved
    comment asks, and most sites have no endpoint at all, so the answer
    "nobody" must cost no query. Endpoint changes forget it (receivers.py).
    """
    events = cache.get(SUBSCRIBED_EVENTS_KEY)
    if events is None:
        events = frozenset(
            event
            for subscribed in Endpoint.objects.filter(enabled=True).values_list(
                "events", flat=True
            )
            for event in subscribed or ()
        )
        cache.set(SUBSCRIBED_EVENTS_KEY, events, SUBSCRIBED_EVENTS_SECONDS)
    return events


def endpoint_list_for_event(*, event_type: str) -> list[Endpoint]:
    # A JSON "contains" lookup is PostgreSQL-only; sites have a handful of endpoints.
    return [
        endpoint
        for endpoint in Endpoint.objects.filter(enabled=True)
        if event_type in (endpoint.events or ())
    ]


def delivery_list_for_endpoint(*, endpoint: Endpoint, limit: int = 50) -> list:
    """The endpoint's latest deliveries, each with its attempts (two queries)."""
    return list(
        Delivery.objects.filter(endpoint=endpoint)
        .order_by("-created_at", "-pk")
        .prefetch_related(
            Prefetch("attempts", queryset=DeliveryAttempt.objects.order_by("pk"))
        )[:limit]
    )


def delivery_ids_due(*, before: datetime, limit: int = 500) -> QuerySet:
    """Deliveries of enabled endpoints whose next attempt was due before `before`."""
    return (
        Delivery.objects.filter(
            status__in=WAITING,
            next_attempt_at__lte=before,
            endpoint__enabled=True,
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def delivery_counts_for_endpoint(*, endpoint: Endpoint) -> dict[str, int]:
    """How many of the endpoint's deliveries are in each status (for the admin)."""
    counts = dict.fromkeys(DeliveryStatus.values, 0)
    rows = (
        Delivery.objects.filter(endpoint=endpoint)
        .values_list("status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts.update(dict(rows))
    return counts
