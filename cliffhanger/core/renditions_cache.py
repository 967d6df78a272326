"""
The cache Wagtail keeps renditions in (the "renditions" alias).

Wagtail writes back to its cache every rendition it has just read from it:
it marks as already cached only renditions that were prefetched. An article
with a lead picture read eight renditions twice and wrote sixteen back on
every render that missed the fragment cache, 2-3 ms of its ~29 ms of CPU on
the embedded cache, and the writes take SQLite's write lock, which every
other process then waits for. And Image.get_rendition() (one rendition: a
feed's enclosures, structured data) writes back whatever it found, read from
the cache or prefetched, every time. These backends mark what they return as
read from the cache, and do not write what is so marked. The Redis one is
core/redis_cache.RedisRenditionsCache (django-redis is an optional extra).
"""

from .embedded_cache import EmbeddedCache
from .private_apis import (
    wagtail_rendition_is_cached,
    wagtail_rendition_mark_cached,
)


class RenditionsReadMixin:
    def set(self, key, value, *args, **kwargs):
        if wagtail_rendition_is_cached(value):
            return True  # there already, or prefetched with its image
        return super().set(key, value, *args, **kwargs)

    def get_many(self, keys, *args, **kwargs):
        found = super().get_many(keys, *args, **kwargs)
        for rendition in found.values():
            wagtail_rendition_mark_cached(rendition)
        return found


class EmbeddedRenditionsCache(RenditionsReadMixin, EmbeddedCache):
    """The embedded cache, for renditions."""
