"""
The background task worker, reporting failures but not every routine task,
and outliving the database: django-tasks-db's worker stops at any database
error but a locked SQLite file, which ended `serve` with it after a
PostgreSQL restart. This one closes its connections, waits a round and goes
on, logging the outage once a minute.
"""

import logging
import time

from django.db import connections
from django_tasks_db.management.commands.db_worker import (
    Command as DatabaseWorkerCommand,
)

from cliffhanger.core.outages import DATABASE_ERRORS, is_database_outage

LOG_EVERY_SECONDS = 60.0
logger = logging.getLogger("cliffhanger.worker")


class Command(DatabaseWorkerCommand):
    help = "Run the database task worker; logs warnings and errors only."

    def configure_logging(self, verbosity: int) -> None:
        super().configure_logging(verbosity)
        if verbosity <= 1:
            for name in ("django_tasks", "django_tasks_db"):
                logging.getLogger(name).setLevel(logging.WARNING)

    def handle(self, *args, **options):
        """The library's worker, started again after a database outage."""
        failed_at = float("-inf")
        while True:
            try:
                return super().handle(*args, **options)
            except DATABASE_ERRORS as error:
                if options["batch"] or not is_database_outage(error):
                    raise  # one pass asked for, or a bug: say so
                if time.monotonic() - failed_at >= LOG_EVERY_SECONDS:
                    failed_at = time.monotonic()
                    logger.error(
                        "Task worker: database unavailable (%r); retrying every"
                        " %.0f s, logged once a minute",
                        error,
                        options["interval"],
                    )
                connections.close_all()
                time.sleep(options["interval"] or 1)
