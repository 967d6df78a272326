"""Only what is public leaves through the API: each way in, tested."""

import pytest
from wagtail.models import PageViewRestriction

from cliffhanger.discussion.models import Comment, CommentStatus
from cliffhanger.discussion.tests.factories import make_comment
from cliffhanger.newsroom.tests.factories import ArticlePageFactory

EMAIL = "reader.private@example.com"
ADDRESS_HASH = "ab" * 32


def everything(api, article_id: int) -> str:
    """Every list and this article's detail and comments, as one text."""
    paths = [
        "/api/v1/articles/",
        f"/api/v1/articles/{article_id}/",
        f"/api/v1/articles/{article_id}/comments/",
        "/api/v1/polls/",
        "/api/v1/shows/",
        "/api/v1/seasons/",
        "/api/v1/statements/",
    ]
    return "".join(api(path)[0].content.decode() for path in paths)


def test_drafts_are_not_listed_or_served(api, section):
    draft = ArticlePageFactory(parent=section, title="Secret draft", live=False)
    assert api("/api/v1/articles/")[1]["results"] == []
    assert api(f"/api/v1/articles/{draft.pk}/")[0].status_code == 404
    assert api(f"/api/v1/articles/{draft.pk}/comments/")[0].status_code == 404


def test_private_articles_their_comments_and_polls_stay_private(
    api, article, make_poll
):
    make_comment(article, body="Behind the password.")
    poll = make_poll(question="A private poll?", article=article)
    PageViewRestriction.objects.create(
        page=article, restriction_type="password", password="letmein"
    )
    assert api("/api/v1/articles/")[1]["results"] == []
    assert api(f"/api/v1/articles/{article.pk}/")[0].status_code == 404
    assert api(f"/api/v1/articles/{article.pk}/comments/")[0].status_code == 404
    assert api("/api/v1/polls/")[1]["results"] == []
    assert api(f"/api/v1/polls/{poll.pk}/")[0].status_code == 404


def test_a_section_restriction_covers_the_articles_below_it(api, article, section):
    PageViewRestriction.objects.create(page=section, restriction_type="login")
    assert api("/api/v1/articles/")[1]["results"] == []


@pytest.mark.parametrize("status", [CommentStatus.PENDING, CommentStatus.SPAM])
def test_unapproved_comments_never_appear(api, article, status):
    comment = make_comment(article, body="Awaiting a moderator.")
    Comment.objects.filter(pk=comment.pk).update(status=status)
    assert api(f"/api/v1/articles/{article.pk}/comments/")[1]["results"] == []


def test_polls_not_yet_open_are_not_shown(api, make_poll):
    from datetime import timedelta

    from django.utils import timezone

    poll = make_poll(question="Tomorrow's question?")
    poll.opens_at = timezone.now() + timedelta(days=1)
    poll.save()
    assert api(f"/api/v1/polls/{poll.pk}/")[0].status_code == 404


def test_no_email_or_address_hash_anywhere(api, article, prediction):
    comment = make_comment(article, body="Signed with my email.")
    Comment.objects.filter(pk=comment.pk).update(
        author_email=EMAIL, ip_hash=ADDRESS_HASH
    )
    text = everything(api, article.pk)
    assert "Signed with my email." in text  # the comment itself is public
    assert EMAIL not in text
    assert ADDRESS_HASH not in text
    assert "author_email" not in text and "ip_hash" not in text


@pytest.mark.reference_index  # the API finds where a poll is placed through it
def test_a_poll_placed_only_in_a_drafts_body_stays_private(api, section, make_poll):
    poll = make_poll(question="Placed in a draft's body?")
    assert api(f"/api/v1/polls/{poll.pk}/")[0].status_code == 200
    ArticlePageFactory(
        parent=section, live=False, body=[{"type": "poll", "value": poll.pk}]
    )
    assert api(f"/api/v1/polls/{poll.pk}/")[0].status_code == 404
    assert api("/api/v1/polls/")[1]["results"] == []


@pytest.mark.reference_index
def test_a_poll_placed_in_a_public_body_is_shown(api, section, make_poll):
    poll = make_poll(question="Placed in a public body?")
    ArticlePageFactory(parent=section, body=[{"type": "poll", "value": poll.pk}])

    response, body = api(f"/api/v1/polls/{poll.pk}/")

    assert response.status_code == 200
    assert (body["id"], body["question"]) == (poll.pk, "Placed in a public body?")
    listed = api("/api/v1/polls/")[1]["results"]
    assert [item["question"] for item in listed] == ["Placed in a public body?"]
