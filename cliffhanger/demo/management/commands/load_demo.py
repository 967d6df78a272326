"""Load the demo site: each app's part (demo/loaders/), in order, then index it."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from cliffhanger.core.db.statistics import planner_statistics_refresh
from cliffhanger.demo.loaders import LOADERS


class Command(BaseCommand):
    help = "Load the demo site (idempotent: running it twice changes nothing)."

    def handle(self, *args, **options):
        for load in LOADERS:
            created = load()
            summary = ", ".join(f"{count} {kind}" for kind, count in created.items())
            self.stdout.write(
                f"{load.__module__}.{load.__qualname__}: created {summary or 'nothing'}"
            )
        # The search index is otherwise filled by the task worker, page by
        # page; a demo that is searchable the moment it is served is nicer.
        call_command("update_index", verbosity=0)
        self.stdout.write("search index rebuilt")
        # SQLite plans its queries by statistics that nothing else gathers
        # until the scheduler's first round (core/db/statistics.py).
        if planner_statistics_refresh():
            self.stdout.write("query planner statistics refreshed")
