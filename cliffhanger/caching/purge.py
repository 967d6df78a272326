"""
Purges for a CDN or reverse proxy in front (wagtail.contrib.frontend_cache,
configured by FRONTEND_CACHE_PURGE_URL). Wagtail purges a page itself when it
is published; this adds the public listings that show it, and (coalesced, see
purge_soon) the articles, show pages and board that readers' comments, votes
and ratings change: a first-time reader's copy of any page carries no CSRF
token, so a proxy may keep every one of them (see caching/csrf.py).
"""

import threading

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from wagtail.models import Page


def _purge(urls: list[str]) -> None:
    if not settings.WAGTAILFRONTENDCACHE or not urls:
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    purge_urls_from_cache([base + url for url in dict.fromkeys(urls)])


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


def purge_listings(*, page) -> None:
    if settings.WAGTAILFRONTENDCACHE:
        _purge(listing_urls_for(page))


def purge_page_after_commit(*, page_id: int) -> None:
    """A page and its listings once the change is committed (Wagtail purges
    the page itself only on publish; a new view restriction is not one)."""
    if not settings.WAGTAILFRONTENDCACHE:
        return

    def purge():
        page = Page.objects.filter(pk=page_id).first()
        if page is not None:
            _purge([url for url in [page.url] if url] + listing_urls_for(page))

    transaction.on_commit(purge)


def purge_tracker() -> None:
    _purge([reverse("tracker:show_board")])


def purge_after_commit(*, article_id=None, show_id=None, board=False) -> None:
    """Shared copies of an article, a show page or the board, once the change is committed.

    Articles are shared by proxies too (first-time readers' copies carry no
    CSRF token), so their comments and polls purge them like a publish does,
    but coalesced (see purge_soon): a proxy refills a purged page from the app,
    so a purge per comment or vote would render the article once per comment.
    """
    if not settings.WAGTAILFRONTENDCACHE:
        return
    transaction.on_commit(
        lambda: purge_soon(article_id=article_id, show_id=show_id, board=board)
    )


def purge_soon(*, article_id=None, show_id=None, board=False) -> None:
    """Purge each page at most once per FRONTEND_CACHE_PURGE_COALESCE_SECONDS, across servers.

    The first change to a page in a window schedules its purge for the window's
    end; later changes in the window are older than that purge, so it covers
    them, and cost no more than one cache round trip (the page's address is
    looked up only for a purge that will go). The timer fires a moment after
    the window's key expires, so a change in between schedules one more rather
    than being missed. A server that stops before its timer fires leaves that
    page to the proxy's own expiry (s-maxage).
    """
    seconds = settings.FRONTEND_CACHE_PURGE_COALESCE_SECONDS
    pages = {"article": article_id, "show": show_id, "board": board or None}
    due = {
        kind: value
        for kind, value in pages.items()
        if value
        and (not seconds or cache.add(f"purge-soon:{kind}:{value}", 1, seconds))
    }
    if not due:
        return
    urls = _urls(
        article_id=due.get("article"), show_id=due.get("show"), board="board" in due
    )
    if not seconds:
        _purge(urls)
        return
    timer = threading.Timer(seconds + 0.5, _purge, args=(urls,))
    timer.daemon = True
    timer.start()


def _urls(*, article_id=None, show_id=None, board=False) -> list[str]:
    from cliffhanger.tracker.models import Show

    urls = []
    if article_id:
        page = Page.objects.filter(pk=article_id).first()
        urls.append(page.url if page else None)
    if show_id:
        show = Show.objects.filter(pk=show_id).only("slug").first()
        urls.append(show.get_absolute_url() if show else None)
    if board:
        urls.append(reverse("tracker:show_board"))
    return [url for url in urls if url]
