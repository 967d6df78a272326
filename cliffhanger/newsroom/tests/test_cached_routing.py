"""
With the fragment cache on, an article's address, its site and whether a view
restriction covers it come from the shared cache: no queries, and never an
answer older than the change that made it wrong.
"""

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction, Site

from cliffhanger.testing.images import image_make

from .factories import ArticlePageFactory, SectionPageFactory


@pytest.fixture
def section(home):
    return SectionPageFactory(parent=home, slug="entertainment")


@pytest.fixture
def article(section):
    return ArticlePageFactory(parent=section, slug="renewed", title="Renewed at last")


def test_a_kept_article_is_served_without_routing_queries(
    fragments, article, django_assert_max_num_queries
):
    Client().get(article.url)

    with django_assert_max_num_queries(0):  # site, route, restrictions, pieces
        response = Client().get(article.url)

    assert response.status_code == 200 and "Renewed at last" in response.text


def test_a_kept_article_with_a_lead_picture_makes_no_query_either(
    fragments, article, django_assert_max_num_queries
):
    """The head's preload and og:image pieces ask whether there is a picture
    by its id: reading the image itself was a query on every page."""
    article.featured_image = image_make("lead")
    article.save_revision().publish()
    Client().get(article.url)

    with django_assert_max_num_queries(0):
        response = Client().get(article.url)

    assert 'rel="preload"' in response.text and "<picture>" in response.text


def test_an_unpublished_article_is_gone_at_once(fragments, article):
    assert Client().get("/entertainment/renewed/").status_code == 200

    article.unpublish()

    assert Client().get("/entertainment/renewed/").status_code == 404


def test_a_new_slug_moves_the_article_at_once(fragments, article):
    Client().get("/entertainment/renewed/")

    article.slug = "renewed-for-season-3"
    article.save_revision().publish()

    assert Client().get("/entertainment/renewed-for-season-3/").status_code == 200
    assert Client().get("/entertainment/renewed/").status_code == 404


@pytest.mark.parametrize("restricted", ["article", "section"])
def test_a_restriction_on_the_article_or_its_section_applies_at_once(
    fragments, article, section, restricted
):
    assert "Renewed at last" in Client().get(article.url).text

    PageViewRestriction.objects.create(
        page=article if restricted == "article" else section,
        restriction_type=PageViewRestriction.PASSWORD,
        password="secret",
    )

    html = Client().get(article.url).text
    assert "Renewed at last</h1>" not in html and 'name="password"' in html


def test_a_changed_site_is_read_again(fragments, article, settings):
    settings.ALLOWED_HOSTS = ["news.example", "testserver"]
    assert Client().get(article.url, HTTP_HOST="news.example").status_code == 200
    site = Site.objects.get(is_default_site=True)
    site.is_default_site = False
    site.hostname = "elsewhere.example"
    site.save()

    # No site serves news.example any more: Wagtail answers 404.
    assert Client().get(article.url, HTTP_HOST="news.example").status_code == 404
