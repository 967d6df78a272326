"""The article page runs a fixed number of SQL queries, whatever it carries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from .factories import ArticlePageFactory, AuthorFactory, SectionPageFactory

# The site and its root page, the article in one query (newsroom/routing.py),
# its view restrictions, authors + links, updates, breadcrumbs, tags, the view
# restrictions listings exclude (read once per request), navigation, and Read
# next (same show, shared tags, same section, the articles chosen, their authors).
ARTICLE_PAGE_MAX_QUERIES = 17
# With the shared fragment cache (caching/fragments.py) the menu and Read next
# come from the cache.
ARTICLE_PAGE_MAX_QUERIES_WITH_FRAGMENTS = 10


def _quote(n):
    return {
        "type": "quote",
        "value": {
            "quote": f"Quote {n}",
            "person": "Georgia Lee",
            "role": "Creator",
            "organisation": "Netflix",
            "source": "Deadline",
            "source_url": "https://deadline.com/",
            "date": "2022-09-12",
        },
    }


def _queries(client, path) -> int:
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.fixture
def section(home):
    return SectionPageFactory(parent=home, slug="entertainment")


def test_article_page_query_count_is_fixed(
    client, section, template_slots, django_assert_max_num_queries
):
    template_slots.clear()  # other apps measure what they add
    small = ArticlePageFactory(parent=section, slug="small")
    small.tags.add("Netflix")
    small.save()
    big = ArticlePageFactory(
        parent=section,
        slug="big",
        show_table_of_contents=True,
        authors=[AuthorFactory() for _ in range(3)],
        body=[
            *[
                {
                    "type": "heading",
                    "value": {"text": f"Part {n}", "level": "h2", "anchor": ""},
                }
                for n in range(8)
            ],
            *[
                {"type": "paragraph", "value": f"<p>Paragraph {n}</p>"}
                for n in range(20)
            ],
            *[_quote(n) for n in range(6)],
        ],
    )
    big.tags.add("Netflix", "Drama", "Renewals", "Legal")
    for n in range(5):
        big.updates.create(updated_at=timezone.now(), note=f"Update {n}")
    big.save()
    for _ in range(8):
        ArticlePageFactory(parent=section)  # more content for Most Popular and nav

    assert _queries(client, "/entertainment/big/") == _queries(
        client, "/entertainment/small/"
    )
    client.get("/entertainment/big/")
    with django_assert_max_num_queries(ARTICLE_PAGE_MAX_QUERIES):
        client.get("/entertainment/big/")


def test_shared_fragments_take_the_menu_and_read_next_off_the_database(
    client, section, settings, template_slots, django_assert_max_num_queries
):
    template_slots.clear()
    settings.FRAGMENT_CACHE_SECONDS = 300
    article = ArticlePageFactory(parent=section, slug="story")
    article.tags.add("Netflix")
    article.save()
    ArticlePageFactory(parent=section, slug="sibling").tags.add("Netflix")

    client.get("/entertainment/story/")
    with django_assert_max_num_queries(ARTICLE_PAGE_MAX_QUERIES_WITH_FRAGMENTS):
        response = client.get("/entertainment/story/")
    assert 'href="/entertainment/sibling/"' in response.content.decode()
