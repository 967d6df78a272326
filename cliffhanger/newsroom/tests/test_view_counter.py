"""View counting: the beacon, once per reader per day, batched writes, Most Popular."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from cliffhanger.newsroom.models import ArticleDailyViews, ArticleViewReader
from cliffhanger.newsroom.selectors import article_most_popular
from cliffhanger.newsroom.services import (
    article_view_readers_prune,
    article_views_add,
    article_views_record,
)
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


def _beacon(client, article_id, *, ip="203.0.113.5", agent="Firefox", **headers):
    return client.post(
        f"/views/{article_id}/", REMOTE_ADDR=ip, HTTP_USER_AGENT=agent, **headers
    )


def _views(article) -> int:
    return ArticleDailyViews.objects.get(article=article).views


class TestBeacon:
    def test_counts_without_touching_the_database(
        self, client, section, django_assert_num_queries
    ):
        article = ArticlePageFactory(parent=section)

        with django_assert_num_queries(0):
            response = _beacon(client, article.pk)

        assert response.status_code == 204
        assert view_buffer_pending() == 1

    def test_one_view_per_reader_per_article_per_day(self, client, section):
        article = ArticlePageFactory(parent=section)
        other = ArticlePageFactory(parent=section)

        for _ in range(3):
            _beacon(client, article.pk)
        _beacon(client, article.pk, ip="198.51.100.7")
        _beacon(client, other.pk)
        view_buffer_flush()
        _beacon(client, article.pk)  # the same reader again, after a flush
        view_buffer_flush()

        assert _views(article) == 2
        assert _views(other) == 1

    def test_another_app_server_seeing_the_same_reader_counts_once(self, section):
        article = ArticlePageFactory(parent=section)
        reading = {(article.pk, timezone.localdate(), "reader-1")}

        article_views_record(readings=reading)  # app server A
        article_views_record(readings=reading)  # app server B, same reader

        assert _views(article) == 1

    def test_get_is_refused(self, client, section):
        article = ArticlePageFactory(parent=section)

        assert client.get(f"/views/{article.pk}/").status_code == 405
        assert view_buffer_pending() == 0

    @pytest.mark.parametrize("article_id", ["0", "99999999999999999999999"])
    def test_out_of_range_ids_are_404(self, client, article_id):
        assert client.post(f"/views/{article_id}/").status_code == 404
        assert view_buffer_pending() == 0

    def test_unknown_and_draft_articles_do_not_spoil_the_batch(self, client, section):
        article = ArticlePageFactory(parent=section)
        draft = ArticlePageFactory(parent=section, live=False)

        _beacon(client, 999_999)
        _beacon(client, draft.pk)
        _beacon(client, article.pk)
        view_buffer_flush()

        assert _views(article) == 1
        assert not ArticleDailyViews.objects.filter(article=draft).exists()

    def test_cross_site_beacons_are_ignored(self, client, section):
        article = ArticlePageFactory(parent=section)

        response = _beacon(client, article.pk, HTTP_SEC_FETCH_SITE="cross-site")

        assert response.status_code == 204
        assert view_buffer_pending() == 0

    def test_beacons_per_address_are_capped(self, client, section, settings):
        settings.NEWSROOM_VIEW_BEACONS_PER_MINUTE = 3
        articles = [ArticlePageFactory(parent=section) for _ in range(10)]

        for article in articles:
            _beacon(client, article.pk)
        view_buffer_flush()

        assert ArticleDailyViews.objects.count() == 3

    def test_a_failed_flush_keeps_the_readings(self, client, section, monkeypatch):
        article = ArticlePageFactory(parent=section)
        _beacon(client, article.pk)

        def fail(**kwargs):
            raise RuntimeError("database is locked")

        monkeypatch.setattr(
            "cliffhanger.newsroom.view_counter.article_views_record", fail
        )
        with pytest.raises(RuntimeError):
            view_buffer_flush()
        monkeypatch.undo()

        assert view_buffer_pending() == 1
        view_buffer_flush()
        assert _views(article) == 1

    def test_article_page_carries_the_beacon(self, client, section):
        article = ArticlePageFactory(parent=section)

        html = client.get(article.url).text

        assert f'data-view-beacon="/views/{article.pk}/"' in html
        assert "view-beacon.js" in html


def test_imported_views_add_to_reader_counts(section):
    article = ArticlePageFactory(parent=section)
    today = timezone.localdate()

    article_views_add(counts={(article.pk, today): 40})
    article_views_record(
        readings={(article.pk, today, "r1"), (article.pk, today, "r2")}
    )
    article_views_add(counts={(article.pk, today): 2})

    assert _views(article) == 44


def test_old_reader_rows_are_pruned(section, settings):
    article = ArticlePageFactory(parent=section)
    old_day = timezone.localdate() - timedelta(
        days=settings.NEWSROOM_MOST_POPULAR_DAYS + 2
    )
    ArticleViewReader.objects.create(article=article, day=old_day, reader_hash="r")
    ArticleViewReader.objects.create(
        article=article, day=timezone.localdate(), reader_hash="r"
    )

    assert article_view_readers_prune() == 1
    assert ArticleViewReader.objects.count() == 1


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
