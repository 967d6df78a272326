"""`manage.py import_shows FILE`: TVmaze shows into the tracker (see tracker/importers.py)."""

import os
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from cliffhanger.tracker.importers import ImportReport, shows_import

FILE_NOT_FOUND = "No such file: {path}"
FILE_UNREADABLE = "Cannot read {path}: {reason}"
RECORDS_FAILED = (
    "{failed} of {records} records failed and nothing from them was stored: {which}."
)
# The failed records the final error lists by number; stderr has every message.
LISTED = 10
STOPPED_AT_FILE_ERROR = "{error} The import stopped there; {done}"


class _BarOutput:
    """The command's stderr as tqdm needs it: no added newline, no error colour."""

    def __init__(self, wrapper):
        self._wrapper = wrapper
        # tqdm draws its bar in Unicode only when the stream says it can.
        self.encoding = getattr(wrapper, "encoding", None)

    def write(self, text):
        self._wrapper.write(text, style_func=lambda plain: plain, ending="")

    def flush(self):
        self._wrapper.flush()


class Command(BaseCommand):
    help = (
        "Import shows with their seasons, episodes and cast from a file in TVmaze's "
        "JSON format: one show object, a JSON array of shows, or JSON Lines. "
        "Re-importing updates and never duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="the TVmaze JSON file")
        parser.add_argument(
            "--no-progress",
            action="store_true",
            help="no progress bar (there is none either when stderr is not a terminal)",
        )

    def handle(self, *args, file, no_progress, **options):
        try:
            stream = open(file, "rb")  # noqa: SIM115 (closed by the with below)
        except FileNotFoundError as error:
            raise CommandError(FILE_NOT_FOUND.format(path=file)) from error
        except OSError as error:
            raise CommandError(
                FILE_UNREADABLE.format(path=file, reason=error.strerror)
            ) from error

        started = time.monotonic()
        with (
            stream,
            tqdm(
                total=os.fstat(stream.fileno()).st_size,
                unit="B",
                unit_scale=True,
                desc="Importing shows",
                file=_BarOutput(self.stderr),
                disable=no_progress or not self.stderr.isatty(),
                leave=False,
            ) as bar,
        ):

            def report_failure(message):
                bar.clear()
                self.stderr.write(message)
                bar.refresh()

            report = shows_import(
                stream=stream, on_read=bar.update, on_failure=report_failure
            )
        elapsed = time.monotonic() - started

        if options["verbosity"] > 0:
            self.stdout.write(_summary(report, elapsed))
        done = f"shows imported before it: {report.records - report.failed}."
        if report.file_error:
            raise CommandError(
                STOPPED_AT_FILE_ERROR.format(error=report.file_error, done=done)
            )
        if report.failed:
            numbers = [str(number) for number in report.failed_records[:LISTED]]
            which = ("record " if len(numbers) == 1 else "records ") + ", ".join(
                numbers
            )
            if report.failed > len(numbers):
                which += f" and {report.failed - len(numbers)} more"
            raise CommandError(
                RECORDS_FAILED.format(
                    failed=report.failed, records=report.records, which=which
                )
            )


def _summary(report: ImportReport, elapsed: float) -> str:
    imported = report.records - report.failed
    rate = imported / elapsed if elapsed > 0 else 0
    return "\n".join(
        [
            f"Shows: {report.shows_created} created, {report.shows_updated} updated, "
            f"{report.shows_unchanged} unchanged, {report.failed} failed",
            f"Seasons: {report.seasons_created} created, "
            f"{report.seasons_updated} updated",
            f"Episodes: {report.episodes_created} created, "
            f"{report.episodes_updated} updated",
            f"People: {report.people_created} created",
            f"Status changes recorded: {report.status_changes}",
            f"{report.records} records in {elapsed:.1f} s ({rate:.0f} shows/s)",
        ]
    )
