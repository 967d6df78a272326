"""`manage.py export_wordpress [FILE]`: the newsroom as a WordPress export (see moving/wordpress_export.py)."""

from django.core.management.base import BaseCommand, CommandError

from cliffhanger.moving.wordpress_export import wordpress_export


class _Plain:
    """The command's stdout, written to as it is (no newline added)."""

    def __init__(self, wrapper):
        self._wrapper = wrapper

    def write(self, text: str) -> None:
        self._wrapper.write(text, ending="")


class Command(BaseCommand):
    help = (
        "Write every article, section, author, tag and comment as a WordPress "
        "export (WXR 1.2) that WordPress's importer reads. The file holds "
        "readers' email addresses."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            metavar="FILE",
            nargs="?",
            default="-",
            help="where to write (- for stdout)",
        )
        parser.add_argument(
            "--site-url",
            default="",
            help="the site's address for links (default WAGTAILADMIN_BASE_URL)",
        )

    def handle(self, *args, file, site_url, **options):
        if file == "-":
            summary = wordpress_export(
                out=_Plain(self.stdout), base_url=site_url or None
            )
        else:
            try:
                with open(file, "w", encoding="utf-8") as out:
                    summary = wordpress_export(out=out, base_url=site_url or None)
            except OSError as error:
                raise CommandError(f"Cannot write {file}: {error.strerror}") from error
        if options["verbosity"] > 0:
            left_out = ", ".join(
                f"{count} {kind}" for kind, count in summary.blocks_left_out.items()
            )
            self.stderr.write(
                f"Exported {summary.posts} posts, {summary.comments} comments, "
                f"{summary.categories} categories, {summary.tags} tags, "
                f"{summary.authors} authors, {summary.attachments} featured images."
                + (
                    f" Blocks with no WordPress equivalent left out: {left_out}."
                    if left_out
                    else ""
                )
            )
