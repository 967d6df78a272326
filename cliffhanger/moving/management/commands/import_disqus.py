"""`manage.py import_disqus FILE`: a Disqus export's comments onto the articles (see moving/disqus_import.py)."""

import time

from django.core.management.base import BaseCommand

from cliffhanger.moving.disqus_import import disqus_import
from cliffhanger.moving.import_lock import exclusive_import
from cliffhanger.moving.progress import file_progress

from ._common import open_for_reading, report_finish


class Command(BaseCommand):
    help = (
        "Import the comments of a Disqus export, attaching each thread to the "
        "article at its address (an imported post's old permalink works too). "
        "Running it again updates what changed and never duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="the Disqus XML export")
        parser.add_argument(
            "--no-progress",
            action="store_true",
            help="no progress bar (there is none either when stderr is not a terminal)",
        )

    def handle(self, *args, file, no_progress, **options):
        started = time.monotonic()
        with (
            exclusive_import(),
            open_for_reading(file) as stream,
            file_progress(
                self,
                stream,
                description="Importing Disqus",
                passes=1,
                quiet=no_progress,
            ) as (on_read, say),
        ):
            report = disqus_import(stream=stream, on_read=on_read, on_skip=say)
        report_finish(
            self,
            report,
            elapsed=time.monotonic() - started,
            verbosity=options["verbosity"],
        )
