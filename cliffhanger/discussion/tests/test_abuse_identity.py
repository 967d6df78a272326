"""
Trust and abuse: a name and an email typed into the form prove nothing. The
attacks: post under someone else's name and email and look at the avatar
beside it (it followed the email, so it told whose address that was); post
with the email left blank to skip the first-comment hold. Avatars follow the
name and network, never the email, and a comment with no email is held like
any other first comment until one from the same name and address is approved.
"""

import re

import pytest
from django.test import Client

from cliffhanger.discussion.models import Comment, CommentStatus
from cliffhanger.discussion.services import comment_approve

ALICE = "203.0.113.10"
ATTACKER = "198.51.100.77"


@pytest.fixture(autouse=True)
def hold_first_comments(settings):
    settings.DISCUSSION_HOLD_FIRST_COMMENT = True


def post(article, *, address: str, body: str, name: str, email: str = "") -> Comment:
    """A reader at `address` posting through the form, CSRF checks on."""
    reader = Client(enforce_csrf_checks=True, HTTP_X_FORWARDED_FOR=address)
    reader.get("/csrf-token/")
    response = reader.post(
        f"/comments/post/{article.pk}/",
        {
            "body": body,
            "author_name": name,
            "author_email": email,
            "csrfmiddlewaretoken": reader.cookies["csrftoken"].value,
        },
    )
    assert response.status_code == 302
    return Comment.objects.get(body=body)


def avatar_on_page(article, comment: Comment) -> str:
    html = Client().get(article.url).text
    block = re.search(
        rf'id="comment-{comment.pk}".*?(<svg class="avatar".*?</svg>)', html, re.S
    )
    return block.group(1)


def test_someone_elses_email_does_not_show_their_avatar(article):
    alice = post(
        article,
        address=ALICE,
        body="Season two soars",
        name="Alice",
        email="alice@example.org",
    )
    comment_approve(comment=alice)
    impostor = post(
        article, address=ATTACKER, body="Probe", name="Alice", email="alice@example.org"
    )
    comment_approve(comment=impostor)

    assert alice.avatar_seed != impostor.avatar_seed
    assert avatar_on_page(article, alice) != avatar_on_page(article, impostor)
    assert "alice@example.org" not in Client().get(article.url).text


def test_the_same_name_from_the_same_network_keeps_its_avatar(article):
    first = post(
        article, address=ALICE, body="One", name="Alice", email="a@example.org"
    )
    second = post(article, address=ALICE, body="Two", name="  alice ")

    assert first.avatar_seed == second.avatar_seed


def test_a_first_comment_with_no_email_is_held(article):
    first = post(article, address=ALICE, body="No email given", name="Alice")

    assert (first.status, first.moderation_reason) == (
        CommentStatus.PENDING,
        "first_comment",
    )


def test_once_approved_the_same_name_from_the_same_address_is_known(article):
    comment_approve(comment=post(article, address=ALICE, body="First", name="Alice"))

    assert post(article, address=ALICE, body="Second", name="Alice").status == (
        CommentStatus.APPROVED
    )
    assert post(
        article, address=ATTACKER, body="From elsewhere", name="Alice"
    ).status == (CommentStatus.PENDING)
    assert post(article, address=ALICE, body="Another name", name="Bob").status == (
        CommentStatus.PENDING
    )
