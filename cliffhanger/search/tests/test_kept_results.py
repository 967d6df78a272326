"""Search results kept per query: one cache read for a repeated search, never stale."""

import pytest
from django.test import Client
from modelsearch.tasks import insert_or_update_object_task
from wagtail.models import Page, PageViewRestriction

from cliffhanger.newsroom.tests.factories import ArticlePageFactory, SectionPageFactory
from cliffhanger.tracker.tests.factories import ShowFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fragments")]


@pytest.fixture
def section(home):
    return SectionPageFactory(parent=home, title="News")


def search(q: str, **more) -> str:
    return Client().get("/search/", {"q": q, **more}).content.decode()


def test_a_repeated_search_is_answered_from_its_kept_results_without_queries(
    section, django_assert_num_queries
):
    ArticlePageFactory(parent=section, title="Marzipan finale")
    ShowFactory(title="Marzipan Heist")
    first = search("marzipan")

    with django_assert_num_queries(0):
        again = search("marzipan")

    assert again == first
    assert "<mark>Marzipan</mark> finale" in again and "Marzipan Heist" in again


def test_kept_results_are_dropped_when_the_index_changes(section):
    """Wagtail indexes a published page in a task that ends after the publish's
    "articles" bump: results kept in between are dropped when that task ends."""
    article = ArticlePageFactory(parent=section, title="Plain headline")
    assert "headline" not in search("pumpernickel")
    Page.objects.filter(pk=article.pk).update(title="Pumpernickel headline")
    assert "headline" not in search("pumpernickel")  # kept: nothing said it changed

    insert_or_update_object_task.enqueue("newsroom", "articlepage", str(article.pk))

    assert "<mark>Pumpernickel</mark> headline" in search("pumpernickel")


def test_an_article_made_private_leaves_the_kept_results_at_once(section):
    article = ArticlePageFactory(parent=section, title="Tapioca news")
    assert "<mark>Tapioca</mark> news" in search("tapioca")

    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    assert "<mark>Tapioca</mark> news" not in search("tapioca")


def test_each_page_of_results_is_kept_with_its_own_links(section):
    for number in range(12):
        ArticlePageFactory(parent=section, title=f"Quince story {number}")

    first, second = search("quince"), search("quince", page="2")

    assert 'rel="next" href="?q=quince&amp;page=2"' in first
    assert 'rel="prev" href="?q=quince&amp;page=1"' in second
    assert search("quince", page="2") == second  # kept, links and all


def test_other_parameters_are_answered_fresh_and_never_kept(
    section, django_assert_max_num_queries
):
    for number in range(12):
        ArticlePageFactory(parent=section, title=f"Rhubarb story {number}")
    search("rhubarb")

    with django_assert_max_num_queries(50) as captured:
        answer = search("rhubarb", utm_source="mail")

    assert len(captured) > 0  # searched again
    assert "utm_source=mail" in answer  # its page links carry it on
    assert "utm_source=mail" not in search("rhubarb")
