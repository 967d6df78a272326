"""
The renditions cache keeps what Wagtail read from it there: no write-back.
If a Wagtail upgrade drops its `_from_cache` flag, the writes come back and
the first test fails.
"""

import os
from unittest import mock

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from wagtail.images import get_image_model

from cliffhanger.core.pictures import place_get
from cliffhanger.testing.images import image_make

pytestmark = pytest.mark.django_db

SPECS = place_get("lead").filter_specs()


def _renditions_read_twice() -> tuple[int, int]:
    """Writes to the renditions cache and queries, on the second read."""
    image = image_make("renditions-cache")
    image.get_renditions(*SPECS)  # made, then kept in the cache
    fresh = get_image_model().objects.get(pk=image.pk)
    cache = caches["renditions"]
    with (
        mock.patch.object(cache, "set_many", wraps=cache.set_many) as writes,
        CaptureQueriesContext(connection) as queries,
    ):
        renditions = fresh.get_renditions(*SPECS)
    assert set(renditions) == set(SPECS)
    return writes.call_count, len(queries)


def test_the_embedded_renditions_cache_is_read_without_writing_back(tmp_path):
    backend = "cliffhanger.core.renditions_cache.EmbeddedRenditionsCache"
    renditions = {"BACKEND": backend, "LOCATION": str(tmp_path / "renditions")}
    with override_settings(CACHES={**_caches(), "renditions": renditions}):
        assert _renditions_read_twice() == (0, 0)


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="the Redis pass")
def test_the_redis_renditions_cache_is_read_without_writing_back():
    from django.conf import settings

    assert settings.CACHES["renditions"]["BACKEND"].endswith("RedisRenditionsCache")
    assert _renditions_read_twice() == (0, 0)


def test_one_rendition_read_from_the_cache_is_not_written_back(tmp_path):
    """Image.get_rendition() writes what it found back, whatever its source."""
    backend = "cliffhanger.core.renditions_cache.EmbeddedRenditionsCache"
    renditions = {"BACKEND": backend, "LOCATION": str(tmp_path / "renditions")}
    with override_settings(CACHES={**_caches(), "renditions": renditions}):
        image = image_make("one-rendition")
        image.get_rendition(SPECS[0])
        fresh = get_image_model().objects.get(pk=image.pk)
        cache = caches["renditions"]
        with (
            mock.patch.object(cache, "_pass", wraps=cache._pass) as calls,
            CaptureQueriesContext(connection) as queries,
        ):
            rendition = fresh.get_rendition(SPECS[0])

    assert rendition.filter_spec == SPECS[0]
    assert [call.args[0] for call in calls.call_args_list] == ["get_many"]
    assert len(queries) == 0


def test_wagtail_writes_back_what_a_plain_cache_returns(tmp_path):
    """Why the renditions cache exists: without it every read is a write."""
    plain = {
        "BACKEND": "cliffhanger.core.embedded_cache.EmbeddedCache",
        "LOCATION": str(tmp_path / "plain"),
    }
    with override_settings(CACHES={**_caches(), "renditions": plain}):
        assert _renditions_read_twice() == (1, 0)


def _caches() -> dict:
    from django.conf import settings

    return dict(settings.CACHES)
