"""`manage.py import_wordpress FILE`: a WordPress export into the newsroom (see moving/wordpress_import.py)."""

import time

from django.core.management.base import BaseCommand

from cliffhanger.moving.import_lock import exclusive_import
from cliffhanger.moving.progress import file_progress
from cliffhanger.moving.wordpress_import import wordpress_import

from ._common import open_for_reading, report_finish


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR, from Tools › Export): authors, categories "
        "as sections, posts as articles with tags, featured images and comments, "
        "and 301 redirects from the old permalinks. Running it again updates what "
        "changed and never duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="the WXR file")
        parser.add_argument(
            "--uploads-url",
            default="",
            help=(
                "where the old site's wp-content/uploads/ is served now "
                "(e.g. https://media.example.com/uploads); image addresses in "
                "it are rewritten to start there"
            ),
        )
        parser.add_argument(
            "--no-progress",
            action="store_true",
            help="no progress bar (there is none either when stderr is not a terminal)",
        )

    def handle(self, *args, file, uploads_url, no_progress, **options):
        started = time.monotonic()
        with (
            exclusive_import(),
            open_for_reading(file) as stream,
            file_progress(
                self,
                stream,
                description="Importing WordPress",
                passes=2,
                quiet=no_progress,
            ) as (on_read, say),
        ):
            report = wordpress_import(
                stream=stream, on_read=on_read, on_skip=say, uploads_url=uploads_url
            )
        report_finish(
            self,
            report,
            elapsed=time.monotonic() - started,
            verbosity=options["verbosity"],
        )
