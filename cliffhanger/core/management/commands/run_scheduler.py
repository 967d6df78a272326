"""
Periodic jobs, so an operator sets up no cron: publish (and unpublish) pages
whose scheduled time has come, then every job the apps registered
(core/scheduler_jobs.py; each decides for itself whether it is due, e.g. the
daily digest).
`manage.py serve` starts this beside the web server, on every node: a lease
(core/leases.py) lets one scheduler at a time act, and another takes over
within SCHEDULER_LEASE_SECONDS + --interval when the holder's node dies.
A database that goes away costs the rounds it is away for, never the process:
a round that fails closes its connections, so the next one reconnects.
"""

import argparse
import contextlib
import logging
import signal
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from cliffhanger.core.leases import (
    lease_holder_name,
    lease_kept,
    lease_release,
    lease_take,
)
from cliffhanger.core.outages import DATABASE_ERRORS, is_database_outage
from cliffhanger.core.preflight import LEASE_TOO_SHORT
from cliffhanger.core.scheduler_jobs import jobs_registered

LEASE = "scheduler"
LOG_EVERY_SECONDS = 60.0
logger = logging.getLogger("cliffhanger.scheduler")


def _positive_seconds(value: str) -> float:
    seconds = float(value)
    if seconds <= 0:
        raise argparse.ArgumentTypeError(
            "the interval must be a positive number of seconds"
        )
    return seconds


class Command(BaseCommand):
    help = "Run scheduled publishing every --interval seconds until stopped."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=_positive_seconds,
            default=None,
            help="seconds between rounds (default: SCHEDULER_INTERVAL_SECONDS)",
        )
        parser.add_argument(
            "--once", action="store_true", help="Run one round and exit."
        )

    def handle(self, *args, interval, once, **options):
        interval = interval or float(settings.SCHEDULER_INTERVAL_SECONDS)
        lease_seconds = settings.SCHEDULER_LEASE_SECONDS
        if lease_seconds <= interval:  # preflight checks the settings; this, --interval
            raise CommandError(
                LEASE_TOO_SHORT.format(lease=lease_seconds, interval=interval)
            )
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        holder, leading, failed_at = lease_holder_name(), False, float("-inf")
        try:
            while True:
                try:
                    now_leading = lease_take(
                        LEASE, holder=holder, seconds=lease_seconds
                    )
                    if now_leading != leading:
                        logger.warning(
                            "Scheduler %s %s the lease",
                            holder,
                            "took" if now_leading else "lost",
                        )
                    leading = now_leading
                    if leading:
                        with lease_kept(
                            LEASE, holder=holder, seconds=lease_seconds, every=interval
                        ):
                            self._round()
                except DATABASE_ERRORS as error:
                    if not is_database_outage(error):
                        raise  # a bug: serve restarts the scheduler, with backoff
                    connections.close_all()  # the next round connects afresh
                    if time.monotonic() - failed_at >= LOG_EVERY_SECONDS:
                        failed_at = time.monotonic()
                        self.stderr.write(
                            f"Scheduler: database unavailable ({error!r});"
                            " retrying every round, logged once a minute"
                        )
                if once or stop.wait(interval):
                    return
        finally:
            if leading:
                with contextlib.suppress(*DATABASE_ERRORS):  # it runs out by itself
                    lease_release(LEASE, holder=holder)

    def _round(self) -> None:
        """Each job once; one that fails is reported and the rest still run,
        unless the database is away (then the round ends: see handle())."""
        jobs = [
            (
                "publish_scheduled",
                lambda: call_command("publish_scheduled", verbosity=0),
            )
        ]
        jobs += jobs_registered()
        for name, job in jobs:
            try:
                job()
            except Exception as error:  # keep the loop alive; the next round retries
                if is_database_outage(error):
                    raise
                label = "Scheduled publishing" if name == "publish_scheduled" else name
                self.stderr.write(f"{label} failed: {error!r}")
