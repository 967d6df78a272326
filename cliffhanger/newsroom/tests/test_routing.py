"""Articles resolve in one query; every other address still routes as Wagtail does."""

import pytest
import wagtail_factories
from django.test import RequestFactory
from wagtail.models import Page

from cliffhanger.newsroom.models import ArticlePage

from .factories import ArticlePageFactory, SectionPageFactory


@pytest.fixture
def section(home):
    return SectionPageFactory(parent=home, slug="entertainment")


def route(path):
    request = RequestFactory().get(path, HTTP_HOST="localhost")
    return Page.route_for_request(request, path)


def test_a_nested_article_resolves_in_one_query_after_the_site(
    section, django_assert_num_queries
):
    tv = SectionPageFactory(parent=section, slug="tv")
    article = ArticlePageFactory(parent=tv, slug="renewed")

    # the site (with its root page), the root's specific page, then the article;
    # Wagtail's own routing takes a child and its specific page per level (eight here)
    with django_assert_num_queries(3):
        page, args, kwargs = route("/entertainment/tv/renewed/")

    assert page == article and type(page).__name__ == "ArticlePage"


def test_drafts_sections_and_unknown_addresses_route_as_before(section, client):
    ArticlePageFactory(parent=section, slug="draft", live=False)

    assert route("/entertainment/draft/") is None  # Wagtail's 404
    assert route("/entertainment/").page == section.specific
    assert route("/entertainment/nothing-here/") is None
    assert client.get("/entertainment/draft/").status_code == 404


def test_a_sections_own_routes_still_win_over_a_child_of_the_same_name(section, client):
    ArticlePageFactory(parent=section, slug="feed")

    response = client.get("/entertainment/feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")


def test_an_article_is_looked_up_by_its_indexed_slug(section):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article = ArticlePageFactory(parent=section, slug="renewed")

    with CaptureQueriesContext(connection) as queries:
        page, args, kwargs = route("/entertainment/renewed/")

    assert page == article
    # wagtailcore_page.url_path has no index: alone it scans every page
    assert any('"slug" =' in query["sql"] for query in queries)


def test_the_routed_page_is_the_orms_in_every_field_with_its_lead_image(
    section, django_assert_num_queries
):
    # The page is read by a prepared query (core/db/prepared.py): every
    # column, StreamField body included, is what the ORM reads.
    image = wagtail_factories.ImageFactory(title="Lead")
    article = ArticlePageFactory(parent=section, slug="lead", featured_image=image)
    with django_assert_num_queries(4):  # the site, its root, the page, its image
        page = route("/entertainment/lead/").page
    expected = ArticlePage.objects.get(pk=article.pk)
    for field in ArticlePage._meta.concrete_fields:
        got, want = getattr(page, field.attname), getattr(expected, field.attname)
        if field.name == "body":
            got, want = list(got.raw_data), list(want.raw_data)
        assert got == want, field.name
    with django_assert_num_queries(0):
        assert page.featured_image == image
        assert page.featured_image.file.name == image.file.name
