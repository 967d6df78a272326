"""
Trust and abuse: one reader cannot hide a comment. The attack: report a
comment three times from one address with three User-Agent strings (the
reader key was address + User-Agent), or flood reports; and the same trick
for votes. One network address counts once (an IPv6 /64 once), reports are
rate-limited per address, and reports alone never hide a trusted author.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from cliffhanger.discussion.models import Comment, CommentStatus
from cliffhanger.newsroom.models import ArticleAuthor, Author
from cliffhanger.predictions.tests.conftest import make_poll  # noqa: F401

from .factories import make_comment

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture(autouse=True)
def three_to_hold(settings):
    settings.DISCUSSION_REPORTS_TO_HOLD = 3


def report(comment, *, address: str, agent: str = "Browser/1.0", reason="rude"):
    """A first-time reader (no cookie) reporting from `address`, CSRF checks on."""
    reader = Client(enforce_csrf_checks=True, HTTP_USER_AGENT=agent)
    reader.get("/csrf-token/", HTTP_X_FORWARDED_FOR=address)
    return reader.post(
        f"/comments/{comment.pk}/report/",
        {"reason": reason, "csrfmiddlewaretoken": reader.cookies["csrftoken"].value},
        HTTP_X_FORWARDED_FOR=address,
        **JSON,
    )


def state(comment) -> tuple[str, int]:
    comment.refresh_from_db()
    return comment.status, comment.report_count


def test_three_user_agents_on_one_address_are_one_reporter(article):
    comment = make_comment(article, body="An unpopular opinion")

    for agent in ("Firefox/1", "Chrome/2", "curl/3"):
        assert report(comment, address="198.51.100.9", agent=agent).status_code == 200

    assert state(comment) == (CommentStatus.APPROVED, 1)


def test_one_ipv6_64_is_one_reporter_and_another_counts(article):
    comment = make_comment(article, body="An unpopular opinion")

    report(comment, address="2001:db8:1:2::10")
    report(comment, address="2001:db8:1:2:ffff::99")
    report(comment, address="2001:db8:1:3::10")

    assert state(comment) == (CommentStatus.APPROVED, 2)


def test_three_addresses_send_a_comment_back_to_moderation(article):
    comment = make_comment(article, body="An unpopular opinion")

    for n in range(3):
        report(comment, address=f"198.51.100.{n + 1}")

    assert state(comment) == (CommentStatus.PENDING, 3)
    assert comment.moderation_reason == "reports"


def test_reports_are_limited_per_address(article, settings):
    settings.DISCUSSION_REPORTS_PER_HOUR = 2
    comments = [make_comment(article, body=f"Comment {n}") for n in range(3)]

    statuses = [report(c, address="203.0.113.5").status_code for c in comments]

    assert statuses == [200, 200, 429]
    assert [state(c)[1] for c in comments] == [1, 1, 0]


class TestTrustedAuthors:
    def hold_attempt(self, comment):
        for n in range(3):
            report(comment, address=f"192.0.2.{n + 10}")
        return state(comment)

    def test_staff_are_not_hidden_by_reports(self, article):
        staff = get_user_model().objects.create_user("ed", is_staff=True)
        comment = make_comment(
            article, body="Correction: it aired in 2022", account=staff
        )

        assert self.hold_attempt(comment) == (CommentStatus.APPROVED, 3)

    def test_the_articles_author_is_not_hidden_by_reports(self, article):
        writer = get_user_model().objects.create_user("ayman")
        author = Author.objects.create(name="Ayman", slug="ayman", user=writer)
        ArticleAuthor.objects.create(article=article, author=author)
        comment = make_comment(article, body="Thanks for reading", account=writer)

        assert self.hold_attempt(comment) == (CommentStatus.APPROVED, 3)

    def test_a_commenter_with_approved_comments_is_not_hidden(self, article):
        make_comment(article, body="Earlier", author_email="kay@example.org")
        comment = make_comment(article, body="Later", author_email="Kay@Example.org")

        assert self.hold_attempt(comment) == (CommentStatus.APPROVED, 3)

    def test_a_first_time_commenter_is(self, article):
        comment = make_comment(article, body="First", author_email="new@example.org")

        assert self.hold_attempt(comment)[0] == CommentStatus.PENDING


def test_the_queue_shows_who_reported_and_why(client, article, make_user):
    comment = make_comment(article, body="An unpopular opinion")
    report(comment, address="198.51.100.1", reason="spoilers without a tag")
    report(comment, address="198.51.100.2", reason="")
    client.force_login(make_user("mod", superuser=True))

    page = client.get(f"/admin/snippets/discussion/comment/inspect/{comment.pk}/")

    assert page.status_code == 200
    assert page.text.count(" reporter ") == 2
    assert "spoilers without a tag" in page.text and "no reason given" in page.text
    assert "198.51.100" not in page.text


def test_twenty_user_agents_on_one_address_cast_one_poll_vote(article, make_poll):  # noqa: F811
    poll = make_poll(article=article, options=("Yes", "No"))
    option = poll.options.first()

    for n in range(20):
        reader = Client(enforce_csrf_checks=True, HTTP_USER_AGENT=f"Agent/{n}")
        reader.get("/csrf-token/", HTTP_X_FORWARDED_FOR="198.51.100.77")
        reader.post(
            f"/polls/{poll.pk}/vote/",
            {
                "option": option.pk,
                "csrfmiddlewaretoken": reader.cookies["csrftoken"].value,
            },
            HTTP_X_FORWARDED_FOR="198.51.100.77",
        )

    assert poll.votes.count() == 1


def test_twenty_user_agents_on_one_address_cast_one_comment_vote(article):
    comment = make_comment(article, body="Vote on me")

    for n in range(20):
        reader = Client(enforce_csrf_checks=True, HTTP_USER_AGENT=f"Agent/{n}")
        reader.get("/csrf-token/", HTTP_X_FORWARDED_FOR="198.51.100.78")
        reader.post(
            f"/comments/{comment.pk}/vote/",
            {"value": "up", "csrfmiddlewaretoken": reader.cookies["csrftoken"].value},
            HTTP_X_FORWARDED_FOR="198.51.100.78",
            **JSON,
        )

    assert Comment.objects.get(pk=comment.pk).upvotes == 1
