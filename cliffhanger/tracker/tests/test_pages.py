"""Show pages, the article status box, statements in articles, feeds."""

from datetime import date

import feedparser
import pytest

from cliffhanger.newsroom.tests.test_security import assert_inert
from cliffhanger.tracker.models import ArticleCoverage

from .factories import PersonFactory, SeasonFactory, StatementFactory


@pytest.fixture
def cancelled(season_one, record):
    record(season_one, "airing", date(2022, 8, 26))
    record(season_one, "awaiting", date(2022, 9, 26))
    return record(
        season_one,
        "cancelled",
        date(2022, 11, 8),
        source_outlet="Deadline",
        source_url="https://deadline.com/",
    )


class TestStatusBox:
    def test_shows_the_change_since_publication(
        self, article, season_one, cancelled, client
    ):
        ArticleCoverage.objects.create(
            article=article, show=season_one.show, season=season_one
        )

        html = client.get(article.url).text

        assert "status-box--changed" in html
        assert "Netflix cancelled Partner Track" in html
        assert "on 8 November 2022" in html
        assert (
            'source: <a href="https://deadline.com/" rel="noopener">Deadline</a>'
            in html
        )

    def test_no_update_when_the_status_predates_the_article(
        self, article, season_one, record, client
    ):
        record(season_one, "awaiting", date(2022, 9, 10))
        ArticleCoverage.objects.create(article=article, show=season_one.show)

        html = client.get(article.url).text

        assert "status-box--changed" not in html
        assert "Awaiting decision" in html and "as of 10 Sep 2022" in html

    def test_a_new_status_changes_every_linked_article(
        self, article, section, season_one, record, client
    ):
        from cliffhanger.newsroom.tests.factories import ArticlePageFactory

        other = ArticlePageFactory(parent=section, slug="another-take")
        for page in (article, other):
            ArticleCoverage.objects.create(article=page, show=season_one.show)
        record(season_one, "awaiting", date(2022, 9, 26))
        assert "Awaiting decision" in client.get(other.url).text

        record(season_one, "renewed", date(2022, 10, 1))

        assert (
            "Netflix renewed Partner Track" in client.get(article.url).text
        )  # news since
        assert (
            '<span class="status status--renewed">Renewed</span>'
            in client.get(other.url).text
        )

    def test_latest_season_is_used_when_none_chosen(
        self, article, season_one, record, client
    ):
        season_two = SeasonFactory(show=season_one.show, number=2)
        record(season_two, "renewed", date(2022, 12, 1))
        ArticleCoverage.objects.create(article=article, show=season_one.show)

        assert "Partner Track season 2 is now" not in client.get(article.url).text
        assert "renewed Partner Track" in client.get(article.url).text

    def test_article_without_a_show_has_no_box(self, article, client):
        assert "status-box" not in client.get(article.url).text


class TestStatementBlock:
    def _article_with_statement(self, section, statement_id):
        from cliffhanger.newsroom.tests.factories import ArticlePageFactory

        return ArticlePageFactory(
            parent=section,
            slug="with-statement",
            body=[{"type": "statement", "value": statement_id}],
        )

    def test_renders_as_an_attributed_quote(self, section, partner_track, client):
        statement = StatementFactory(
            show=partner_track,
            person=PersonFactory(name="Georgia Lee"),
            source_outlet="Deadline",
            source_url="https://deadline.com/",
        )
        article = self._article_with_statement(section, statement.pk)

        html = client.get(article.url).text

        assert '<span class="attributed-quote__person">Georgia Lee</span>' in html
        assert "We are hopeful about another season." in html
        assert "12 Sep 2022" in html

    def test_deleted_statement_renders_nothing_and_is_flagged_in_preview(
        self, section, partner_track, client, editor, rf
    ):
        statement = StatementFactory(show=partner_track)
        article = self._article_with_statement(section, statement.pk)
        statement.delete()

        response = client.get(article.url)
        request = rf.get("/")
        request.user = editor
        preview = article.make_preview_request(request, "").rendered_content

        assert response.status_code == 200
        assert "attributed-quote--statement" not in response.text
        assert "has been deleted from the tracker" in preview

    def test_hostile_quote_renders_inert(self, section, partner_track, client):
        xss = '<script>alert("x")</script><img src=x onerror=alert(1)>'
        statement = StatementFactory(
            show=partner_track,
            quote=xss,
            role=xss,
            organisation=xss,
            person=PersonFactory(name="Eve " + xss),
            source_outlet=xss,
        )
        article = self._article_with_statement(section, statement.pk)

        assert_inert(client.get(article.url).text)
        assert_inert(client.get("/shows/partner-track/").text)


class TestShowPage:
    def test_timeline_statements_articles_and_json_ld(
        self, article, season_one, cancelled, client
    ):
        import json
        import re

        ArticleCoverage.objects.create(article=article, show=season_one.show)
        StatementFactory(show=season_one.show, person=PersonFactory(name="Jinny Howe"))

        html = client.get("/shows/partner-track/").text

        timeline = html[html.index('id="timeline-heading"') :]
        assert (
            timeline.index("Airing")
            < timeline.index("Awaiting decision")
            < timeline.index("Cancelled")
        )
        assert "Jinny Howe" in html
        assert article.title in html
        data = json.loads(
            re.search(
                r'<script type="application/ld\+json">(.*?)</script>', html
            ).group(1)
        )
        assert data["@type"] == "TVSeries" and data["name"] == "Partner Track"
        assert data["containsSeason"][0] == {
            "@type": "TVSeason",
            "seasonNumber": 1,
            "numberOfEpisodes": 10,
        }

    def test_unknown_show_is_404(self, db, client):
        assert client.get("/shows/no-such-show/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/shows/feed/",
        "/shows/feed/atom/",
        "/shows/partner-track/feed/",
        "/shows/partner-track/feed/atom/",
    ],
)
def test_status_change_feeds_parse(client, cancelled, path):
    feed = feedparser.parse(client.get(path).content)

    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.entries[0].title == "Partner Track season 1: Cancelled"
