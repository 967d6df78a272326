"""Email notifications: replies, held-comment notices with signed links, digests, headers."""

import html
import re
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.test import Client

from cliffhanger.discussion.models import Comment, ModerationAction, ReplyOptIn
from cliffhanger.discussion.notifications import (
    ACTION_SALT,
    CONFIRM_LINK_USED,
    LINK_EXPIRED,
    LINK_INVALID,
    moderation_digest_send,
    reply_notify,
    reply_unsubscribe_url,
)
from cliffhanger.discussion.services import comment_create


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    def post(article, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return comment_create(
                article=article, **{"body": "Hi", "author_name": "Kay", **fields}
            )

    return post


def _link(message, path: str) -> str:
    return re.search(rf"http://testserver({path}[^\s]+)", message.body).group(1)


def confirm_from_mail(message) -> None:
    """Follow the confirmation link as a reader would: open it, press the button."""
    link = _link(message, "/comments/replies/confirm/")
    reader = Client(enforce_csrf_checks=True)
    page = reader.get(link)
    assert "Email you when readers reply" in page.text  # GET only asks
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert reader.post(link, {"csrfmiddlewaretoken": token.group(1)}).status_code == 200


def press_confirm_again(link: str):
    """Post a confirmation link's form with a valid CSRF token, from a fresh browser."""
    reader = Client(enforce_csrf_checks=True)
    reader.get("/csrf-token/")
    return reader.post(link, {"csrfmiddlewaretoken": reader.cookies["csrftoken"].value})


def one_click_unsubscribe(message):
    unsubscribe = _link(message, "/comments/replies/unsubscribe/")
    return Client(enforce_csrf_checks=True).post(
        unsubscribe,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )


class TestReplies:
    def test_opted_in_author_gets_one_email_with_unsubscribe(
        self, article, post, client
    ):
        parent = post(
            article, body="First", author_email="ana@example.org", notify_replies=True
        )
        confirm_from_mail(mail.outbox.pop())
        reply = post(article, body="I disagree", author_name="Ben", parent=parent)
        reply_notify(reply_id=reply.pk)  # a retried task sends nothing more

        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert (
            message.to == ["ana@example.org"]
            and message.subject == "Ben replied to your comment"
        )
        assert "I disagree" in message.body
        unsubscribe = _link(message, "/comments/replies/unsubscribe/")
        assert "Unsubscribe" in client.get(unsubscribe).text  # GET only asks
        # A mail client's one-click POST (RFC 8058) comes with no CSRF token.
        one_click = Client(enforce_csrf_checks=True).post(
            unsubscribe,
            "List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
        assert one_click.status_code == 200
        post(article, body="Another reply", author_name="Cy", parent=parent)
        assert len(mail.outbox) == 1

    def test_no_email_without_opt_in_or_to_yourself(self, article, post):
        quiet = post(article, body="Quiet", author_email="q@example.org")
        post(article, body="Reply", parent=quiet)
        loud = post(
            article, body="Loud", author_email="l@example.org", notify_replies=True
        )
        confirm_from_mail(mail.outbox.pop())
        post(article, body="Self reply", author_email="L@example.org", parent=loud)

        assert mail.outbox == []

    def test_only_a_reply_to_an_author_who_asked_queues_a_task(
        self, article, post, settings
    ):
        from django_tasks import default_task_backend

        settings.TASKS = {
            "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
        }
        quiet = post(article, body="Quiet", author_email="q@example.org")
        post(article, body="Reply to quiet", parent=quiet)
        loud = post(
            article, body="Loud", author_email="l@example.org", notify_replies=True
        )
        post(article, body="Self reply", author_email="L@example.org", parent=loud)
        reply = post(article, body="Reply to loud", parent=loud)

        queued = [(r.task.name, r.args) for r in default_task_backend.results]
        assert queued == [
            ("confirm_reply_address", [loud.pk]),
            ("notify_reply", [reply.pk]),
        ]

    def test_an_address_typed_in_gets_nothing_until_it_confirms(self, article, post):
        # Someone types another person's address and ticks "email me replies".
        parent = post(
            article, body="Bait", author_email="victim@example.org", notify_replies=True
        )
        post(
            article,
            body="Second",
            author_email="victim@example.org",
            notify_replies=True,
        )
        for n in range(3):
            post(article, body=f"Reply {n}", author_name="Troll", parent=parent)

        assert [m.subject for m in mail.outbox] == [
            "Confirm reply notifications from Cliffhanger"
        ]  # one confirmation a day, and no replies

    def test_a_confirmation_link_is_spent_once_used(self, article, post, client):
        post(article, body="First", author_email="ana@example.org", notify_replies=True)
        message = mail.outbox.pop()
        link = _link(message, "/comments/replies/confirm/")
        confirm_from_mail(message)

        opened = client.get(link)
        replay = press_confirm_again(link)

        assert opened.status_code == 400
        assert "Yes, email me replies" not in opened.text
        assert replay.status_code == 400
        assert CONFIRM_LINK_USED in html.unescape(replay.text)

    def test_a_used_link_cannot_subscribe_again_after_unsubscribing(
        self, article, post
    ):
        parent = post(
            article, body="First", author_email="ana@example.org", notify_replies=True
        )
        confirm = mail.outbox.pop()
        confirm_from_mail(confirm)
        post(article, body="A reply", author_name="Ben", parent=parent)
        assert one_click_unsubscribe(mail.outbox.pop()).status_code == 200

        replay = press_confirm_again(_link(confirm, "/comments/replies/confirm/"))
        post(article, body="Another reply", author_name="Cy", parent=parent)

        assert replay.status_code == 400
        assert "used already" in replay.text
        assert mail.outbox == []

    def test_unsubscribing_spends_an_unused_confirmation_link(self, article, post):
        post(article, body="First", author_email="ana@example.org", notify_replies=True)
        link = _link(mail.outbox.pop(), "/comments/replies/confirm/")
        Client(enforce_csrf_checks=True).post(reply_unsubscribe_url("ana@example.org"))

        replay = press_confirm_again(link)

        assert replay.status_code == 400
        assert not ReplyOptIn.objects.filter(confirmed_at__isnull=False).exists()

    def test_asking_again_after_unsubscribing_mails_a_new_link(self, article, post):
        parent = post(
            article, body="First", author_email="ana@example.org", notify_replies=True
        )
        confirm_from_mail(mail.outbox.pop())
        post(article, body="A reply", author_name="Ben", parent=parent)
        one_click_unsubscribe(mail.outbox.pop())

        again = post(
            article, body="Back", author_email="ana@example.org", notify_replies=True
        )
        confirm_from_mail(mail.outbox.pop())
        post(article, body="Welcome back", author_name="Ben", parent=again)

        assert [m.subject for m in mail.outbox] == ["Ben replied to your comment"]

    def test_a_forged_or_expired_confirmation_link_is_a_clear_400(self, client, db):
        response = client.post("/comments/replies/confirm/not-a-token/")

        assert response.status_code == 400
        assert "not valid" in response.text

    def test_the_form_needs_an_email_to_notify(self, client, article):
        response = client.post(
            f"/comments/post/{article.pk}/",
            {"body": "Hi", "author_name": "Kay", "notify_replies": "on"},
        )

        assert response.status_code == 400
        assert "Enter your email to be told about replies" in response.text


class TestHeldCommentNotices:
    def test_moderators_get_signed_links_that_work_without_login(
        self, article, post, moderator, client, settings
    ):
        moderator.email = "mona@example.org"
        moderator.save()
        settings.DISCUSSION_HOLD_ALL = True
        held = post(article, body="Please approve me")

        assert len(mail.outbox) == 1 and mail.outbox[0].to == ["mona@example.org"]
        approve = _link(mail.outbox[0], "/comments/moderate/")
        assert "Approve this comment?" in client.get(approve).text
        assert (
            Comment.objects.get(pk=held.pk).status == "pending"
        )  # GET changes nothing

        assert client.post(approve).status_code == 200

        assert Comment.objects.get(pk=held.pk).status == "approved"
        action = ModerationAction.objects.filter(comment=held).latest("pk")
        assert (action.actor, action.source) == (moderator, "email link")

    def test_a_link_acts_once_then_says_what_was_done_and_by_whom(
        self, article, post, moderator, editor, client, settings
    ):
        moderator.email = "mona@example.org"
        moderator.save()
        settings.DISCUSSION_HOLD_ALL = True
        held = post(article, body="Please approve me")
        approve = _link(mail.outbox[0], "/comments/moderate/")
        remove = [
            link
            for link in re.findall(
                r"http://testserver(/comments/moderate/\S+)", mail.outbox[0].body
            )
            if link != approve
        ]
        client.post(approve)

        again = client.post(approve)
        other = client.post(remove[0])

        for response in (again, other):
            assert response.status_code == 200
            assert "Already done: the comment is approved" in response.text
            assert "mona" in response.text
        assert Comment.objects.get(pk=held.pk).status == "approved"
        assert (
            ModerationAction.objects.filter(comment=held, source="email link").count()
            == 1
        )

    @pytest.mark.parametrize("token", ["garbage", "a" * 200])
    def test_tampered_links_are_a_clear_400_and_change_nothing(
        self, client, token, article, post
    ):
        held = post(article, body="x", status="pending")

        response = client.post(f"/comments/moderate/{token}/")

        assert response.status_code == 400 and LINK_INVALID in response.text
        assert Comment.objects.get(pk=held.pk).status == "pending"

    def test_expired_links_are_refused(
        self, client, article, post, moderator, settings
    ):
        held = post(article, body="x", status="pending")
        settings.DISCUSSION_MODERATION_LINK_HOURS = 0
        token = signing.dumps(
            {"c": held.pk, "a": "approve", "u": moderator.pk}, salt=ACTION_SALT
        )
        import time

        time.sleep(1.1)
        response = client.post(f"/comments/moderate/{token}/")

        assert response.status_code == 400 and LINK_EXPIRED in response.text
        assert Comment.objects.get(pk=held.pk).status == "pending"

    def test_a_link_for_a_user_without_rights_is_refused(
        self, client, article, post, writer
    ):
        held = post(article, body="x", status="pending")
        token = signing.dumps(
            {"c": held.pk, "a": "approve", "u": writer.pk}, salt=ACTION_SALT
        )

        assert client.post(f"/comments/moderate/{token}/").status_code == 400
        assert Comment.objects.get(pk=held.pk).status == "pending"

    def test_header_injection_through_names_and_titles_is_impossible(
        self, article, post, moderator, settings
    ):
        moderator.email = "mona@example.org"
        moderator.save()
        article.title = "Title\r\nBcc: victim@example.org"
        article.save()
        settings.DISCUSSION_HOLD_ALL = True

        post(article, author_name="Eve\r\nBcc: victim@example.org", body="hi")

        message = mail.outbox[0]
        headers = message.message().as_string().split("\n\n", 1)[0]
        assert message.bcc == [] and not re.search(r"^Bcc:", headers, re.M)
        assert re.findall(r"^To: (.*)$", headers, re.M) == ["mona@example.org"]
        assert "\r" not in message.subject and "\n" not in message.subject


class TestDigest:
    def test_one_digest_a_day(self, article, post, moderator, settings):
        moderator.email = "mona@example.org"
        moderator.save()
        settings.DISCUSSION_MODERATOR_NOTICES = "digest"
        settings.DISCUSSION_HOLD_ALL = True
        post(article, body="Held one")
        assert mail.outbox == []  # no per-comment notice in digest mode

        assert moderation_digest_send() == 1
        assert moderation_digest_send() == 0

        assert "1 comment(s) to moderate" in mail.outbox[0].subject
        assert "Held one" in mail.outbox[0].body
        from django.utils import timezone

        assert (
            moderation_digest_send(today=timezone.localdate() + timedelta(days=1)) == 1
        )
