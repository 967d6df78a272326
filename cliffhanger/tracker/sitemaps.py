from django.contrib.sitemaps import Sitemap

from .models import Show


class ShowSitemap(Sitemap):
    """Show pages, last modified when the show or its history last changed."""

    changefreq = "daily"

    def items(self):
        return Show.objects.order_by("pk")

    def lastmod(self, show):
        return show.updated_at

    def location(self, show):
        return show.get_absolute_url()
