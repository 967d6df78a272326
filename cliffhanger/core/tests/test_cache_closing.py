"""Django's per-request cache closing is skipped only when it would do nothing."""

from django.conf import settings
from django.core import signals
from django.core.cache import close_caches

from cliffhanger.core.cache_closing import closing_needed, skip_closing_if_needless
from cliffhanger.settings.base import caches_from_environment


def _connected() -> bool:
    return any(
        receiver() is close_caches
        for _, receiver, *_ in signals.request_finished.receivers
    )


def test_the_embedded_and_redis_caches_need_no_closing(monkeypatch, tmp_path):
    monkeypatch.setenv("CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert not closing_needed(caches_from_environment())
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/9")
    assert not closing_needed(caches_from_environment())


def test_a_backend_that_closes_keeps_djangos_receiver():
    memcached = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "sessions": {"BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache"},
    }
    assert closing_needed(memcached)
    redis_closing = {
        "default": {
            "BACKEND": "cliffhanger.core.redis_cache.FailSafeRedisCache",
            "OPTIONS": {"CLOSE_CONNECTION": True},
        }
    }
    assert closing_needed(redis_closing)
    assert _connected() is closing_needed(settings.CACHES)
    try:
        signals.request_finished.connect(close_caches)
        skip_closing_if_needless(memcached)
        assert _connected()
        skip_closing_if_needless({"default": memcached["default"]})
        assert not _connected()
    finally:
        if closing_needed(settings.CACHES):
            signals.request_finished.connect(close_caches)
