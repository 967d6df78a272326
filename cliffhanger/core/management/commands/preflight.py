"""`manage.py preflight`: stop, with one line each, on what would keep the site from serving."""

from django.core.management.base import BaseCommand, CommandError

from cliffhanger.core.preflight import problems


class Command(BaseCommand):
    help = "Check the database, the cache and var/ before the site starts."
    requires_system_checks = []

    def handle(self, *args, **options):
        found = problems()
        if found:
            raise CommandError("\n".join(found))
        self.stdout.write("Database, cache and var/ are ready.")
