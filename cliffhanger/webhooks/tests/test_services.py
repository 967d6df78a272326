"""Sending: signatures, retries with backoff, giving up, disabling, replays, rotation."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db.models import F
from django.utils import timezone
from standardwebhooks import Webhook

from cliffhanger.webhooks.jobs import deliveries_enqueue_due, deliveries_prune
from cliffhanger.webhooks.models import Delivery, DeliveryAttempt, DeliveryStatus
from cliffhanger.webhooks.services import (
    deliveries_record,
    delivery_attempt_make,
    delivery_replay,
    endpoint_disable,
    endpoint_enable,
    endpoint_secret_rotate,
    event_emit,
    retry_delay,
)
from cliffhanger.webhooks.signing import secret_generate, signature

from .conftest import verified

pytestmark = pytest.mark.django_db
EVENT = "season.status_changed"


def emit(n=1, *, capture):
    with capture(execute=True):
        for number in range(n):
            event_emit(event_type=EVENT, build=lambda number=number: {"n": number})


def sweep_later(minutes=120):
    """
    Time passes (the waiting deliveries' next attempts move that far into the
    past), then the scheduler's round sends every one that is due.
    """
    Delivery.objects.filter(next_attempt_at__isnull=False).update(
        next_attempt_at=F("next_attempt_at") - timedelta(minutes=minutes)
    )
    return deliveries_enqueue_due()


def test_signature_matches_the_reference_library():
    secret = secret_generate()
    body = b'{"type":"x"}'
    now = timezone.now()
    expected = Webhook(secret).sign("msg_1", now, body)
    assert (
        signature(
            secret=secret, message_id="msg_1", timestamp=int(now.timestamp()), body=body
        )
        == expected
    )


def test_headers_and_body_verify(
    endpoint, receiver, django_capture_on_commit_callbacks
):
    emit(capture=django_capture_on_commit_callbacks)

    (request,) = receiver.requests
    assert verified(request, endpoint.secret)["data"] == {"n": 0}
    headers = request["headers"]
    assert headers["content-type"] == "application/json"
    assert headers["webhook-id"].startswith("msg_")
    assert abs(int(headers["webhook-timestamp"]) - timezone.now().timestamp()) < 5
    assert request["path"] == "/hooks"


class TestRetries:
    def test_fails_twice_then_succeeds_once_per_event(
        self, endpoint, receiver, django_capture_on_commit_callbacks
    ):
        receiver.fail_first = 2
        emit(3, capture=django_capture_on_commit_callbacks)
        assert set(Delivery.objects.values_list("status", flat=True)) == {"failed"}

        sweep_later()
        sweep_later(minutes=240)

        for delivery in Delivery.objects.all():
            attempts = list(delivery.attempts.values_list("response_status", flat=True))
            assert attempts == [500, 500, 200]
            assert (delivery.status, delivery.attempt_count) == ("succeeded", 3)
        assert DeliveryAttempt.objects.filter(response_status=200).count() == 3
        # Retries keep the message id and sign afresh; every try verifies.
        for request in receiver.requests:
            verified(request, endpoint.secret)
        assert len({r["headers"]["webhook-id"] for r in receiver.requests}) == 3

    def test_a_retry_waits_for_its_time(
        self, endpoint, receiver, django_capture_on_commit_callbacks
    ):
        receiver.fail_first = 1
        emit(capture=django_capture_on_commit_callbacks)
        delivery = Delivery.objects.get()
        wait = delivery.next_attempt_at - timezone.now()
        assert timedelta(seconds=3) < wait < timedelta(seconds=7)  # 5 s ± 20 %

        assert deliveries_enqueue_due() == 0
        assert delivery_attempt_make(delivery_id=delivery.pk) == "not due"
        assert len(receiver.requests) == 1

    def test_gives_up_when_the_schedule_runs_out(
        self, endpoint, receiver, settings, django_capture_on_commit_callbacks
    ):
        settings.WEBHOOKS_RETRY_SCHEDULE = [1, 1]
        receiver.status = 503
        emit(capture=django_capture_on_commit_callbacks)
        for _ in range(3):
            sweep_later()

        delivery = Delivery.objects.get()
        assert (delivery.status, delivery.attempt_count) == (DeliveryStatus.GAVE_UP, 3)
        assert delivery.next_attempt_at is None
        assert len(receiver.requests) == 3

    def test_a_retry_is_a_deferred_task_when_the_backend_defers(
        self, endpoint, receiver, settings, django_capture_on_commit_callbacks
    ):
        from django_tasks import default_task_backend

        receiver.status = 500
        settings.TASKS = {
            "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
        }
        deliveries_record.call(EVENT, {"type": EVENT, "data": {}})  # sends queued
        delivery = Delivery.objects.get()
        default_task_backend.clear()
        with django_capture_on_commit_callbacks(execute=True):
            delivery_attempt_make(delivery_id=delivery.pk)

        (queued,) = default_task_backend.results
        delivery.refresh_from_db()
        assert delivery.status == DeliveryStatus.FAILED
        assert queued.args == [delivery.pk]
        assert queued.task.run_after == delivery.next_attempt_at

    def test_the_sweeper_queues_an_overdue_delivery_once(
        self, endpoint, settings, django_capture_on_commit_callbacks
    ):
        from django_tasks import default_task_backend

        settings.TASKS = {
            "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
        }
        deliveries_record.call(EVENT, {"type": EVENT, "data": {}})  # sends queued
        default_task_backend.clear()
        Delivery.objects.update(next_attempt_at=timezone.now() - timedelta(hours=1))
        rounds = [deliveries_enqueue_due() for _ in range(3)]
        assert rounds == [1, 0, 0]
        assert len(default_task_backend.results) == 1

    def test_backoff_grows_with_jitter(self):
        for attempt, base in enumerate([5, 30, 120, 600, 3600], start=1):
            delay = retry_delay(attempt).total_seconds()
            assert base * 0.8 <= delay <= base * 1.2
        assert retry_delay(9) is None


class TestFailingEndpoint:
    def test_disabled_after_a_day_and_owner_told(
        self, endpoint, receiver, django_capture_on_commit_callbacks
    ):
        receiver.status = 500
        endpoint.failing_since = timezone.now() - timedelta(hours=25)
        endpoint.save()
        emit(2, capture=django_capture_on_commit_callbacks)

        endpoint.refresh_from_db()
        assert not endpoint.enabled
        assert "every delivery failed since" in endpoint.disabled_reason
        assert set(Delivery.objects.values_list("status", flat=True)) == {"gave_up"}
        (message,) = mail.outbox
        assert message.to == ["owner@example.com"]
        assert endpoint.url in message.body
        assert sweep_later() == 0

    def test_failures_under_a_day_keep_it_enabled(
        self, endpoint, receiver, django_capture_on_commit_callbacks
    ):
        receiver.status = 500
        emit(capture=django_capture_on_commit_callbacks)
        endpoint.refresh_from_db()
        assert endpoint.enabled and endpoint.failing_since is not None
        assert not mail.outbox

    def test_a_success_ends_the_failing_spell(
        self, endpoint, receiver, django_capture_on_commit_callbacks
    ):
        endpoint.failing_since = timezone.now() - timedelta(hours=5)
        endpoint.save()
        emit(capture=django_capture_on_commit_callbacks)
        endpoint.refresh_from_db()
        assert endpoint.failing_since is None

    def test_disabled_endpoint_gets_no_new_event_until_enabled(
        self, endpoint, receiver, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            endpoint_disable(endpoint=endpoint, reason="Disabled by edna.")
        emit(capture=django_capture_on_commit_callbacks)
        assert not Delivery.objects.exists()

        with django_capture_on_commit_callbacks(execute=True):  # forgotten at commit
            endpoint_enable(endpoint=endpoint)
        emit(capture=django_capture_on_commit_callbacks)
        assert Delivery.objects.get().status == DeliveryStatus.SUCCEEDED


class TestReplay:
    def test_replay_sends_again_with_the_same_id(
        self, endpoint, receiver, settings, django_capture_on_commit_callbacks
    ):
        settings.WEBHOOKS_RETRY_SCHEDULE = []
        receiver.fail_first = 1
        emit(capture=django_capture_on_commit_callbacks)
        delivery = Delivery.objects.get()
        assert delivery.status == DeliveryStatus.GAVE_UP

        with django_capture_on_commit_callbacks(execute=True):
            delivery_replay(delivery=delivery)

        delivery.refresh_from_db()
        assert delivery.status == DeliveryStatus.SUCCEEDED
        assert delivery.attempt_count == 1  # scheduled attempts only
        assert list(delivery.attempts.values_list("is_replay", flat=True)) == [
            False,
            True,
        ]
        first, second = receiver.requests
        assert first["headers"]["webhook-id"] == second["headers"]["webhook-id"]
        verified(second, endpoint.secret)


def test_rotation_signs_with_both_secrets_for_a_day(
    endpoint, receiver, django_capture_on_commit_callbacks
):
    old = endpoint.secret
    endpoint_secret_rotate(endpoint=endpoint)
    assert endpoint.secret != old
    emit(capture=django_capture_on_commit_callbacks)

    (request,) = receiver.requests
    assert len(request["headers"]["webhook-signature"].split(" ")) == 2
    verified(request, old)
    verified(request, endpoint.secret)


def test_prune_forgets_old_deliveries(
    endpoint, receiver, django_capture_on_commit_callbacks
):
    emit(capture=django_capture_on_commit_callbacks)
    assert deliveries_prune(now=timezone.now() + timedelta(days=31)) == 2
    assert not Delivery.objects.exists()


def test_an_event_costs_its_request_one_task_whatever_the_endpoints(
    endpoint, settings, django_assert_num_queries
):
    from django_tasks import default_task_backend

    from cliffhanger.webhooks.models import Endpoint

    for number in range(4):
        Endpoint.objects.create(url=f"{endpoint.url}?n={number}", events=[EVENT])
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    event_emit(event_type=EVENT, build=dict)  # learns who subscribes
    default_task_backend.clear()
    with django_assert_num_queries(0):
        assert event_emit(event_type=EVENT, build=lambda: {"n": 1})
    (queued,) = default_task_backend.results
    assert queued.task == deliveries_record
    deliveries_record.call(*queued.args)
    assert Delivery.objects.count() == 5
