"""
A burst of events, all delivered to a local receiver with valid signatures.
The 1,000-event figure, through the database task queue and its worker, is
bench/webhooks.py's; this is its 100-event version in-process.
"""

import time

import pytest

from cliffhanger.webhooks.models import Delivery, DeliveryAttempt
from cliffhanger.webhooks.services import event_emit

from .conftest import verified

EVENTS = 100


@pytest.mark.django_db
def test_a_burst_is_all_delivered_and_signed(
    endpoint, receiver, django_capture_on_commit_callbacks
):
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(EVENTS):
            event_emit(
                event_type="comment.approved",
                build=lambda number=number: {"id": number, "body": "Season 2!"},
            )
    seconds = time.monotonic() - started

    assert Delivery.objects.filter(status="succeeded").count() == EVENTS
    assert DeliveryAttempt.objects.count() == EVENTS
    assert len(receiver.requests) == EVENTS
    ids = {verified(r, endpoint.secret)["data"]["id"] for r in receiver.requests}
    assert ids == set(range(EVENTS))
    assert seconds < 15, f"{EVENTS} events took {seconds:.1f} s"
