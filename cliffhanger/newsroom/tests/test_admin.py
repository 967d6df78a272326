"""The editor's side: the Wagtail admin creates, submits and publishes articles."""

import pytest
from wagtail.admin.panels import InlinePanel
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from cliffhanger.newsroom.models import ArticlePage, Author, HomePage, SectionPage

from .factories import AuthorFactory, SectionPageFactory


@pytest.fixture
def section(home):
    return SectionPageFactory(parent=home, slug="entertainment")


def _article_form(*, title: str, slug: str, author: Author, action: str) -> dict:
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "dek": "What we know so far.",
            "article_authors": inline_formset([{"author": author.pk}]),
            "body": streamfield(
                [
                    (
                        "heading",
                        {"text": "Renewal status", "level": "h2", "anchor": ""},
                    ),
                    ("paragraph", rich_text("<p>No decision yet.</p>")),
                    (
                        "quote",
                        {
                            "quote": "We are hopeful.",
                            "person": "Georgia Lee",
                            "role": "Creator",
                            "organisation": "Netflix",
                            "source": "Deadline",
                            "source_url": "https://deadline.com/",
                            "date": "2022-09-12",
                        },
                    ),
                ]
            ),
            "tags": "Netflix, Renewals",
            "updates": inline_formset([]),
            "comments": inline_formset([]),
            # Panels other apps add to the article (see newsroom.panels), left empty.
            **{
                panel.relation_name: inline_formset([])
                for panel in ArticlePage.content_panels
                if isinstance(panel, InlinePanel)
                and panel.relation_name not in ("article_authors", "updates")
            },
        }
    )
    data[action] = action.removeprefix("action-")
    return data


@pytest.mark.django_db  # a page's content type is read from the database
def test_page_types_can_only_be_created_in_the_tree_order():
    assert ArticlePage.can_create_at(SectionPage())
    assert not ArticlePage.can_create_at(HomePage())
    assert SectionPage.can_create_at(HomePage())
    assert SectionPage.can_create_at(SectionPage())


def test_editor_creates_and_publishes_an_article(section, editor, client):
    author = AuthorFactory(name="Ayman Bhorania")
    client.force_login(editor)
    add_url = f"/admin/pages/add/newsroom/articlepage/{section.pk}/"
    assert client.get(add_url).status_code == 200

    response = client.post(
        add_url,
        _article_form(
            title="Season 2 news",
            slug="season-2-news",
            author=author,
            action="action-publish",
        ),
    )

    assert response.status_code == 302
    article = ArticlePage.objects.get(slug="season-2-news")
    assert article.live
    html = client.get("/entertainment/season-2-news/").text
    assert "<h1>Season 2 news</h1>" in html
    assert "We are hopeful." in html
    assert 'href="/tag/renewals/"' in html


def test_writer_submits_for_review_and_cannot_publish(section, writer, client):
    author = AuthorFactory()
    client.force_login(writer)
    add_url = f"/admin/pages/add/newsroom/articlepage/{section.pk}/"

    client.post(
        add_url,
        _article_form(
            title="Try publish",
            slug="try-publish",
            author=author,
            action="action-publish",
        ),
    )
    client.post(
        add_url,
        _article_form(
            title="For review", slug="for-review", author=author, action="action-submit"
        ),
    )

    tried = ArticlePage.objects.get(slug="try-publish")
    submitted = ArticlePage.objects.get(slug="for-review")
    assert not tried.live and not submitted.live
    assert submitted.current_workflow_state is not None
    assert submitted.current_workflow_state.status == "in_progress"
    assert client.get("/entertainment/for-review/").status_code == 404


def test_rejected_form_comes_back_with_what_was_typed(section, editor, client):
    client.force_login(editor)
    data = _article_form(
        title="", slug="no-title", author=AuthorFactory(), action="action-publish"
    )
    data["dek"] = "Kept dek text"

    response = client.post(f"/admin/pages/add/newsroom/articlepage/{section.pk}/", data)

    assert response.status_code == 200
    assert "Kept dek text" in response.text
    assert not ArticlePage.objects.filter(slug="no-title").exists()


def test_authors_are_managed_as_snippets(editor, client):
    AuthorFactory(name="Ayman Bhorania", bio="Movies and shows.")
    client.force_login(editor)

    listing = client.get("/admin/snippets/newsroom/author/")
    search = client.get("/admin/snippets/newsroom/author/", {"q": "Ayman"})

    assert listing.status_code == 200 and "Ayman Bhorania" in listing.text
    assert search.status_code == 200 and "Ayman Bhorania" in search.text
    assert client.get("/admin/snippets/newsroom/author/add/").status_code == 200
