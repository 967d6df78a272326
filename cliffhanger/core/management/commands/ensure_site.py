"""Point the default Wagtail site at SITE_URL, for absolute links in feeds and email."""

import os
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site


class Command(BaseCommand):
    help = "Set the default site's hostname and port from SITE_URL (or --url)."

    def add_arguments(self, parser):
        parser.add_argument("--url", default=os.environ.get("SITE_URL", ""))

    def handle(self, *args, url, **options):
        if not url:
            self.stdout.write("SITE_URL is not set; the default site is unchanged.")
            return
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise CommandError(
                f"SITE_URL must look like https://news.example, not {url!r}"
            )
        port = parts.port or (443 if parts.scheme == "https" else 80)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("No default site: run `manage.py migrate` first.")
        if (site.hostname, site.port) != (parts.hostname, port):
            site.hostname, site.port = parts.hostname, port
            site.save()
        self.stdout.write(f"Default site: {parts.scheme}://{parts.hostname}:{port}/")
