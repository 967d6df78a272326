"""HTTP validators and compression: what a browser, proxy or CDN may keep, and for how long."""

import gzip
import hashlib
from datetime import date

import pytest

from cliffhanger.caching.middleware import PageCacheMiddleware
from cliffhanger.newsroom.tests.factories import ArticlePageFactory

pytestmark = pytest.mark.usefixtures("page_cache")

HOME = "/"
ARTICLE = "/entertainment/partner-track-season-2/"
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def test_a_shared_hit_sends_the_stored_gzip_under_its_own_etag(client, article):
    client.get(ARTICLE, **GZIP)

    zipped = client.get(ARTICLE, **GZIP)
    plain = client.get(ARTICLE)

    assert zipped["X-Page-Cache"] == "hit"
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert "Content-Encoding" not in plain
    assert zipped["ETag"] != plain["ETag"]
    assert zipped["ETag"].startswith('"') and plain["ETag"].startswith('"')  # strong
    for response in (zipped, plain):
        assert "Accept-Encoding" in response["Vary"]


def test_the_first_answer_is_gzipped_like_the_hits_after_it(client, article):
    miss = client.get(ARTICLE, **GZIP)
    hit = client.get(ARTICLE, **GZIP)

    assert miss["X-Page-Cache"] == "miss"
    assert (miss["Content-Encoding"], miss["ETag"]) == ("gzip", hit["ETag"])
    assert miss.content == hit.content


def test_each_representation_answers_its_own_conditional_get(client, article):
    zipped_etag = client.get(ARTICLE, **GZIP)["ETag"]
    plain_etag = client.get(ARTICLE)["ETag"]

    not_modified = client.get(ARTICLE, HTTP_IF_NONE_MATCH=zipped_etag, **GZIP)
    plain_with_zipped_etag = client.get(ARTICLE, HTTP_IF_NONE_MATCH=zipped_etag)

    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified["ETag"] == zipped_etag
    assert "Accept-Encoding" in not_modified["Vary"]
    assert plain_with_zipped_etag.status_code == 200
    assert plain_with_zipped_etag["ETag"] == plain_etag


def test_a_current_copy_is_answered_304_without_the_page_made(
    client, article, monkeypatch
):
    etag = client.get(ARTICLE, **GZIP)["ETag"]
    client.get(ARTICLE, **GZIP)  # kept, and in this process's copies

    def page_made(*args, **kwargs):
        raise AssertionError("the page was made for a 304")

    monkeypatch.setattr(PageCacheMiddleware, "_from_entry", page_made)
    not_modified = client.get(ARTICLE, HTTP_IF_NONE_MATCH=etag, **GZIP)

    assert (not_modified.status_code, not_modified.content) == (304, b"")
    assert not_modified["ETag"] == etag
    assert not_modified["Vary"] == "Accept-Encoding"
    assert not_modified["Cache-Control"].startswith("public, max-age=0, s-maxage=")


def test_a_change_makes_the_old_etag_answer_the_new_page(client, article):
    etag = client.get(ARTICLE, **GZIP)["ETag"]
    article.title = "Partner Track: what we know now"
    article.save_revision().publish()

    response = client.get(ARTICLE, HTTP_IF_NONE_MATCH=etag, **GZIP)

    assert response.status_code == 200 and response["ETag"] != etag
    assert b"what we know now" in gzip.decompress(response.content)


def test_shared_copies_may_be_kept_by_proxies_and_served_while_refreshed(
    client, article, settings
):
    settings.PAGE_CACHE_EDGE_SECONDS = 45

    response = client.get(ARTICLE)

    assert response["Cache-Control"] == (
        "public, max-age=0, s-maxage=45, stale-while-revalidate=45, stale-if-error=3600"
    )


@pytest.mark.parametrize("path", ["/feed/", "/feed/atom/", "/sitemap.xml"])
def test_feeds_and_sitemaps_are_kept_until_an_article_changes(client, article, path):
    client.get(path)
    hit = client.get(path)
    ArticlePageFactory(
        parent=article.get_parent(), title="Fresh news", slug="fresh-news"
    )
    after = client.get(path)

    assert hit["X-Page-Cache"] == "hit"
    assert "public" in hit["Cache-Control"] and hit["ETag"]
    assert after["X-Page-Cache"] == "miss"
    assert b"fresh-news" in after.content


def test_the_status_feed_is_kept_until_the_tracker_changes(client, season_one, record):
    client.get("/shows/feed/")
    assert client.get("/shows/feed/")["X-Page-Cache"] == "hit"

    record(season_one, "cancelled", date(2022, 11, 8))

    assert client.get("/shows/feed/")["X-Page-Cache"] == "miss"


def test_answers_outside_the_page_cache_still_get_validators(client, db):
    first = client.get("/robots.txt")

    again = client.get("/robots.txt", HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200 and first["ETag"]
    assert again.status_code == 304


def test_a_page_made_per_request_is_tagged_with_the_sha1_of_its_body(
    client, article, settings
):
    """core/etags.py: a SHA-1, 2.6 times cheaper here than Django's MD5."""
    settings.PAGE_CACHE_SECONDS = 0

    plain = client.get(HOME)

    assert plain["ETag"] == f'"{hashlib.sha1(plain.content).hexdigest()}"'


def test_uncached_pages_are_gzipped_too(client, article, settings):
    settings.PAGE_CACHE_SECONDS = 0

    response = client.get(ARTICLE, **GZIP)

    assert response["Content-Encoding"] == "gzip"
    assert b"Partner Track" in gzip.decompress(response.content)


def test_images_are_not_compressed_again():
    from cliffhanger.core.compression import is_compressible

    assert is_compressible("text/html; charset=utf-8")
    assert is_compressible("application/atom+xml; charset=utf-8")
    assert not is_compressible("image/jpeg")
    assert not is_compressible("")


def test_a_page_made_per_request_is_gzipped_fast_with_a_length_that_varies(
    client, article, settings
):
    """Level 1 (nginx's default) for what is compressed per answer; a random-
    length name in the gzip header keeps the length from telling the content
    (BREACH), as Django's own middleware does."""
    settings.PAGE_CACHE_SECONDS = 0
    answers = [client.get(ARTICLE, **GZIP) for _ in range(8)]
    plain = client.get(ARTICLE)

    for answer in answers:
        assert answer["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in answer["Vary"]
        assert gzip.decompress(answer.content).startswith(b"<!DOCTYPE html>")
        assert answer.content[3] & 0x08  # FNAME: the header carries a name
    assert len({len(answer.content) for answer in answers}) > 1
    level_one_flag = answers[0].content[8]
    assert level_one_flag == 4  # XFL: the fastest compression
    assert "Content-Encoding" not in plain


def test_a_page_made_per_request_answers_a_conditional_get_with_304(
    client, article, settings
):
    """The random gzip name changes the bytes, not the page: the gzipped
    answer's validator is a weak one of what it says, apart from the plain one.
    (An article's comment form holds the time it was shown: never the same.)"""
    settings.PAGE_CACHE_SECONDS = 0
    zipped = client.get(HOME, **GZIP)
    plain = client.get(HOME)

    again = client.get(HOME, HTTP_IF_NONE_MATCH=zipped["ETag"], **GZIP)

    assert zipped["ETag"].startswith('W/"') and zipped["ETag"].endswith('-gz"')
    assert plain["ETag"].startswith('"') and plain["ETag"] != zipped["ETag"]
    assert (again.status_code, again.content) == (304, b"")
    ArticlePageFactory(parent=article.get_parent(), title="Fresh", slug="fresh")
    changed = client.get(HOME, HTTP_IF_NONE_MATCH=zipped["ETag"], **GZIP)
    assert changed.status_code == 200 and changed["ETag"] != zipped["ETag"]
