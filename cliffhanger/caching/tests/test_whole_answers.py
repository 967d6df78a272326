"""Feeds and sitemaps kept whole: one cache read, and never stale."""

from datetime import date

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from cliffhanger.discussion.services import comment_create
from cliffhanger.newsroom.tests.factories import ArticlePageFactory
from cliffhanger.tracker.models import SeasonStatus

pytestmark = pytest.mark.usefixtures("fragments")

KEPT = ["/feed/", "/feed/atom/", "/sitemap.xml", "/comments/feed/", "/shows/feed/"]


@pytest.mark.parametrize("path", KEPT)
def test_a_feed_or_sitemap_is_answered_from_its_kept_copy_without_queries(
    article, season_one, path, django_assert_num_queries
):
    client = Client()
    first = client.get(path)

    with django_assert_num_queries(0):
        again = client.get(path)

    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    for header in ("Content-Type", "Last-Modified"):
        assert again.get(header) == first.get(header)


def test_a_new_article_is_in_the_feed_and_the_sitemap_at_once(article, section):
    client = Client()
    client.get("/feed/"), client.get("/sitemap.xml")

    ArticlePageFactory(parent=section, slug="breaking-news", title="Breaking news")

    assert b"Breaking news" in client.get("/feed/").content
    assert b"/entertainment/breaking-news/" in client.get("/sitemap.xml").content


def test_a_new_comment_is_in_both_comment_feeds_at_once(article):
    client = Client()
    own_feed = f"/comments/feed/article/{article.pk}/"
    client.get("/comments/feed/"), client.get(own_feed)

    comment_create(article=article, body="Kept feeds stay true.", author_name="Bo")

    assert b"Kept feeds stay true." in client.get("/comments/feed/").content
    assert b"Kept feeds stay true." in client.get(own_feed).content


def test_a_status_change_is_in_the_status_feed_at_once(season_one, record):
    client = Client()
    client.get("/shows/feed/")

    record(season_one, SeasonStatus.CANCELLED, date(2026, 12, 1))

    assert b"Cancelled" in client.get("/shows/feed/").content


def test_an_article_made_private_takes_its_kept_comments_feed_with_it(article):
    client = Client()
    own_feed = f"/comments/feed/article/{article.pk}/"
    comment_create(article=article, body="Before the paywall.", author_name="Bo")
    assert client.get(own_feed).status_code == 200

    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.LOGIN
    )

    assert client.get(own_feed).status_code == 404
    assert b"Before the paywall." not in client.get("/comments/feed/").content


def test_a_missing_feed_is_not_kept(db, django_assert_max_num_queries):
    client = Client()
    assert client.get("/comments/feed/article/999999/").status_code == 404

    with django_assert_max_num_queries(10) as captured:
        assert client.get("/comments/feed/article/999999/").status_code == 404
    assert len(captured) > 0  # looked up again, not answered from a kept 404


def test_a_query_string_is_answered_fresh_and_adds_no_copy(
    article, django_assert_max_num_queries
):
    client = Client()
    client.get("/feed/")
    kept = client.get("/feed/").content

    with django_assert_max_num_queries(20) as captured:
        answer = client.get("/feed/?utm_source=x")
    assert len(captured) > 0
    assert answer.content == kept
