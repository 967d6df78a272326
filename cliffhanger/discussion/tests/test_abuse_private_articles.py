"""
Trust and abuse: every public path to a comment checks that its article is
published and public. The attack: read /comments/feed/ (or a permalink) to
see comments, and the titles, of drafts and private articles; vote on them
and report them by id.
"""

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from .factories import make_comment

JSON = {"HTTP_ACCEPT": "application/json"}


def unpublished(article):
    article.unpublish()


def private(article):
    PageViewRestriction.objects.create(
        page=article, restriction_type="password", password="secret"
    )


@pytest.fixture(params=[unpublished, private], ids=["unpublished", "private"])
def hidden_comment(request, article, other_article):
    other_article.title = "Leaked headline"
    other_article.save_revision().publish()
    comment = make_comment(other_article, body="A comment nobody may read")
    request.param(other_article)
    return comment


def csrf_client() -> Client:
    reader = Client(enforce_csrf_checks=True)
    reader.get("/csrf-token/")
    return reader


@pytest.mark.parametrize("feed", ["/comments/feed/", "/comments/feed/atom/"])
def test_the_site_wide_comments_feed_leaves_them_out(
    client, article, hidden_comment, feed
):
    make_comment(article, body="A public comment")

    xml = client.get(feed).text

    assert "A public comment" in xml
    assert "A comment nobody may read" not in xml
    assert "Leaked headline" not in xml


def test_their_permalinks_are_not_found(client, hidden_comment):
    assert client.get(f"/comments/{hidden_comment.pk}/").status_code == 404


@pytest.mark.parametrize("action", ["vote", "report"])
def test_they_cannot_be_voted_on_or_reported(hidden_comment, action):
    reader = csrf_client()
    data = {"value": "up", "csrfmiddlewaretoken": reader.cookies["csrftoken"].value}

    response = reader.post(f"/comments/{hidden_comment.pk}/{action}/", data, **JSON)

    assert response.status_code == 404
    hidden_comment.refresh_from_db()
    assert (hidden_comment.upvotes, hidden_comment.reports.count()) == (0, 0)
