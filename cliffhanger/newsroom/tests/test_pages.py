from datetime import timedelta

import pytest
from django.utils import timezone

from cliffhanger.newsroom.models import (
    ArticleAuthor,
    ArticlePage,
    ArticleUpdate,
    HomePage,
    SectionPage,
)

from .factories import ArticlePageFactory, AuthorFactory, SectionPageFactory


@pytest.fixture
def section(home):
    return SectionPageFactory(parent=home, title="Entertainment", slug="entertainment")


class TestPageTree:
    def test_tree_only_allows_home_section_article(self):
        assert ArticlePage.parent_page_types == ["newsroom.SectionPage"]
        assert SectionPage.allowed_parent_page_models() == [HomePage, SectionPage]
        assert HomePage.allowed_subpage_models() == [SectionPage]
        assert ArticlePage.allowed_subpage_models() == []

    def test_article_url_follows_the_tree(self, section, client):
        article = ArticlePageFactory(
            parent=section, title="Partner Track news", slug="partner-track-news"
        )

        response = client.get("/entertainment/partner-track-news/")

        assert article.url == "/entertainment/partner-track-news/"
        assert response.status_code == 200
        assert "<h1>Partner Track news</h1>" in response.text

    def test_nested_section_url(self, section, client):
        tv = SectionPageFactory(parent=section, title="TV", slug="tv")
        ArticlePageFactory(parent=tv, title="A TV story", slug="a-tv-story")

        article = client.get("/entertainment/tv/a-tv-story/")
        listing = client.get("/entertainment/tv/")

        assert article.status_code == 200
        assert "<h1>A TV story</h1>" in article.text
        assert listing.status_code == 200
        assert "<h1>TV</h1>" in listing.text
        assert 'href="/entertainment/tv/a-tv-story/"' in listing.text


class TestArticlePage:
    def test_shows_breadcrumb_authors_tags_and_updates(self, section, client):
        author = AuthorFactory(
            name="Ayman Bhorania", slug="ayman-bhorania", bio="Writes about shows."
        )
        article = ArticlePageFactory(parent=section, slug="story", authors=[author])
        article.tags.add("Netflix")
        article.updates.create(updated_at=timezone.now(), note="The network decided.")
        article.save()

        html = client.get(article.url).text

        assert 'aria-label="Breadcrumb"' in html
        assert '<a href="/">Home</a>' in html
        assert '<a href="/entertainment/">Entertainment</a>' in html
        assert 'href="/author/ayman-bhorania/"' in html
        assert "Writes about shows." in html
        assert 'href="/tag/netflix/"' in html
        assert "The network decided." in html
        assert '<h2 id="what-happened">What happened</h2>' in html
        assert "<p>The network made a decision.</p>" in html

    def test_table_of_contents_links_headings(self, section, client):
        article = ArticlePageFactory(parent=section, show_table_of_contents=True)

        html = client.get(article.url).text

        assert '<a href="#what-happened">What happened</a>' in html

    def test_heading_anchor_stays_when_pinned(self, section, client):
        article = ArticlePageFactory(
            parent=section,
            body=[
                {
                    "type": "heading",
                    "value": {
                        "text": "Renamed heading",
                        "level": "h3",
                        "anchor": "status",
                    },
                }
            ],
        )

        assert '<h3 id="status">Renamed heading</h3>' in client.get(article.url).text

    def test_quote_block_renders_attribution(self, section, client):
        quote = {
            "quote": "Nothing is decided yet.",
            "person": "Georgia Lee",
            "role": "Creator",
            "organisation": "Netflix",
            "source": "Deadline",
            "source_url": "https://deadline.com/",
            "date": "2022-09-12",
        }
        article = ArticlePageFactory(
            parent=section, body=[{"type": "quote", "value": quote}]
        )

        html = client.get(article.url).text

        assert "<blockquote>" in html and "Nothing is decided yet." in html
        assert '<span class="attributed-quote__person">Georgia Lee</span>' in html
        assert '<a href="https://deadline.com/" rel="noopener">Deadline</a>' in html
        assert "12 Sep 2022" in html


class TestVisibility:
    def test_draft_is_404_for_the_public(self, section, client):
        ArticlePageFactory(parent=section, slug="draft-story", live=False)

        assert client.get("/entertainment/draft-story/").status_code == 404

    def test_future_scheduled_article_is_404_until_published(
        self, section, client, editor
    ):
        article = ArticlePageFactory(
            parent=section, slug="later", live=False, first_published_at=None
        )
        article.go_live_at = timezone.now() + timedelta(hours=1)
        revision = article.save_revision(user=editor)
        revision.publish(user=editor)

        article.refresh_from_db()
        assert not article.live
        assert article.scheduled_revision is not None
        assert client.get("/entertainment/later/").status_code == 404

    def test_scheduled_article_is_visible_to_editors_as_a_draft(
        self, section, client, editor
    ):
        article = ArticlePageFactory(parent=section, title="Coming soon", live=False)
        article.go_live_at = timezone.now() + timedelta(days=1)
        article.save_revision(user=editor).publish(user=editor)
        client.force_login(editor)

        response = client.get(f"/admin/pages/{article.pk}/view_draft/")

        assert response.status_code == 200
        assert "Coming soon" in response.text

    def test_preview_shows_unsaved_authors_updates_and_tags(self, section, editor, rf):
        article = ArticlePageFactory(parent=section, live=False)
        article.article_authors.add(
            ArticleAuthor(author=AuthorFactory(name="Second Person"), sort_order=5)
        )
        article.updates.add(
            ArticleUpdate(updated_at=timezone.now(), note="Unsaved update")
        )
        article.tags.add("Unsaved tag")
        request = rf.get("/")
        request.user = editor

        html = article.make_preview_request(request, "").rendered_content

        assert "Second Person" in html
        assert "Unsaved update" in html
        assert "Unsaved tag" in html

    def test_editor_can_preview_a_draft(self, section, client, editor):
        article = ArticlePageFactory(
            parent=section, title="Secret draft", slug="secret", live=False
        )
        article.save_revision(user=editor)
        client.force_login(editor)

        response = client.get(f"/admin/pages/{article.pk}/view_draft/")

        assert response.status_code == 200
        assert "Secret draft" in response.text
