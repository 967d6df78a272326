"""View counting: the beacon, once per reader per day, batched writes, Most Popular."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from cliffhanger.newsroom.models import ArticleDailyViews
from cliffhanger.newsroom.selectors import article_most_popular
from cliffhanger.newsroom.services import article_views_add
from cliffhanger.newsroom.view_counter import view_buffer_flush, view_buffer_pending

from .factories import ArticlePageFactory, SectionPageFactory


@pytest.fixture(autouse=True)
def empty_buffer(db, settings):
    settings.NEWSROOM_VIEW_FLUSH_SECONDS = 0  # tests flush by hand
    cache.clear()
    view_buffer_flush()
    yield
    view_buffer_flush()


@pytest.fixture
def section(home):
    return SectionPageFactory(parent=home, slug="entertainment")


def _beacon(client, article, *, ip="203.0.113.5", agent="Firefox"):
    return client.post(f"/views/{article.pk}/", REMOTE_ADDR=ip, HTTP_USER_AGENT=agent)


class TestBeacon:
    def test_counts_without_touching_the_database(
        self, client, section, django_assert_num_queries
    ):
        article = ArticlePageFactory(parent=section)

        with django_assert_num_queries(0):
            response = _beacon(client, article)

        assert response.status_code == 204
        assert view_buffer_pending() == 1

    def test_one_view_per_reader_per_article_per_day(self, client, section):
        article = ArticlePageFactory(parent=section)
        other = ArticlePageFactory(parent=section)

        for _ in range(3):
            _beacon(client, article)
        _beacon(client, article, ip="198.51.100.7")
        _beacon(client, other)
        view_buffer_flush()

        assert ArticleDailyViews.objects.get(article=article).views == 2
        assert ArticleDailyViews.objects.get(article=other).views == 1

    def test_get_is_refused(self, client, section):
        article = ArticlePageFactory(parent=section)

        assert client.get(f"/views/{article.pk}/").status_code == 405
        assert view_buffer_pending() == 0

    def test_unknown_article_is_dropped_at_flush(self, client, db):
        assert client.post("/views/999999/").status_code == 204

        assert view_buffer_flush() == 1
        assert ArticleDailyViews.objects.count() == 0

    def test_article_page_carries_the_beacon(self, client, section):
        article = ArticlePageFactory(parent=section)

        html = client.get(article.url).text

        assert f'data-view-beacon="/views/{article.pk}/"' in html
        assert "view-beacon.js" in html


def test_flush_adds_to_existing_daily_row(section):
    article = ArticlePageFactory(parent=section)
    today = timezone.localdate()

    article_views_add(counts={(article.pk, today): 3})
    article_views_add(counts={(article.pk, today): 4})

    assert ArticleDailyViews.objects.get(article=article, day=today).views == 7


class TestMostPopular:
    def test_orders_by_views_in_the_last_week(self, section):
        today = timezone.localdate()
        hit = ArticlePageFactory(parent=section, title="Hit")
        steady = ArticlePageFactory(parent=section, title="Steady")
        old_hit = ArticlePageFactory(parent=section, title="Old hit")
        article_views_add(
            counts={
                (hit.pk, today): 50,
                (steady.pk, today): 10,
                (steady.pk, today - timedelta(days=6)): 10,
                (old_hit.pk, today - timedelta(days=7)): 1000,
            }
        )

        titles = [article.title for article in article_most_popular()]

        assert titles == ["Hit", "Steady"]

    def test_leaves_out_unpublished_articles(self, section):
        draft = ArticlePageFactory(parent=section, live=False)
        article_views_add(counts={(draft.pk, timezone.localdate()): 99})

        assert article_most_popular() == []

    def test_respects_the_configured_length(self, section, settings):
        settings.NEWSROOM_MOST_POPULAR_COUNT = 2
        for views in (5, 6, 7):
            article = ArticlePageFactory(parent=section)
            article_views_add(counts={(article.pk, timezone.localdate()): views})

        assert len(article_most_popular()) == 2

    def test_is_shown_in_the_sidebar(self, client, section):
        article = ArticlePageFactory(parent=section, title="Everyone read this")
        article_views_add(counts={(article.pk, timezone.localdate()): 5})

        html = client.get("/").text

        assert 'id="most-popular-heading">Most Popular' in html
        assert f'<li><a href="{article.url}">Everyone read this</a></li>' in html
