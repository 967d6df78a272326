"""
Trust and abuse: what a reader types meets the rules however it arrives.
The attacks: post something short, then, inside the edit window, edit it to
megabytes of text or to a body full of links or blocked words; post under a
name with line breaks or a right-to-left override that disguises it.
"""

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from cliffhanger.discussion.models import Comment, CommentStatus, ModerationAction
from cliffhanger.discussion.services import COMMENT_TOO_LONG, comment_edit

from .factories import make_comment

LINKS = " ".join(f"https://spam{n}.example/" for n in range(5))


@pytest.fixture
def limits(settings):
    settings.DISCUSSION_MAX_LENGTH = 200
    settings.DISCUSSION_MAX_LINKS = 2
    settings.DISCUSSION_BLOCKLIST = ["casino"]


def csrf_token_in(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def reader_with_a_comment(article, body="Short and sweet") -> tuple[Client, Comment]:
    """A reader (CSRF checks on) who posted through the form, so the comment is theirs."""
    reader = Client(enforce_csrf_checks=True)
    reader.get("/csrf-token/")
    html = reader.get(article.url).text
    response = reader.post(
        f"/comments/post/{article.pk}/",
        {
            "body": body,
            "author_name": "Kay",
            "csrfmiddlewaretoken": reader.cookies["csrftoken"].value,
        },
    )
    assert response.status_code == 302, html[:200]
    return reader, Comment.objects.get(body=body)


def edit(reader: Client, comment: Comment, body: str):
    page = reader.get(f"/comments/{comment.pk}/edit/").text
    return reader.post(
        f"/comments/{comment.pk}/edit/",
        {"body": body, "csrfmiddlewaretoken": csrf_token_in(page)},
    )


class TestEditService:
    def test_an_edit_over_the_length_limit_is_refused_and_the_text_kept(
        self, article, limits
    ):
        comment = make_comment(article, body="Short")

        with pytest.raises(ValidationError) as refused:
            comment_edit(comment=comment, body="x" * 201)

        assert refused.value.messages == [
            COMMENT_TOO_LONG % {"limit_value": 200, "show_value": 201}
        ]
        assert Comment.objects.get(pk=comment.pk).body == "Short"

    def test_an_edit_full_of_links_goes_back_to_moderation(self, article, limits):
        comment = make_comment(article, body="Short")

        edited = comment_edit(comment=comment, body=f"Look here {LINKS}")

        assert edited.status == CommentStatus.PENDING
        action = ModerationAction.objects.filter(comment=comment).latest("pk")
        assert (action.reason, action.source) == ("links", "policy")
        assert action.detail.startswith("on edit")
        article.refresh_from_db()
        assert article.discussion.comment_count == 0

    def test_an_edit_with_a_blocked_word_is_spam(self, article, limits):
        comment = make_comment(article, body="Short")

        edited = comment_edit(comment=comment, body="Best casino in town")

        assert edited.status == CommentStatus.SPAM

    def test_a_harmless_edit_stays_public(self, article, limits):
        comment = make_comment(article, body="Short")

        edited = comment_edit(comment=comment, body="Short, and fixed")

        assert edited.status == CommentStatus.APPROVED
        assert not ModerationAction.objects.filter(comment=comment).exists()


class TestEditForm:
    def test_a_huge_edit_comes_back_with_the_text_and_what_to_fix(
        self, article, limits
    ):
        reader, comment = reader_with_a_comment(article)

        response = edit(reader, comment, "y" * 2_400)

        assert response.status_code == 400
        assert "please keep it under 200 characters (it has 2400)" in response.text
        assert "y" * 2_400 in response.text  # nothing typed is lost
        assert Comment.objects.get(pk=comment.pk).body == "Short and sweet"

    def test_an_edit_held_by_the_rules_leaves_the_thread_but_not_its_author(
        self, article, limits
    ):
        reader, comment = reader_with_a_comment(article)

        response = edit(reader, comment, f"Now with links {LINKS}")

        assert response.status_code == 302
        own_view = reader.get(article.url).text
        strangers_view = Client().get(article.url).text
        assert "Now with links" in own_view and "Awaiting moderation" in own_view
        assert "Now with links" not in strangers_view


def test_a_name_with_a_right_to_left_override_is_shown_without_it(client, article):
    reader = Client(enforce_csrf_checks=True)
    reader.get("/csrf-token/")

    reader.post(
        f"/comments/post/{article.pk}/",
        {
            "body": "Totally normal comment",
            "author_name": "Moderator\u202e\r\nTeam",
            "csrfmiddlewaretoken": reader.cookies["csrftoken"].value,
        },
    )

    assert Comment.objects.get().author_name == "Moderator Team"
