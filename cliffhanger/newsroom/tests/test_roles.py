"""Editorial roles: who can write, publish and see what; the review workflow."""

import pytest
from django.contrib.auth.models import Group

from cliffhanger.newsroom.roles import REVIEW_WORKFLOW, editorial_roles_ensure

from .factories import ArticlePageFactory, SectionPageFactory


@pytest.fixture
def section(home):
    return SectionPageFactory(parent=home, slug="entertainment")


def test_roles_exist_after_migrate_and_setup_is_idempotent(db):
    editorial_roles_ensure()
    editorial_roles_ensure()

    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Editors",
        "Writers",
        "Moderators",
    }


class TestWriter:
    def test_can_add_articles_but_not_publish(self, section, writer):
        own = ArticlePageFactory(parent=section, owner=writer, live=False)

        assert section.permissions_for_user(writer).can_add_subpage()
        assert own.permissions_for_user(writer).can_edit()
        assert not own.permissions_for_user(writer).can_publish()

    def test_cannot_open_someone_elses_draft(self, section, writer, editor, client):
        other = ArticlePageFactory(
            parent=section, owner=editor, live=False, title="Editor draft"
        )
        other.save_revision(user=editor)
        client.force_login(writer)

        assert not other.permissions_for_user(writer).can_edit()
        for url in (
            f"/admin/pages/{other.pk}/edit/",
            f"/admin/pages/{other.pk}/view_draft/",
        ):
            response = client.get(url)
            assert response.status_code in (302, 403)
            assert "Editor draft" not in response.text

    def test_can_open_own_draft_in_the_editor(self, section, writer, client):
        own = ArticlePageFactory(
            parent=section, owner=writer, live=False, title="My draft"
        )
        own.save_revision(user=writer)
        client.force_login(writer)

        response = client.get(f"/admin/pages/{own.pk}/edit/")

        assert response.status_code == 200
        assert "My draft" in response.text

    def test_editor_offers_submit_for_review_not_publish(self, section, writer, client):
        own = ArticlePageFactory(parent=section, owner=writer, live=False)
        own.save_revision(user=writer)
        client.force_login(writer)

        html = client.get(f"/admin/pages/{own.pk}/edit/").text

        assert 'name="action-submit"' in html
        assert 'name="action-publish"' not in html


class TestReviewWorkflow:
    def test_writer_submits_and_editor_approval_publishes(
        self, section, writer, editor, client
    ):
        article = ArticlePageFactory(
            parent=section, owner=writer, live=False, slug="to-review"
        )
        article.save_revision(user=writer)
        workflow = article.get_workflow()
        assert workflow.name == REVIEW_WORKFLOW

        workflow_state = workflow.start(article, writer)
        task_state = workflow_state.current_task_state
        task = task_state.task.specific

        assert [name for name, *_ in task.get_actions(article, writer)] == []
        assert "approve" in [name for name, *_ in task.get_actions(article, editor)]
        assert client.get("/entertainment/to-review/").status_code == 404

        task.on_action(task_state, editor, "approve")

        article.refresh_from_db()
        assert article.live
        assert client.get("/entertainment/to-review/").status_code == 200

    def test_editor_can_publish_directly(self, section, editor):
        article = ArticlePageFactory(parent=section, live=False)

        assert article.permissions_for_user(editor).can_publish()


class TestModerator:
    def test_has_admin_access_but_no_page_rights(self, section, moderator, client):
        article = ArticlePageFactory(parent=section)

        perms = article.permissions_for_user(moderator)
        assert not perms.can_edit()
        assert not perms.can_publish()
        assert not section.permissions_for_user(moderator).can_add_subpage()
        client.force_login(moderator)
        assert client.get("/admin/").status_code == 200
        assert client.get(f"/admin/pages/{article.pk}/edit/").status_code in (302, 403)


class TestWriterListings:
    def test_explorer_and_chooser_hide_other_peoples_drafts(
        self, section, writer, editor, client
    ):
        ArticlePageFactory(
            parent=section, owner=editor, live=False, title="Secret scoop"
        )
        ArticlePageFactory(
            parent=section, owner=writer, live=False, title="My own draft"
        )
        ArticlePageFactory(parent=section, owner=editor, title="Published story")
        client.force_login(writer)

        for url in (
            f"/admin/pages/{section.pk}/",
            f"/admin/pages/{section.pk}/?q=scoop",
            f"/admin/choose-page/{section.pk}/",
            "/admin/choose-page/search/?q=scoop",
        ):
            html = client.get(url).text
            assert "Secret scoop" not in html, url
        listing = client.get(f"/admin/pages/{section.pk}/").text
        assert "My own draft" in listing and "Published story" in listing

    def test_editors_see_every_draft(self, section, writer, editor, client):
        ArticlePageFactory(
            parent=section, owner=writer, live=False, title="Writer draft"
        )
        client.force_login(editor)

        assert "Writer draft" in client.get(f"/admin/pages/{section.pk}/").text
