"""The scheduler's lease: one holder at a time, taken over once it runs out."""

import time

import pytest

from cliffhanger.core.leases import lease_release, lease_take
from cliffhanger.core.models import Lease

# Committed for real (the database clock moves between calls on PostgreSQL);
# the rows migrations made are put back for the tests that follow.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _taken_within(seconds: float, *, holder: str) -> bool:
    """Whether `holder` gets the lease within that many seconds, trying often."""
    deadline = time.monotonic() + seconds
    while not lease_take("scheduler", holder=holder, seconds=30):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_one_holder_at_a_time_until_the_lease_runs_out():
    assert lease_take("scheduler", holder="node-1", seconds=1)
    assert not lease_take("scheduler", holder="node-2", seconds=1)
    assert lease_take("scheduler", holder="node-1", seconds=1)  # renewed

    assert _taken_within(1.2, holder="node-2")

    assert not lease_take("scheduler", holder="node-1", seconds=30)
    assert Lease.objects.get(name="scheduler").holder == "node-2"


def test_a_released_lease_is_free_at_once():
    assert lease_take("scheduler", holder="node-1", seconds=60)
    lease_release("scheduler", holder="node-2")  # not theirs: nothing happens
    assert not lease_take("scheduler", holder="node-2", seconds=60)

    lease_release("scheduler", holder="node-1")

    assert lease_take("scheduler", holder="node-2", seconds=60)


def test_leases_are_named_apart():
    assert lease_take("scheduler", holder="node-1", seconds=60)
    assert lease_take("digest", holder="node-2", seconds=60)


def test_a_long_round_keeps_its_lease():
    from cliffhanger.core.leases import lease_kept

    assert lease_take("scheduler", holder="node-1", seconds=1)
    with lease_kept("scheduler", holder="node-1", seconds=1, every=0.3):
        time.sleep(1.5)  # longer than the lease: renewed meanwhile
        assert not lease_take("scheduler", holder="node-2", seconds=1)

    assert _taken_within(1.2, holder="node-2")  # no renewals since the round ended
