"""The article page runs a fixed number of SQL queries, whatever it carries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from .factories import ArticlePageFactory, AuthorFactory, SectionPageFactory

# site, routing (4), view restrictions, authors + links, updates, breadcrumbs, tags,
# navigation (2), Most Popular (2), read next (view restrictions, same show,
# shared tags, same section, the articles chosen, their view restrictions and
# authors).
ARTICLE_PAGE_MAX_QUERIES = 22


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
    client, section, settings, django_assert_max_num_queries
):
    settings.TEMPLATE_SLOTS = {}  # other apps measure what they add
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
