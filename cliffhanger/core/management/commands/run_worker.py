"""The background task worker, reporting failures but not every routine task."""

import logging

from django_tasks_db.management.commands.db_worker import (
    Command as DatabaseWorkerCommand,
)


class Command(DatabaseWorkerCommand):
    help = "Run the database task worker; logs warnings and errors only."

    def configure_logging(self, verbosity: int) -> None:
        super().configure_logging(verbosity)
        if verbosity <= 1:
            for name in ("django_tasks", "django_tasks_db"):
                logging.getLogger(name).setLevel(logging.WARNING)
