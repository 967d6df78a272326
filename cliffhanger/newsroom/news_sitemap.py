"""
The Google News sitemap: articles first published in the last two days (the
window Google News reads), at most 1,000, newest first.
"""

from datetime import timedelta

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from .selectors import article_list_latest

NEWS_WINDOW = timedelta(hours=48)
NEWS_MAX_URLS = 1000


def article_list_for_news_sitemap():
    since = timezone.now() - NEWS_WINDOW
    return article_list_latest().filter(first_published_at__gte=since)[:NEWS_MAX_URLS]


@require_GET
def news_sitemap(request):
    return render(
        request,
        "newsroom/news_sitemap.xml",
        {"articles": article_list_for_news_sitemap()},
        content_type="application/xml; charset=utf-8",
    )
