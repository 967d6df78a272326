"""
With the fragment cache on, a listing's cards are kept whole per address and
page, and their length too: a kept home page asks nothing, a new article or a changed byline
shows at once, and a restriction still closes the page.
"""

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from cliffhanger.testing.images import image_make

from .factories import ArticlePageFactory, AuthorFactory, SectionPageFactory


@pytest.fixture
def fragments(fragments, settings):
    settings.NEWSROOM_ARTICLES_PER_PAGE = 2


@pytest.fixture
def section(home):
    return SectionPageFactory(parent=home, slug="entertainment")


@pytest.fixture
def articles(section):
    found = []
    for n in range(3):
        article = ArticlePageFactory(
            parent=section, slug=f"story-{n}", title=f"Story number {n}"
        )
        article.featured_image = image_make("lead")
        article.save_revision().publish()
        found.append(article)
    return found


def test_a_kept_home_page_asks_nothing(
    fragments, articles, django_assert_max_num_queries
):
    Client().get("/")

    with django_assert_max_num_queries(0):
        response = Client().get("/")

    assert response.status_code == 200
    assert "Story number 2" in response.text and "<picture>" in response.text


def test_each_page_of_a_listing_is_kept_apart(fragments, articles):
    first = Client().get("/entertainment/").text
    second = Client().get("/entertainment/?page=2").text

    assert "Story number 2" in first and "Story number 0" not in first
    assert "Story number 0" in second and "Story number 2" not in second
    assert "Story number 0" in Client().get("/entertainment/?page=2").text


def test_a_new_article_and_a_new_byline_show_at_once(fragments, articles, section):
    assert "Story number 2" in Client().get("/").text

    newest = ArticlePageFactory(parent=section, slug="fresh", title="Fresh news")
    assert "Fresh news" in Client().get("/").text

    author = AuthorFactory(name="Ada Reporter")
    newest.article_authors.create(author=author)
    newest.save_revision().publish()
    assert "Ada Reporter" in Client().get("/").text

    author.name = "Ada Editor"
    author.save()
    assert "Ada Editor" in Client().get("/").text


def test_a_kept_length_follows_what_is_published(fragments, articles, section):
    assert 'href="?page=3"' not in Client().get("/entertainment/?page=2").text

    for n in range(3, 5):
        ArticlePageFactory(parent=section, slug=f"story-{n}", title=f"Story {n}")

    assert 'href="?page=3"' in Client().get("/entertainment/?page=2").text
    assert "Story number 0" in Client().get("/entertainment/?page=3").text
    articles[0].unpublish()
    response = Client().get("/entertainment/?page=3")
    assert "Story number 0" not in response.text  # page 3 no longer holds it


def test_a_restricted_section_closes_at_once(fragments, articles, section):
    assert Client().get("/entertainment/").status_code == 200

    PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.LOGIN
    )

    assert Client().get("/entertainment/").status_code == 302


def test_a_kept_section_is_routed_and_topped_without_queries(
    fragments, articles, section, django_assert_max_num_queries
):
    SectionPageFactory(parent=section, slug="tv", title="Television")
    Client().get("/entertainment/")

    with django_assert_max_num_queries(0):
        response = Client().get("/entertainment/")

    assert "Television" in response.text and "Story number 2" in response.text
    assert Client().get("/entertainment/tv/").status_code == 200
    assert Client().get("/entertainment/feed/").status_code == 200


def test_a_section_taken_down_or_renamed_goes_at_once(fragments, articles, section):
    subsection = SectionPageFactory(parent=section, slug="tv", title="Television")
    assert "Television" in Client().get("/entertainment/").text
    assert Client().get("/entertainment/tv/").status_code == 200

    subsection.title = "Telly"
    subsection.save_revision().publish()
    assert "Telly" in Client().get("/entertainment/").text

    subsection.unpublish()
    assert Client().get("/entertainment/tv/").status_code == 404
    assert "Telly" not in Client().get("/entertainment/").text
