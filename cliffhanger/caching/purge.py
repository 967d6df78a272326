"""
Purges for a CDN or reverse proxy in front (wagtail.contrib.frontend_cache,
configured by FRONTEND_CACHE_PURGE_URL). The apps know which addresses a
change affects (newsroom/purges.py, tracker/purges.py) and hand them here as
a function, called only when a purge will go: at once after the commit, or
coalesced (purge_soon) for readers' comments, votes and ratings, since a
first-time reader's copy of any page carries no CSRF token (core/shared_csrf.py) and a
proxy may keep every one of them.

    purge_after_commit("article:12", lambda: [article.url])
    purge_after_commit("article:12", lambda: [...], coalesce=True)
"""

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from cliffhanger.core.http import site_url

UrlsOf = Callable[[], list[str]]


def purges_enabled() -> bool:
    return bool(settings.WAGTAILFRONTENDCACHE)


def purge_urls(urls: list[str]) -> None:
    """PURGE these paths (or absolute URLs) from the proxy now."""
    if not purges_enabled() or not urls:
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    purge_urls_from_cache([site_url(url) for url in dict.fromkeys(urls) if url])


def purge_after_commit(key: str, urls: UrlsOf, *, coalesce: bool = False) -> None:
    """
    The addresses `urls()` gives, once the change is committed. `coalesce`
    (readers' changes) purges `key`'s page at most once per window, see
    purge_soon: a proxy refills a purged page from the app, so a purge per
    comment or vote would render the article once per comment.
    """
    if not purges_enabled():
        return
    if coalesce:
        transaction.on_commit(lambda: purge_soon(key, urls))
    else:
        transaction.on_commit(lambda: purge_urls(urls()))


def purge_soon(key: str, urls: UrlsOf) -> None:
    """Purge `key`'s page at most once per FRONTEND_CACHE_PURGE_COALESCE_SECONDS, across servers.

    The first change to a page in a window schedules its purge for the window's
    end; later changes in the window are older than that purge, so it covers
    them, and cost no more than one cache round trip (`urls` is called only for
    a purge that will go). The purge is a task for the worker, due a moment
    after the window's key expires, so a change in between schedules one more
    rather than being missed; being in the database, it outlives a restart
    of the server that scheduled it.
    """
    seconds = settings.FRONTEND_CACHE_PURGE_COALESCE_SECONDS
    if not seconds or not purge_urls_task.get_backend().supports_defer:
        # No window, or a backend that runs every task at once: a purge that
        # cannot wait goes now, and opens no window later changes would miss.
        purge_urls(urls())
        return
    if not cache.add(f"purge-soon:{key}", 1, seconds):
        return
    when = timezone.now() + timedelta(seconds=seconds + 0.5)
    purge_urls_task.using(run_after=when).enqueue(urls())


@task()
def purge_urls_task(urls: list[str]) -> None:
    """purge_urls(), run by the task worker when a coalesced purge is due."""
    purge_urls(urls)
