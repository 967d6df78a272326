"""Section, author and tag listings: content, pagination edges, query budgets."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import ArticlePageFactory, AuthorFactory, SectionPageFactory

BAD_PAGES = ["0", "-1", "9999", "abc", "", "1.5", "%00", "9" * 40]


@pytest.fixture
def section(home, settings):
    settings.NEWSROOM_ARTICLES_PER_PAGE = 5
    return SectionPageFactory(parent=home, title="Entertainment", slug="entertainment")


@pytest.fixture
def author():
    return AuthorFactory(name="Ayman Bhorania", slug="ayman-bhorania")


@pytest.fixture
def twelve_articles(section, author):
    articles = [ArticlePageFactory(parent=section, authors=[author]) for _ in range(12)]
    for article in articles:
        article.tags.add("Netflix")
        article.save()
    return articles


@pytest.mark.parametrize(
    "path", ["/entertainment/", "/author/ayman-bhorania/", "/tag/netflix/", "/"]
)
class TestPagination:
    def test_pages_split_and_link(self, client, twelve_articles, path):
        first = client.get(path)
        last = client.get(path + "?page=3")

        assert first.status_code == 200
        assert first.text.count('class="card"') == 5
        assert 'rel="next" href="?page=2"' in first.text
        assert last.text.count('class="card"') == 2
        assert "Page 3 of 3" in last.text

    def test_bad_page_numbers_give_a_valid_page(self, client, twelve_articles, path):
        # One listing for every bad number: making twelve articles is the cost.
        for page in BAD_PAGES:
            response = client.get(path, {"page": page})

            assert response.status_code in (200, 404), page
            if response.status_code == 200:
                assert "Page " in response.text, page


def test_section_lists_articles_of_subsections_newest_first(home, section, client):
    tv = SectionPageFactory(parent=section, title="TV", slug="tv")
    older = ArticlePageFactory(parent=section, title="Older story")
    newer = ArticlePageFactory(parent=tv, title="Newer story")
    ArticlePageFactory(parent=section, title="Hidden draft", live=False)

    html = client.get("/entertainment/").text

    assert html.index(newer.title) < html.index(older.title)
    assert "Hidden draft" not in html
    assert '<a href="/entertainment/tv/">TV</a>' in html


def test_unknown_author_and_tag_are_404(db, client):
    assert client.get("/author/nobody/").status_code == 404
    assert client.get("/tag/nothing/").status_code == 404


def test_home_lists_latest_articles(home, section, client):
    article = ArticlePageFactory(parent=section, title="Fresh news")

    html = client.get("/").text

    assert "Fresh news" in html
    assert f'href="{article.url}"' in html


def _queries_for(client, path) -> int:
    client.get(path)  # warm the per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "path", ["/entertainment/", "/author/ayman-bhorania/", "/tag/netflix/", "/"]
)
def test_listing_queries_do_not_grow_with_articles(client, section, author, path):
    for _ in range(2):
        article = ArticlePageFactory(parent=section, authors=[author])
        article.tags.add("Netflix")
        article.save()
    few = _queries_for(client, path)

    for _ in range(4):
        article = ArticlePageFactory(parent=section, authors=[author, AuthorFactory()])
        article.tags.add("Netflix")
        article.save()

    assert _queries_for(client, path) == few
