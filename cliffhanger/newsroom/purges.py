"""Which public addresses show an article, for the proxy purges of caching/purge.py."""

from django.urls import reverse
from wagtail.models import Page

from cliffhanger.caching.purge import purge_after_commit, purge_urls, purges_enabled


def listing_urls_for(page) -> list[str]:
    """Home, the sections above the page, and its tag and author pages."""
    specific = page.specific
    urls = [
        ancestor.url
        for ancestor in specific.get_ancestors().live()
        if ancestor.depth > 1
    ]
    if hasattr(specific, "tags"):
        urls += [
            reverse("newsroom:tag_detail", args=[tag.slug])
            for tag in specific.tags.all()
        ]
    if hasattr(specific, "article_authors"):
        urls += [
            link.author.get_absolute_url()
            for link in specific.article_authors.select_related("author")
        ]
    return [url for url in urls if url]


def page_listings_purge(*, page) -> None:
    """The listings that show a page, now (Wagtail purges the page itself on publish)."""
    if purges_enabled():
        purge_urls(listing_urls_for(page))


def page_purge_after_commit(*, page_id: int) -> None:
    """A page and its listings once the change is committed (a new view
    restriction is no publish, so Wagtail purges nothing itself)."""

    def urls() -> list[str]:
        page = Page.objects.filter(pk=page_id).first()
        return [page.url, *listing_urls_for(page)] if page is not None else []

    purge_after_commit(f"page:{page_id}", urls)


def article_purge_soon(*, article_id: int) -> None:
    """The article's page after readers' changes (comments, votes), coalesced."""

    def urls() -> list[str]:
        page = Page.objects.filter(pk=article_id).first()
        return [page.url] if page is not None and page.url else []

    purge_after_commit(f"article:{article_id}", urls, coalesce=True)
