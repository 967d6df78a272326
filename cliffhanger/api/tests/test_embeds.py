"""Status badges and oEmbed cards, as another site would fetch them."""

import re
from datetime import date
from xml.etree import ElementTree

from django.utils.html import escape
from wagtail.models import PageViewRestriction

from cliffhanger.tracker.models import ArticleCoverage, SeasonStatus
from cliffhanger.tracker.tests.factories import ShowFactory

SVG = "{http://www.w3.org/2000/svg}"


def test_a_shows_badge_tells_its_latest_status(client, season_one, record):
    record(season_one, SeasonStatus.CANCELLED, date(2022, 11, 8))
    response = client.get("/shows/partner-track/badge.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "public" in response["Cache-Control"]
    assert response["Access-Control-Allow-Origin"] == "*"
    svg = ElementTree.fromstring(response.content)
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "Partner Track S1: Cancelled · 8 Nov 2022"


def test_a_badge_changes_when_a_status_is_recorded(client, season_one, record):
    record(season_one, SeasonStatus.AWAITING, date(2022, 9, 26))
    before = client.get("/shows/partner-track/season/1/badge.svg")
    record(season_one, SeasonStatus.RENEWED, date(2022, 12, 1))
    after = client.get("/shows/partner-track/season/1/badge.svg")
    assert b"Awaiting decision" in before.content
    assert b"Renewed" in after.content and before["ETag"] != after["ETag"]


def test_badges_for_what_does_not_exist_are_404(client, season_one):
    assert client.get("/shows/no-such-show/badge.svg").status_code == 404
    assert client.get("/shows/partner-track/season/9/badge.svg").status_code == 404
    assert client.get("/shows/partner-track/season/0/badge.svg").status_code == 404


def test_a_hostile_title_is_escaped_and_shortened(client, netflix, record):
    from cliffhanger.tracker.tests.factories import SeasonFactory

    title = '<script>alert("x")</script>' + "W" * 170  # the field holds 200
    show = ShowFactory(title=title, slug="hostile", network=netflix)
    SeasonFactory(show=show, number=1)
    response = client.get("/shows/hostile/badge.svg")
    svg = ElementTree.fromstring(response.content)  # still well-formed XML
    assert b"<script" not in response.content
    assert int(svg.get("width")) < 500
    assert svg.find(f"{SVG}title").text.startswith('<script>alert("x")</script>W')


def test_a_show_page_offers_an_oembed_card(client, season_one, record):
    record(season_one, SeasonStatus.CANCELLED, date(2022, 11, 8))
    page = client.get("/shows/partner-track/").content.decode()
    link = re.search(
        r'<link rel="alternate" type="application/json\+oembed"[^>]*href="([^"]+)"',
        page,
    )
    endpoint = link.group(1).replace("&amp;", "&")
    card = client.get(endpoint).json()
    assert card["type"] == "rich" and card["version"] == "1.0"
    assert card["title"] == "Partner Track"
    assert 'href="http://testserver/shows/partner-track/"' in card["html"]
    assert escape("Partner Track S1: Cancelled · 8 Nov 2022") in card["html"]


def test_an_article_card_carries_the_status_of_the_show_it_covers(
    client, article, season_one, record
):
    ArticleCoverage.objects.create(article=article, show=season_one.show)
    record(season_one, SeasonStatus.CANCELLED, date(2022, 11, 8))
    page = client.get(article.url).content.decode()
    assert 'type="application/json+oembed"' in page
    card = client.get("/oembed", {"url": f"http://testserver{article.url}"}).json()
    assert card["title"] == article.title
    assert "/shows/partner-track/badge.svg" in card["html"]


def test_oembed_refuses_what_it_cannot_card(client, article):
    def status(**query):
        return client.get("/oembed", query).status_code

    assert status() == 400
    assert status(url="http://elsewhere.example/shows/x/") == 404
    assert status(url="http://testserver/no/such/page/") == 404
    assert status(url="javascript:alert(1)") == 404
    assert status(url="http://[::1") == 404
    assert status(url=f"http://testserver{article.url}", format="xml") == 501
    assert status(url=f"http://testserver{article.url}", maxwidth="wide") == 400
    assert status(url=f"http://testserver{article.url}", maxwidth="-5") == 400
    PageViewRestriction.objects.create(page=article, restriction_type="login")
    assert status(url=f"http://testserver{article.url}") == 404


def test_an_unoffered_format_is_not_logged_as_a_server_error(client, article, caplog):
    with caplog.at_level("WARNING", logger="django.request"):
        response = client.get(
            "/oembed", {"url": f"http://testserver{article.url}", "format": "xml"}
        )

    assert response.status_code == 501
    assert response.json()["code"] == "not_implemented"
    assert [r for r in caplog.records if r.name == "django.request"] == []
