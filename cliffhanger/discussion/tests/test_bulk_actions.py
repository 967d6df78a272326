"""The moderation queue's bulk actions that ban anonymous writers and pick comments."""

import pytest
from django.test import Client

from cliffhanger.core.privacy import client_hash
from cliffhanger.discussion.models import Comment, CommenterBan, CommentStatus

from .factories import make_comment

pytestmark = pytest.mark.django_db
BULK = "/admin/bulk/discussion/comment/{action}/?next=/admin/"


def bulk_post(client, action: str, comments) -> int:
    query = "".join(f"&id={comment.pk}" for comment in comments)
    return client.post(BULK.format(action=action) + query).status_code


@pytest.fixture
def moderating(moderator):
    client = Client()
    client.force_login(moderator)
    return client


def test_banning_writers_bans_their_email_and_network_once(
    moderating, moderator, article, section
):
    troll = make_comment(
        article,
        name="Troll",
        author_email="Troll@Example.org",
        ip_address="198.51.100.7",
    )
    again = make_comment(
        article,
        body="Again",
        name="Troll",
        author_email="troll@example.org",
        ip_address="198.51.100.7",
    )

    assert bulk_post(moderating, "ban_comment_writers", [troll, again]) == 302

    bans = {(ban.kind, ban.value, ban.created_by) for ban in CommenterBan.objects.all()}
    assert bans == {
        (CommenterBan.Kind.EMAIL, "troll@example.org", moderator),
        (CommenterBan.Kind.ADDRESS, client_hash("198.51.100.7"), moderator),
    }
    later = make_comment(
        article, body="Back", name="T", author_email="troll@example.org"
    )
    assert later.status == CommentStatus.SPAM
    assert Comment.objects.get(pk=troll.pk).status == CommentStatus.APPROVED


def test_editors_pick_and_back_from_the_queue(moderating, article):
    comment = make_comment(article, body="Best take")

    bulk_post(moderating, "pick_comments", [comment])
    assert Comment.objects.get(pk=comment.pk).is_editors_pick
    picked = f'<li class="comment comment--pick" id="comment-{comment.pk}"'
    assert picked in Client().get(article.url).text  # the page was purged

    bulk_post(moderating, "unpick_comments", [comment])
    assert not Comment.objects.get(pk=comment.pk).is_editors_pick
    assert picked not in Client().get(article.url).text


def test_a_writer_of_the_newsroom_cannot_ban(article, writer):
    client = Client()
    client.force_login(writer)
    comment = make_comment(article, author_email="someone@example.org")

    bulk_post(client, "ban_comment_writers", [comment])

    assert not CommenterBan.objects.exists()
