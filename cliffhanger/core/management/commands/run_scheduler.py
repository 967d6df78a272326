"""
Periodic jobs, so an operator sets up no cron: publish (and unpublish) pages
whose scheduled time has come, then every function in settings.SCHEDULED_JOBS
(each decides for itself whether it is due, e.g. the daily digest). `manage.py serve` starts this beside the web
server; on a multi-server deployment run exactly one of it.
"""

import argparse
import signal
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


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
        parser.add_argument("--interval", type=_positive_seconds, default=30.0)
        parser.add_argument(
            "--once", action="store_true", help="Run one round and exit."
        )

    def handle(self, *args, interval, once, **options):
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        while True:
            try:
                call_command("publish_scheduled", verbosity=0)
            except Exception as error:  # keep the loop alive; the next round retries
                self.stderr.write(f"Scheduled publishing failed: {error!r}")
            for dotted_path in settings.SCHEDULED_JOBS:
                try:
                    import_string(dotted_path)()
                except Exception as error:
                    self.stderr.write(f"{dotted_path} failed: {error!r}")
            if once or stop.wait(interval):
                return
