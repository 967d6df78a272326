"""What the moving commands share: opening the file, printing the report."""

from django.core.management.base import CommandError

FILE_NOT_FOUND = "No such file: {path}"
FILE_UNREADABLE = "Cannot read {path}: {reason}"
STOPPED = "{error} The import stopped there; what came before it is imported."


def open_for_reading(path: str):
    try:
        return open(path, "rb")  # noqa: SIM115 (the caller closes it)
    except FileNotFoundError as error:
        raise CommandError(FILE_NOT_FOUND.format(path=path)) from error
    except OSError as error:
        raise CommandError(
            FILE_UNREADABLE.format(path=path, reason=error.strerror)
        ) from error


def report_finish(command, report, *, elapsed: float, verbosity: int) -> None:
    """Print the report; a file that could not be read to the end is a CommandError."""
    if verbosity > 0:
        for line in report.lines():
            if not line.startswith("Stopped:"):
                command.stdout.write(line)
        command.stdout.write(f"Done in {elapsed:.1f} s.")
    if report.file_error:
        raise CommandError(STOPPED.format(error=report.file_error))
