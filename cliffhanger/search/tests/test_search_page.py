import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from wagtail.models import PageViewRestriction
from wagtail.search import index

from cliffhanger.newsroom.tests.factories import ArticlePageFactory, SectionPageFactory
from cliffhanger.search.query import search_query_parse
from cliffhanger.tracker.tests.factories import PersonFactory, ShowFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def section(home):
    return SectionPageFactory(parent=home, title="News")


def paragraph(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


def result_titles(response):
    return [hit.article.title for hit in response.context["results"].hits]


def test_finds_articles_by_title_dek_body_and_tag(client, section):
    by_body = ArticlePageFactory(
        parent=section, title="Quiet week", body=paragraph("A marzipan twist.")
    )
    by_dek = ArticlePageFactory(parent=section, title="Other", dek="Marzipan notes")
    by_tag = ArticlePageFactory(parent=section, title="Tagged one")
    by_tag.tags.add("Marzipan")
    by_tag.save_revision().publish()
    # Tags are written after the page row, so the immediate test task backend
    # indexed the page without them; the real worker runs after the commit.
    index.insert_or_update_object(by_tag)
    ArticlePageFactory(parent=section, title="Unrelated")

    response = client.get("/search/", {"q": "marzipan"})

    assert response.status_code == 200
    assert set(result_titles(response)) == {by_body.title, by_dek.title, by_tag.title}


def test_a_blocks_settings_and_blank_fields_are_not_searched(client, section):
    # A heading's level and anchor, a blank role: Wagtail would index the
    # level's label and a missing value as the word "None".
    article = ArticlePageFactory(
        parent=section,
        title="Quiet week",
        body=[
            {
                "type": "heading",
                "value": {"text": "Marzipan season", "level": "h2", "anchor": None},
            },
            {
                "type": "quote",
                "value": {
                    "quote": "Sweet.",
                    "person": "Ana Baker",
                    "role": None,
                    "source_url": "https://deadline.example/confections",
                    "date": "2024-05-06",
                },
            },
        ],
    )

    assert set(result_titles(client.get("/search/", {"q": "marzipan"}))) == {
        article.title
    }
    for word in ("none", "section", "h2", "https", "confections", "2024"):
        assert result_titles(client.get("/search/", {"q": word})) == [], word


def test_title_matches_come_first(client, section):
    for n in range(3):
        ArticlePageFactory(
            parent=section,
            title=f"Body mention {n}",
            body=paragraph("Severance severance severance severance, says everyone."),
        )
    in_title = ArticlePageFactory(parent=section, title="Severance returns")

    titles = result_titles(client.get("/search/", {"q": "severance"}))

    assert titles[0] == in_title.title
    assert len(titles) == 4


def test_matches_are_highlighted_and_article_text_is_escaped(client, section):
    ArticlePageFactory(
        parent=section,
        title="Wednesday renewed",
        body=paragraph("Fans of &lt;script&gt; and Wednesday rejoice."),
    )

    html = client.get("/search/", {"q": "wednesday"}).content.decode()

    assert "<mark>Wednesday</mark> renewed" in html
    assert "Fans of &lt;script&gt; and <mark>Wednesday</mark> rejoice." in html
    assert "<script>" not in html.split("<main", 1)[1]


def test_every_word_is_required_then_any_word_is_offered(client, section):
    both = ArticlePageFactory(parent=section, title="Cobra Kai ends")
    ArticlePageFactory(parent=section, title="Cobra sighting")

    assert result_titles(client.get("/search/", {"q": "cobra kai"})) == [both.title]

    response = client.get("/search/", {"q": "cobra zebrafinch"})
    assert set(result_titles(response)) == {"Cobra sighting", "Cobra Kai ends"}
    assert "no article has every word" in response.content.decode()


def test_drafts_private_and_unpublished_articles_are_not_found(client, section):
    live = ArticlePageFactory(parent=section, title="Tapioca live")
    draft = ArticlePageFactory(parent=section, title="Tapioca draft", live=False)
    private = ArticlePageFactory(parent=section, title="Tapioca private")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    gone = ArticlePageFactory(parent=section, title="Tapioca withdrawn")
    gone.unpublish()

    assert result_titles(client.get("/search/", {"q": "tapioca"})) == [live.title]
    # They are in the index's reach: the same words find them once public.
    draft.save_revision().publish()
    private.view_restrictions.all().delete()
    assert set(result_titles(client.get("/search/", {"q": "tapioca"}))) == {
        live.title,
        draft.title,
        private.title,
    }


def test_the_index_follows_edits_and_publishing(client, section):
    article = ArticlePageFactory(parent=section, title="Original headline")
    article.title = "Rewritten pumpernickel headline"
    article.save_revision()  # a draft: readers still see the old title

    assert result_titles(client.get("/search/", {"q": "pumpernickel"})) == []

    article.get_latest_revision().publish()

    assert result_titles(client.get("/search/", {"q": "pumpernickel"})) == [
        "Rewritten pumpernickel headline"
    ]
    assert result_titles(client.get("/search/", {"q": "original"})) == []


def test_shows_and_people_are_found(client, section):
    show = ShowFactory(title="Kaleidoscope Heist", synopsis="A caper.")
    PersonFactory(name="Kaleidoscope Jones")

    response = client.get("/search/", {"q": "kaleidoscope"})
    html = response.content.decode()

    assert [s.title for s in response.context["results"].shows] == [show.title]
    assert [p.name for p in response.context["results"].people] == [
        "Kaleidoscope Jones"
    ]
    assert f'href="{show.get_absolute_url()}"' in html


@pytest.mark.parametrize(
    "q",
    [
        '"',
        'foo"bar',
        "'",
        "*",
        "NEAR(a b)",
        "title:x",
        "a AND OR NOT b",
        "(((",
        "^caret",
        "%_\\",
        "\x00null",
        "x" * 10_000,
        " ".join(["the"] * 3000),
        "the of and a",
        "😀 emoji",
        "SELECT * FROM wagtailcore_page; --",
    ],
)
def test_hostile_queries_give_a_page_never_an_error(client, section, q):
    ArticlePageFactory(parent=section, title="The story of the year")

    response = client.get("/search/", {"q": q})
    html = response.content.decode()

    assert response.status_code == 200
    assert "<h1>Search" in html
    # What was typed comes back in the form as text, never as markup, and
    # without control characters (a NUL was echoed as a raw byte).
    typed = search_query_parse(q).raw
    assert f'name="q" value="{escape(typed)}"' in html
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", html)
    assert set(result_titles(response)) <= {"The story of the year"}


def test_a_query_loses_its_direction_overrides(client, section):
    html = client.get("/search/", {"q": "\u202e%"}).content.decode()

    assert "\u202e" not in html
    assert "“%” has no words to search for" in html


@pytest.mark.parametrize("q", ["%", '"', "..."])
def test_a_query_without_words_says_so(client, section, q):
    html = client.get("/search/", {"q": q}).content.decode()

    assert f"“{escape(q)}” has no words to search for" in html


def test_pagination_keeps_the_query(client, section):
    for n in range(12):
        ArticlePageFactory(parent=section, title=f"Gazpacho report {n}")

    first = client.get("/search/", {"q": "gazpacho"})
    second = client.get("/search/", {"q": "gazpacho", "page": "2"})

    assert len(result_titles(first)) == 10
    assert len(result_titles(second)) == 2
    assert set(result_titles(first)).isdisjoint(result_titles(second))
    html = first.content.decode()
    assert 'rel="next" href="?q=gazpacho&amp;page=2"' in html
    assert client.get("/search/", {"q": "gazpacho", "page": "x9"}).status_code == 200


def test_the_empty_form_and_noindex(client, db):
    html = client.get("/search/").content.decode()

    assert 'id="search-q"' in html
    assert '<meta name="robots" content="noindex, follow">' in html
    assert "Nothing matches" not in html


def test_queries_do_not_grow_with_matches(client, section):
    def count_queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/search/", {"q": "quince"}).status_code == 200
        return len(captured)

    for n in range(2):
        ArticlePageFactory(parent=section, title=f"Quince {n}")
    count_queries()  # warm the per-process caches (sidebar, navigation)
    few = count_queries()
    for n in range(2, 14):
        ArticlePageFactory(parent=section, title=f"Quince {n}")
        ShowFactory(title=f"Quince show {n}")
    count_queries()  # the new pages refresh the cached menu (a shared fragment) once

    assert count_queries() == few


def test_a_capped_count_says_so(client, section, monkeypatch):
    from cliffhanger.search import selectors

    monkeypatch.setattr(selectors, "MAX_RANKED", 3)
    for n in range(5):
        ArticlePageFactory(parent=section, title=f"Kumquat {n}")

    html = client.get("/search/", {"q": "kumquat"}).content.decode()

    assert "3+ articles for" in html
