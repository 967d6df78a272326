"""
Django closes every cache at the end of each request (close_caches on
request_finished). The caches we configure keep their connections open on
purpose: the embedded cache's close() does nothing (embedded_cache.py), and
django-redis keeps its pools unless told to close them (CLOSE_CONNECTION).
Walking the caches to call those no-ops was 3-5% of a page-cache hit, so when
every configured backend's close() would do nothing, the receiver is
disconnected; any other backend keeps Django's behaviour.
"""

from django.conf import settings
from django.core import signals
from django.core.cache import close_caches
from django.core.cache.backends.base import BaseCache
from django.utils.module_loading import import_string

from .embedded_cache import EmbeddedCache

# close() methods known to do nothing.
NO_OP_CLOSES = (BaseCache.close, EmbeddedCache.close)


def closing_needed(cache_settings: dict) -> bool:
    """Whether any configured backend's close() does something."""
    return not all(_close_does_nothing(options) for options in cache_settings.values())


def _close_does_nothing(options: dict) -> bool:
    close = import_string(options["BACKEND"]).close
    if close in NO_OP_CLOSES:
        return True
    try:  # the redis extra may not be installed
        from django_redis.cache import RedisCache
    except ImportError:
        return False
    return close is RedisCache.close and not options.get("OPTIONS", {}).get(
        "CLOSE_CONNECTION", getattr(settings, "DJANGO_REDIS_CLOSE_CONNECTION", False)
    )


def skip_closing_if_needless(cache_settings: dict) -> None:
    """Disconnect close_caches from request_finished when it would do nothing."""
    if not closing_needed(cache_settings):
        signals.request_finished.disconnect(close_caches)
