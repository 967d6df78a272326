"""
Writes for webhooks: recording an event's deliveries, making an attempt and
deciding what follows it, and the editor's actions on endpoints.

An event becomes one Delivery row per subscribed endpoint after the change
that caused it commits; a task sends each. A failed attempt schedules the
next one on WEBHOOKS_RETRY_SCHEDULE (jittered) until it runs out; an
endpoint whose failures have lasted WEBHOOKS_DISABLE_AFTER_SECONDS is
disabled and its owner told.
"""

import json
import logging
import random
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import mail_admins, send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from . import safe_http
from .models import Delivery, DeliveryAttempt, DeliveryStatus, Endpoint
from .selectors import (
    SUBSCRIBED_EVENTS_KEY,
    WAITING,
    endpoint_list_for_event,
    subscribed_events,
)
from .signing import message_id_generate, secret_generate, signed_headers

logger = logging.getLogger(__name__)

RETRY_JITTER = 0.2
SECRET_OVERLAP = timedelta(days=1)
RESPONSE_EXCERPT_CHARS = 500
# A claimed attempt is someone's until the request's deadline has passed with
# room to spare; a worker that dies mid-attempt leaves it to the sweeper.
CLAIM_MARGIN_SECONDS = 30
# A task run by a worker whose clock is a little behind still finds it due.
DUE_TOLERANCE = timedelta(seconds=2)

ENDPOINT_DISABLED_FAILING = (
    "Disabled automatically: every delivery failed since {since:%Y-%m-%d %H:%M} UTC."
)
ENDPOINT_DISABLED_BY_EDITOR = "Disabled by {user}."


def subscriptions_forget() -> None:
    """Endpoints changed: the next event reads who subscribes afresh."""
    cache.delete(SUBSCRIBED_EVENTS_KEY)


def event_emit_after_commit(*, event_type: str, build: Callable[[], dict | None]):
    """
    Record the event's deliveries once the current transaction commits (at
    once outside one), so a change rolled back sends nothing. `build` returns
    the event's public data, or None when there is nothing public to send; it
    runs only when some endpoint wants the event. Errors are logged, never
    raised into the request that caused the event.
    """
    transaction.on_commit(
        lambda: event_emit(event_type=event_type, build=build), robust=True
    )


def event_emit(*, event_type: str, build: Callable[[], dict | None]) -> bool:
    """
    The event's public data, read now (as it is at the event), handed to the
    worker, which records one delivery per subscribed endpoint and sends
    each: the request that caused the event adds one task, whatever the
    number of endpoints. False when no endpoint wants it or nothing is public.
    """
    if event_type not in subscribed_events():
        return False
    data = build()
    if data is None:
        return False
    payload = {
        "type": event_type,
        "timestamp": timezone.now().isoformat(),
        "data": data,
    }
    deliveries_record.enqueue(event_type, payload)
    return True


@task()
def deliveries_record(event_type: str, payload: dict) -> int:
    """One delivery per enabled endpoint subscribed to the event, each queued to send."""
    endpoints = endpoint_list_for_event(event_type=event_type)
    message_id, now = message_id_generate(), timezone.now()
    deliveries = Delivery.objects.bulk_create(
        Delivery(
            endpoint=endpoint,
            event_type=event_type,
            message_id=message_id,
            payload=payload,
            next_attempt_at=now,
        )
        for endpoint in endpoints
    )
    for delivery in deliveries:
        delivery_send.enqueue(delivery.pk)
    return len(deliveries)


def delivery_body(delivery: Delivery) -> bytes:
    """The exact bytes signed and sent: the same on every attempt, whatever the database."""
    return json.dumps(
        delivery.payload, separators=(",", ":"), sort_keys=True, ensure_ascii=False
    ).encode()


def _signing_secrets(endpoint: Endpoint, now) -> list[str]:
    keys = [endpoint.secret]
    expires = endpoint.previous_secret_expires_at
    if endpoint.previous_secret and expires and expires > now:
        keys.append(endpoint.previous_secret)
    return keys


def _delivery_claim(delivery_id: int, now) -> bool:
    """
    Take the delivery's due attempt, or learn that another worker has it or
    that it is not due: one conditional UPDATE, the same on both databases,
    and no transaction held open across the HTTP request.
    """
    timeout = float(settings.WEBHOOKS_TIMEOUT_SECONDS)
    claimed = Delivery.objects.filter(
        pk=delivery_id,
        status__in=WAITING,
        next_attempt_at__lte=now + DUE_TOLERANCE,
        endpoint__enabled=True,
    ).update(next_attempt_at=now + timedelta(seconds=timeout + CLAIM_MARGIN_SECONDS))
    if not claimed:  # an endpoint disabled since: its waiting deliveries end here
        Delivery.objects.filter(
            pk=delivery_id, status__in=WAITING, endpoint__enabled=False
        ).update(status=DeliveryStatus.GAVE_UP, next_attempt_at=None)
    return bool(claimed)


def delivery_attempt_make(*, delivery_id: int, replay: bool = False) -> str:
    """
    Send the delivery once and record the attempt. A scheduled attempt runs
    only when due and not taken by another worker (returns "not due"); a
    replay (an editor's) always runs and changes no schedule. Returns the
    delivery's status after the attempt.
    """
    now = timezone.now()
    if not replay and not _delivery_claim(delivery_id, now):
        return "not due"
    delivery = (
        Delivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    )
    if delivery is None:
        return "gone"
    if replay and not delivery.endpoint.enabled:
        return "endpoint disabled"  # enable it first; nothing is sent
    body = delivery_body(delivery)
    headers = signed_headers(
        secrets_=_signing_secrets(delivery.endpoint, now),
        message_id=delivery.message_id,
        timestamp=int(now.timestamp()),
        body=body,
    )
    result = safe_http.post(delivery.endpoint.url, body=body, headers=headers)
    return _attempt_record(delivery, result, started_at=now, replay=replay)


@task()
def delivery_send(delivery_id: int, replay: bool = False) -> str:
    """One attempt, run by the task worker (see delivery_attempt_make). The task
    lives beside what it runs: recording an event and scheduling a retry queue it."""
    return delivery_attempt_make(delivery_id=delivery_id, replay=replay)


def _attempt_record(delivery: Delivery, result, *, started_at, replay: bool) -> str:
    """Log the attempt; then success, the next retry, or giving up."""
    with transaction.atomic():
        DeliveryAttempt.objects.create(
            delivery=delivery,
            started_at=started_at,
            is_replay=replay,
            response_status=result.status,
            error=result.error[:300],
            duration_ms=result.duration_ms,
            response_excerpt=_excerpt(result.body),
        )
        if result.ok:
            _delivery_succeeded(delivery, replay=replay)
        elif not replay:
            _delivery_failed(delivery, started_at)
        _endpoint_health_record(delivery.endpoint, ok=result.ok, now=started_at)
    return delivery.status


def _excerpt(body: bytes) -> str:
    text = body[: RESPONSE_EXCERPT_CHARS * 4].decode("utf-8", errors="replace")
    return text[:RESPONSE_EXCERPT_CHARS]


def _delivery_succeeded(delivery: Delivery, *, replay: bool) -> None:
    # `attempt_count` counts the scheduled attempts, which the retry schedule
    # follows; an editor's replays are in the attempt log only.
    delivery.status, delivery.next_attempt_at = DeliveryStatus.SUCCEEDED, None
    delivery.attempt_count += 0 if replay else 1
    delivery.save(
        update_fields=["status", "next_attempt_at", "attempt_count", "updated_at"]
    )


def retry_delay(attempts_made: int) -> timedelta | None:
    """The wait after the n-th failed attempt (jittered), or None: give up."""
    schedule = tuple(settings.WEBHOOKS_RETRY_SCHEDULE)
    if attempts_made > len(schedule):
        return None
    seconds = schedule[attempts_made - 1]
    return timedelta(
        seconds=seconds * random.uniform(1 - RETRY_JITTER, 1 + RETRY_JITTER)
    )


def _delivery_failed(delivery: Delivery, now) -> None:
    attempts = delivery.attempt_count + 1
    delay = retry_delay(attempts)
    if delay is None:
        status, next_attempt_at = DeliveryStatus.GAVE_UP, None
    else:
        status, next_attempt_at = DeliveryStatus.FAILED, now + delay
    # Only while it still waits: an editor's replay may have delivered it since.
    updated = Delivery.objects.filter(pk=delivery.pk, status__in=WAITING).update(
        status=status,
        next_attempt_at=next_attempt_at,
        attempt_count=attempts,
        updated_at=timezone.now(),
    )
    delivery.status, delivery.next_attempt_at = status, next_attempt_at
    delivery.attempt_count = attempts
    if updated and delay is not None:
        delivery_id, when = delivery.pk, next_attempt_at
        transaction.on_commit(lambda: _retry_enqueue(delivery_id, when))


def _retry_enqueue(delivery_id: int, when) -> None:
    """A deferred task when the backend can defer; otherwise the sweeper (jobs.py) sends it when due."""
    if delivery_send.get_backend().supports_defer:
        delivery_send.using(run_after=when).enqueue(delivery_id)


def _endpoint_health_record(endpoint: Endpoint, *, ok: bool, now) -> None:
    """
    A success ends the endpoint's failing spell; a failure starts one, and
    disables the endpoint (owner told) when the spell has lasted long enough.
    """
    endpoints = Endpoint.objects.filter(pk=endpoint.pk)
    if ok:
        endpoints.filter(failing_since__isnull=False).update(failing_since=None)
        return
    endpoints.filter(failing_since__isnull=True).update(failing_since=now)
    since = endpoints.values_list("failing_since", flat=True).first()
    limit = timedelta(seconds=settings.WEBHOOKS_DISABLE_AFTER_SECONDS)
    if since is not None and now - since >= limit:
        reason = ENDPOINT_DISABLED_FAILING.format(since=since)
        if endpoint_disable(endpoint=endpoint, reason=reason):
            endpoint_id = endpoint.pk
            transaction.on_commit(
                lambda: endpoint_disabled_notify(endpoint_id=endpoint_id), robust=True
            )


def endpoint_disable(*, endpoint: Endpoint, reason: str) -> bool:
    """
    Stop sending to the endpoint: its waiting deliveries give up (an editor
    can replay them). Returns False when it was already disabled.
    """
    with transaction.atomic():
        changed = Endpoint.objects.filter(pk=endpoint.pk, enabled=True).update(
            enabled=False, disabled_reason=reason[:200], updated_at=timezone.now()
        )
        Delivery.objects.filter(endpoint=endpoint, status__in=WAITING).update(
            status=DeliveryStatus.GAVE_UP, next_attempt_at=None
        )
        transaction.on_commit(subscriptions_forget)  # update() sends no post_save
    endpoint.enabled, endpoint.disabled_reason = False, reason[:200]
    return bool(changed)


def endpoint_enable(*, endpoint: Endpoint) -> Endpoint:
    """Send to the endpoint again, from the next event on, with a clean record."""
    endpoint.enabled, endpoint.disabled_reason, endpoint.failing_since = True, "", None
    endpoint.save(  # its post_save forgets who subscribes (receivers.py)
        update_fields=["enabled", "disabled_reason", "failing_since", "updated_at"]
    )
    return endpoint


def endpoint_secret_rotate(*, endpoint: Endpoint) -> Endpoint:
    """
    A new signing secret; the old one keeps signing too for a day, so the
    receiver can move to the new one without refusing a delivery.
    """
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_expires_at = timezone.now() + SECRET_OVERLAP
    endpoint.secret = secret_generate()
    endpoint.save(
        update_fields=[
            "secret",
            "previous_secret",
            "previous_secret_expires_at",
            "updated_at",
        ]
    )
    return endpoint


def delivery_replay(*, delivery: Delivery) -> None:
    """Send the delivery again now (same message id, a fresh signature), after commit."""
    delivery_id = delivery.pk
    transaction.on_commit(
        lambda: delivery_send.enqueue(delivery_id, replay=True), robust=True
    )


def endpoint_disabled_notify(*, endpoint_id: int) -> None:
    """Tell the endpoint's owner (or the site's admins, without one) that it was disabled."""
    endpoint = Endpoint.objects.select_related("owner").get(pk=endpoint_id)
    subject = f"Webhook endpoint disabled: {endpoint}"
    message = (
        f"Deliveries to {endpoint.url} have failed for too long, so it was "
        f"disabled and no more events are sent to it.\n\n"
        f"{endpoint.disabled_reason}\n\n"
        "Fix the receiver, then enable the endpoint again in the admin "
        "(Settings › Webhooks); failed deliveries can be replayed from there."
    )
    owner = endpoint.owner
    if owner is not None and owner.email:
        send_mail(subject, message, None, [owner.email])
    else:
        mail_admins(subject, message)
    logger.warning("Webhook endpoint %s disabled: %s", endpoint.pk, endpoint.url)
