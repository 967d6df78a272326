"""Load the demo site: each app's loader from settings.DEMO_LOADERS, in order, then index it."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Load the demo site (idempotent: running it twice changes nothing)."

    def handle(self, *args, **options):
        for dotted_path in settings.DEMO_LOADERS:
            created = import_string(dotted_path)()
            summary = ", ".join(f"{count} {kind}" for kind, count in created.items())
            self.stdout.write(f"{dotted_path}: created {summary or 'nothing'}")
        if settings.DEMO_LOADERS:
            # The search index is otherwise filled by the task worker, page by
            # page; a demo that is searchable the moment it is served is nicer.
            call_command("update_index", verbosity=0)
            self.stdout.write("search index rebuilt")
