import pytest
from django.db import connection
from wagtail.models import PageViewRestriction

from cliffhanger.newsroom.models import ArticlePage
from cliffhanger.newsroom.tests.factories import AuthorFactory, SectionPageFactory
from cliffhanger.search.selectors import _index_is_sqlite_fts, _ranked_ids
from cliffhanger.testing.grown_articles import NEEDS_DEMO, NeedsDemo, articles_grow
from cliffhanger.testing.synthetic_articles import article_spec

pytestmark = pytest.mark.django_db


def grow(count):
    articles_grow(count=count, seed=7)
    return ArticlePage.objects.live().filter(slug__contains="-grown-")


def test_grown_articles_are_live_searchable_and_added_once(client, home):
    SectionPageFactory(parent=home, title="TV")
    AuthorFactory()

    assert grow(30).count() == 30
    assert grow(30).count() == 30
    assert grow(32).count() == 32

    wanted = article_spec(number=7, seed=7)
    article = ArticlePage.objects.get(slug__endswith="-grown-7")
    assert (article.title, article.dek) == (wanted.title, wanted.dek)
    assert set(article.tags.names()) == set(wanted.tags)
    response = client.get("/search/", {"q": wanted.title})
    assert wanted.title in [
        hit.article.title for hit in response.context["results"].hits
    ]


def test_growing_needs_the_demo_sections_and_authors(home):
    with pytest.raises(NeedsDemo, match=NEEDS_DEMO):
        grow(3)


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the one-pass ranking is SQLite's alone"
)
def test_sqlite_ranking_is_the_backends_ranking(home):
    """selectors ranks in one FTS5 pass; Wagtail's backend must agree."""
    SectionPageFactory(parent=home, title="TV")
    AuthorFactory()
    grow(25)
    hidden = ArticlePage.objects.get(slug__endswith="-grown-3")
    hidden.unpublish()
    private = ArticlePage.objects.get(slug__endswith="-grown-4")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    searchable = ArticlePage.objects.live().public().only("pk")
    assert _index_is_sqlite_fts()

    for text, operator, fields in [
        ("season", "and", None),
        ("season", "and", ["title"]),
        ("renewed season", "and", None),
        ("netflix hbo", "or", None),
        ("finale premiere cancelled", "or", ["title"]),
        ("kazoo", "and", None),
    ]:
        backend_order = [
            article.pk
            for article in searchable.search(text, operator=operator, fields=fields)
        ]
        ranked = _ranked_ids(text, operator=operator, fields=fields)
        assert ranked == backend_order, (text, operator, fields)
    assert len(_ranked_ids("season", operator="and")) == 23
