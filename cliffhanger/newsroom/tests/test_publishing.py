"""Scheduled publishing and redirects when pages move."""

import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect

from .factories import ArticlePageFactory, SectionPageFactory


@pytest.fixture
def section(home):
    return SectionPageFactory(parent=home, slug="entertainment")


def test_scheduled_article_goes_live_when_the_scheduler_runs(section, editor, client):
    article = ArticlePageFactory(
        parent=section, slug="scheduled", live=False, first_published_at=None
    )
    article.go_live_at = timezone.now() + timedelta(seconds=1.5)
    article.save_revision(user=editor).publish(user=editor)
    call_command("run_scheduler", "--once")
    assert client.get("/entertainment/scheduled/").status_code == 404

    time.sleep(1.6)  # the scheduled time comes
    call_command("run_scheduler", "--once")

    article.refresh_from_db()
    assert article.live
    assert client.get("/entertainment/scheduled/").status_code == 200


def test_expired_article_is_unpublished_by_the_scheduler(section, client):
    article = ArticlePageFactory(parent=section, slug="expiring")
    article.expire_at = timezone.now() - timedelta(seconds=1)
    article.save()

    call_command("run_scheduler", "--once")

    article.refresh_from_db()
    assert not article.live
    assert client.get("/entertainment/expiring/").status_code == 404


class TestRedirects:
    def test_moved_article_answers_old_url_with_301(
        self, home, section, editor, client
    ):
        tv = SectionPageFactory(parent=home, slug="tv")
        article = ArticlePageFactory(parent=section, slug="moving-story")

        article.move(tv, pos="last-child", user=editor)

        response = client.get("/entertainment/moving-story/")
        assert response.status_code == 301
        assert response["Location"].endswith("/tv/moving-story/")
        assert client.get("/tv/moving-story/").status_code == 200

    def test_renamed_slug_answers_old_url_with_301(
        self, section, editor, client, django_capture_on_commit_callbacks
    ):
        article = ArticlePageFactory(parent=section, slug="old-slug")
        article.slug = "new-slug"
        with django_capture_on_commit_callbacks(execute=True):
            article.save_revision(user=editor).publish(user=editor)

        response = client.get("/entertainment/old-slug/")

        assert response.status_code == 301
        assert response["Location"].endswith("/entertainment/new-slug/")
        assert Redirect.objects.filter(old_path="/entertainment/old-slug").exists()

    def test_moved_section_keeps_its_articles_reachable(
        self, home, section, editor, client
    ):
        ArticlePageFactory(parent=section, slug="inside")
        parent = SectionPageFactory(parent=home, slug="culture")

        section.move(parent, pos="last-child", user=editor)

        response = client.get("/entertainment/inside/")
        assert response.status_code == 301
        assert response["Location"].endswith("/culture/entertainment/inside/")
