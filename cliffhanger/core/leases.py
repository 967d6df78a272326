"""
Leases: a job that every node may run but only one at a time should (the
scheduler: two would publish an article twice). A row per job names its
holder and when the lease ends; the holder renews it each round, and when
its node dies another process takes it once it has run out. The database's
own clock decides, so the nodes' clocks need not agree, and the same rows
work on SQLite and PostgreSQL.
"""

import contextlib
import os
import secrets
import socket
import threading
from collections.abc import Iterator
from datetime import timedelta

from django.db import IntegrityError, connections, transaction
from django.db.models import DateTimeField, ExpressionWrapper, Q
from django.db.models.functions import Now

from .models import Lease
from .outages import DATABASE_ERRORS


def lease_holder_name() -> str:
    """Who this process is, for the lease row and the log: host, pid, a nonce."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def lease_take(name: str, *, holder: str, seconds: float) -> bool:
    """
    Hold `name` for `seconds` from now if it is free, expired or already
    ours; False while someone else holds it.
    """
    until = ExpressionWrapper(
        Now() + timedelta(seconds=seconds), output_field=DateTimeField()
    )
    renewed = (
        Lease.objects.filter(name=name)
        .filter(Q(holder=holder) | Q(expires_at__lt=Now()))
        .update(holder=holder, expires_at=until)
    )
    if renewed:
        return True
    if Lease.objects.filter(name=name).exists():
        return False
    try:
        with transaction.atomic():
            Lease.objects.create(name=name, holder=holder, expires_at=until)
    except IntegrityError:  # another process made the row first: theirs
        return False
    return True


def lease_release(name: str, *, holder: str) -> None:
    """Let another process take `name` at once (a clean stop)."""
    Lease.objects.filter(name=name, holder=holder).update(
        expires_at=ExpressionWrapper(
            Now() - timedelta(seconds=1), output_field=DateTimeField()
        )
    )


@contextlib.contextmanager
def lease_kept(name: str, *, holder: str, seconds: float, every: float) -> Iterator:
    """
    Renew `name` every `every` seconds from a thread of its own while the
    block runs: a round that outlasts the lease (a hundred articles due at
    once) must not let another process take over and act twice. A round
    shorter than `every` makes no renewal and no connection.
    """
    done = threading.Event()

    def renew() -> None:
        try:
            while not done.wait(every):
                with contextlib.suppress(*DATABASE_ERRORS):
                    lease_take(name, holder=holder, seconds=seconds)
        finally:
            connections.close_all()  # this thread's own, if it opened one

    thread = threading.Thread(target=renew, daemon=True, name=f"lease-{name}")
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join(every + 5)
