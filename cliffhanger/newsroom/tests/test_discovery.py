"""Feeds, sitemap, robots.txt, canonical and social tags, JSON-LD on articles."""

import json
import re
from datetime import datetime, timedelta
from unittest.mock import patch
from xml.etree import ElementTree

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Site

from .factories import ArticlePageFactory, AuthorFactory, SectionPageFactory


@pytest.fixture
def story(home):
    section = SectionPageFactory(
        parent=home, title="Entertainment", slug="entertainment"
    )
    author = AuthorFactory(name="Ayman Bhorania", slug="ayman-bhorania")
    article = ArticlePageFactory(
        parent=section,
        slug="story",
        title="Netflix cancels Partner Track",
        authors=[author],
        last_published_at=timezone.now(),
    )
    article.tags.add("Netflix")
    article.save()
    return article


@pytest.mark.parametrize(
    "path",
    [
        "/feed/",
        "/feed/atom/",
        "/entertainment/feed/",
        "/entertainment/feed/atom/",
        "/tag/netflix/feed/",
        "/tag/netflix/feed/atom/",
        "/author/ayman-bhorania/feed/",
        "/author/ayman-bhorania/feed/atom/",
    ],
)
def test_feeds_parse_cleanly(client, story, path):
    response = client.get(path)
    feed = feedparser.parse(response.content)

    assert response.status_code == 200
    assert not feed.bozo, feed.get("bozo_exception")
    entry = feed.entries[0]
    assert entry.title == "Netflix cancels Partner Track"
    assert entry.link.endswith("/entertainment/story/")
    assert entry.id == f"cliffhanger-article-{story.pk}"
    assert entry.get("published_parsed") or entry.get("updated_parsed")


@pytest.mark.parametrize(
    "path",
    [
        "/feed/",
        "/entertainment/feed/atom/",
        "/tag/netflix/feed/",
        "/author/ayman-bhorania/feed/",
    ],
)
def test_a_feeds_queries_do_not_grow_with_its_entries(client, story, path):
    """Tags, bylines and enclosures come in one query each, not one per entry."""

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    queries()  # the site's root paths and the like, read once
    one = queries()
    for number in range(4):
        more = ArticlePageFactory(
            parent=story.get_parent(),
            slug=f"more-{number}",
            authors=[story.article_authors.first().author],
        )
        more.tags.add("Netflix", f"extra-{number}")
        more.save()

    assert len(feedparser.parse(client.get(path).content).entries) == 5
    assert queries() == one
    categories = feedparser.parse(client.get("/feed/").content).entries[0].tags
    assert [tag.term for tag in categories] == ["Netflix", "extra-3"]


@pytest.mark.parametrize(
    "path",
    ["/shows/partner-track/articles/feed/", "/shows/partner-track/articles/feed/atom/"],
)
def test_show_article_feeds_parse_cleanly(client, story, path):
    from cliffhanger.tracker.models import ArticleCoverage
    from cliffhanger.tracker.tests.factories import ShowFactory

    show = ShowFactory(title="Partner Track", slug="partner-track")
    ArticleCoverage.objects.create(article=story, show=show)
    ArticlePageFactory(parent=story.get_parent(), title="About something else")

    feed = feedparser.parse(client.get(path).content)

    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "Cliffhanger: Partner Track"
    assert [entry.title for entry in feed.entries] == ["Netflix cancels Partner Track"]


def test_a_show_feeds_queries_do_not_grow_with_its_entries(client, story):
    from cliffhanger.tracker.models import ArticleCoverage
    from cliffhanger.tracker.tests.factories import ShowFactory

    show = ShowFactory(title="Partner Track", slug="partner-track")
    ArticleCoverage.objects.create(article=story, show=show)
    path = "/shows/partner-track/articles/feed/"

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    queries()
    one = queries()
    for number in range(3):
        more = ArticlePageFactory(parent=story.get_parent(), slug=f"show-{number}")
        more.tags.add("Netflix")
        more.save()
        ArticleCoverage.objects.create(article=more, show=show)

    assert len(feedparser.parse(client.get(path).content).entries) == 4
    assert queries() == one


def test_unknown_feed_objects_are_404(client, db):
    assert client.get("/tag/nothing/feed/").status_code == 404
    assert client.get("/author/nobody/feed/").status_code == 404
    assert client.get("/shows/nothing/articles/feed/").status_code == 404


def test_sitemap_lists_articles_sections_and_shows(client, story):
    from cliffhanger.tracker.tests.factories import ShowFactory

    ShowFactory(title="Partner Track", slug="partner-track")

    response = client.get("/sitemap.xml")
    root = ElementTree.fromstring(response.content)
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in root.findall("s:url/s:loc", namespace)]

    assert response.status_code == 200
    assert any(loc.endswith("/entertainment/story/") for loc in locations)
    assert any(loc.endswith("/entertainment/") for loc in locations)
    assert any(loc.endswith("/shows/partner-track/") for loc in locations)
    dated = {
        url.find("s:loc", namespace).text
        for url in root.findall("s:url", namespace)
        if url.find("s:lastmod", namespace) is not None
    }
    assert any(loc.endswith("/entertainment/story/") for loc in dated)
    assert any(loc.endswith("/shows/partner-track/") for loc in dated)


def test_robots_points_to_the_sitemaps(client):
    robots = client.get("/robots.txt").text
    assert "Sitemap: http://testserver/sitemap.xml" in robots
    assert "Sitemap: http://testserver/sitemap-news.xml" in robots


NEWS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def test_news_sitemap_lists_the_last_two_days(client, story):
    section = story.get_parent()
    ArticlePageFactory(
        parent=section,
        slug="old",
        title="Old news",
        first_published_at=timezone.now() - timedelta(hours=49),
    )
    ArticlePageFactory(parent=section, slug="fresh", title="Fresh & <new>", live=True)
    ArticlePageFactory(parent=section, slug="draft", title="Draft", live=False)

    response = client.get("/sitemap-news.xml")
    root = ElementTree.fromstring(response.content)  # well-formed XML
    entries = {url.find("s:loc", NEWS).text: url for url in root.findall("s:url", NEWS)}

    assert response["Content-Type"].startswith("application/xml")
    assert set(entries) == {
        "http://testserver/entertainment/story/",
        "http://testserver/entertainment/fresh/",
    }
    fresh = entries["http://testserver/entertainment/fresh/"]
    assert fresh.find("news:news/news:title", NEWS).text == "Fresh & <new>"
    assert (
        fresh.find("news:news/news:publication/news:name", NEWS).text == "Cliffhanger"
    )
    assert fresh.find("news:news/news:publication/news:language", NEWS).text == "en"
    published = fresh.find("news:news/news:publication_date", NEWS).text
    assert datetime.fromisoformat(published) <= timezone.now()


def test_article_head_has_canonical_social_tags_and_json_ld(client, story):
    html = client.get("/entertainment/story/?utm_source=x").text

    assert (
        '<link rel="canonical" href="http://testserver/entertainment/story/">' in html
    )
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Netflix cancels Partner Track">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    # The article's own card (tracker/social_cards.py) for link previews; with
    # no featured image, the site's card stands in for JSON-LD.
    assert (
        f'<meta property="og:image" content="http://testserver/social-cards/article/{story.pk}-'
        in html
    )
    blocks = [
        json.loads(b)
        for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    ]
    news = next(b for b in blocks if b["@type"] == "NewsArticle")
    trail = next(b for b in blocks if b["@type"] == "BreadcrumbList")
    for required in (
        "headline",
        "datePublished",
        "dateModified",
        "author",
        "publisher",
        "image",
    ):
        assert required in news
    assert news["image"] == ["http://testserver/static/cliffhanger/img/social-card.png"]
    assert news["author"] == [
        {
            "@type": "Person",
            "name": "Ayman Bhorania",
            "url": "http://testserver/author/ayman-bhorania/",
        }
    ]
    assert news["publisher"]["logo"]["url"].endswith("logo.png")
    assert [item["name"] for item in trail["itemListElement"]] == [
        "Home",
        "Entertainment",
        "Netflix cancels Partner Track",
    ]
    assert news["mainEntityOfPage"] == "http://testserver/entertainment/story/"
    assert [item.get("item") for item in trail["itemListElement"]] == [
        "http://testserver/",
        "http://testserver/entertainment/",
        None,
    ]


def test_an_article_page_reads_the_site_root_paths_once(client, story, settings):
    # Wagtail keeps them on the request only when asked with it; each URL
    # asked without it is a cache read (the embedded cache: a SQLite query).
    settings.FRAGMENT_CACHE_SECONDS = 0
    with patch.object(
        Site, "get_site_root_paths", side_effect=Site.get_site_root_paths
    ) as read:
        assert client.get("/entertainment/story/").status_code == 200

    assert read.call_count == 1


def test_listings_link_their_neighbouring_pages(client, story, settings):
    settings.NEWSROOM_ARTICLES_PER_PAGE = 1
    ArticlePageFactory(parent=story.get_parent(), slug="another")

    first = client.get("/entertainment/").text
    second = client.get("/entertainment/?page=2").text

    assert '<link rel="next" href="?page=2">' in first
    assert '<link rel="prev" href="?page=1">' in second
    assert (
        '<link rel="canonical" href="http://testserver/entertainment/?page=2">'
        in second
    )
