"""Moderation: every policy with its reason, the audit trail, reports, bans, the queue."""

import time
from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from cliffhanger.discussion.forms import ISSUED_SALT, issued_now
from cliffhanger.discussion.models import (
    ArticleDiscussion,
    Comment,
    CommenterBan,
    CommentStatus,
    ModerationAction,
)
from cliffhanger.discussion.services import (
    COMMENT_DUPLICATE,
    comment_approve,
    comment_create,
    comment_report,
    commenter_ban,
)

from .factories import make_comment


def create(article, body="A fair point.", **extra):
    return comment_create(article=article, body=body, author_name="Kay", **extra)


def public_count(article) -> int:
    return ArticleDiscussion.objects.get(article=article).comment_count


class TestPolicies:
    def test_clean_comment_is_approved_without_audit_noise(self, article):
        comment = create(article)

        assert comment.status == CommentStatus.APPROVED
        assert ModerationAction.objects.count() == 0

    def test_hold_all_site_wide(self, article, settings):
        settings.DISCUSSION_HOLD_ALL = True

        comment = create(article)

        assert (comment.status, comment.moderation_reason) == ("pending", "hold_all")
        assert public_count(article) == 0

    def test_hold_all_for_one_article(self, article, other_article):
        ArticleDiscussion.objects.create(article=article, hold_all=True)

        assert create(article).status == "pending"
        assert create(other_article).status == "approved"

    def test_first_comment_from_an_email_is_held_until_one_is_approved(
        self, article, settings
    ):
        settings.DISCUSSION_HOLD_FIRST_COMMENT = True

        first = create(article, author_email="new@example.org")
        assert (first.status, first.moderation_reason) == ("pending", "first_comment")
        comment_approve(comment=first)

        assert (
            create(article, body="Again", author_email="NEW@example.org").status
            == "approved"
        )
        assert create(article, body="No email").status == "pending"

    def test_more_than_n_links_is_held(self, article, settings):
        settings.DISCUSSION_MAX_LINKS = 2

        two = create(article, body="https://a.example https://b.example")
        three = create(article, body="https://a.example http://b.example www.c.example")

        assert two.status == "approved"
        assert (three.status, three.moderation_reason) == ("pending", "links")
        assert ModerationAction.objects.get(comment=three).detail == "3 links"

    def test_moderation_keywords_hold(self, article, settings):
        settings.DISCUSSION_MODERATION_KEYWORDS = ["leak", "full episode"]

        assert create(article, body="Here is the LEAK").moderation_reason == "keywords"
        assert (
            create(article, body="watch the full episode free").moderation_reason
            == "keywords"
        )
        assert create(article, body="Fleaky is not a word").status == "approved"

    @pytest.mark.parametrize(
        "field",
        [
            {"body": "buy cheapmeds now"},
            {"author_name": "cheapmeds"},
            {"author_email": "spam@cheapmeds.example"},
        ],
    )
    def test_blocklisted_words_names_and_emails_go_to_spam(
        self, article, settings, field
    ):
        settings.DISCUSSION_BLOCKLIST = ["cheapmeds", "spam@cheapmeds.example"]
        data = {"body": "Nice", "author_name": "Kay", **field}

        comment = comment_create(article=article, **data)

        assert (comment.status, comment.moderation_reason) == ("spam", "blocklist")

    def test_banned_email_and_address_go_to_spam_until_expiry(self, article, editor):
        commenter_ban(email="troll@example.org", reason="abuse", actor=editor)
        probe = create(article, body="probe", ip_address="203.0.113.77")
        commenter_ban(
            ip_hash=probe.ip_hash, expires_at=timezone.now() + timedelta(days=1)
        )

        assert (
            create(
                article, body="x", author_email="Troll@example.org"
            ).moderation_reason
            == "banned"
        )
        assert (
            create(article, body="y", ip_address="203.0.113.77").moderation_reason
            == "banned"
        )
        CommenterBan.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
        assert create(article, body="z", ip_address="203.0.113.77").status == "approved"

    def test_email_matching_ignores_case_but_not_like_wildcards(
        self, article, settings
    ):
        commenter_ban(email="tro_ll%@example.org")
        make_comment(article, author_email="known_one@example.org")
        settings.DISCUSSION_HOLD_FIRST_COMMENT = True

        def status(email):
            return create(article, body=email, author_email=email).status

        assert status("TRO_LL%@example.org") == "spam"
        assert status("troxll%@example.org") == "pending"  # not banned, not known
        assert status("KNOWN_ONE@example.org") == "approved"
        assert status("knownxone@example.org") == "pending"


class TestAuditAndCounts:
    def test_every_change_is_recorded_with_who_and_why(self, article, moderator):
        comment = create(article)

        comment_approve(
            comment=comment, actor=moderator
        )  # no change of status, still recorded
        from cliffhanger.discussion.services import comment_mark_spam

        comment_mark_spam(comment=comment, actor=moderator)

        actions = list(ModerationAction.objects.order_by("pk"))
        assert [(a.from_status, a.to_status, a.reason, a.actor) for a in actions] == [
            ("approved", "approved", "approved", moderator),
            ("approved", "spam", "spam", moderator),
        ]
        assert public_count(article) == 0
        assert (
            "approved → spam (spam, admin, mona)"
            in Comment.objects.get(pk=comment.pk).moderation_history
        )

    def test_a_held_reply_approved_later_keeps_its_date_and_place(
        self, article, settings, client
    ):
        parent = create(article, body="Parent")
        settings.DISCUSSION_HOLD_ALL = True
        held = create(article, body="Held reply", parent=parent)
        created = held.created_at
        settings.DISCUSSION_HOLD_ALL = False
        create(article, body="Later comment")
        assert "Held reply" not in client.get(article.url).text

        comment_approve(comment=held)

        held.refresh_from_db()
        html = client.get(article.url).text
        assert held.created_at == created and held.parent_id == parent.pk
        assert (
            html.index("Parent")
            < html.index("Held reply")
            < html.index("Later comment")
        )
        assert public_count(article) == 3


class TestReports:
    def test_n_reports_send_a_comment_back_to_pending(self, article, settings):
        settings.DISCUSSION_REPORTS_TO_HOLD = 3
        comment = create(article)

        for n in range(2):
            assert comment_report(
                comment=comment, reader_key=f"r{n}", address_key=f"a{n}"
            )
        assert not comment_report(
            comment=comment, reader_key="r0", address_key="zz"
        )  # again
        assert Comment.objects.get(pk=comment.pk).status == "approved"
        comment_report(comment=comment, reader_key="r9", address_key="a9")

        comment.refresh_from_db()
        assert (comment.status, comment.moderation_reason, comment.report_count) == (
            "pending",
            "reports",
            3,
        )

    def test_report_button_without_javascript(self, client, article):
        comment = make_comment(article)

        response = client.post(f"/comments/{comment.pk}/report/")

        assert response.status_code == 200 and "Thanks for the report" in response.text
        assert Comment.objects.get(pk=comment.pk).report_count == 1


class TestPostingRules:
    def _post(self, client, article, **fields):
        return client.post(
            f"/comments/post/{article.pk}/",
            {"body": "Great episode.", "author_name": "Kay", **fields},
        )

    def test_held_comment_is_shown_to_its_author_only(
        self, client, article, settings, django_user_model
    ):
        settings.DISCUSSION_HOLD_ALL = True

        response = self._post(client, article, body="Wait for me")
        comment = Comment.objects.get()

        assert response.status_code == 302
        own_view = client.get(article.url).text
        assert "Wait for me" in own_view and "Awaiting moderation" in own_view
        assert "<span data-comment-count>0</span>" in own_view
        client.cookies.clear()
        assert "Wait for me" not in client.get(article.url).text
        assert comment.status == "pending"

    def test_honeypot_is_stored_as_spam_without_telling_the_bot(self, client, article):
        response = self._post(client, article, homepage="http://spam.example")

        comment = Comment.objects.get()
        assert response.status_code == 302
        assert (comment.status, comment.moderation_reason) == ("spam", "bot_check")
        assert "Great episode." not in client.get(article.url).text

    def test_too_fast_a_submission_is_spam(self, client, article, settings):
        settings.DISCUSSION_MIN_SUBMIT_SECONDS = 3
        issued = signing.dumps(time.time(), salt=ISSUED_SALT)

        self._post(client, article, issued=issued)

        assert Comment.objects.get().moderation_reason == "bot_check"

    def test_a_form_shown_long_enough_ago_is_fine(self, client, article, settings):
        settings.DISCUSSION_MIN_SUBMIT_SECONDS = 3
        issued = signing.dumps(time.time() - 10, salt=ISSUED_SALT)

        self._post(client, article, issued=issued)

        assert Comment.objects.get().status == "approved"

    def test_the_issued_second_is_rounded_up_and_checked_only_when_on(
        self, client, article, settings
    ):
        before = time.time()
        issued = issued_now()
        assert signing.loads(issued, salt=ISSUED_SALT) >= before
        settings.DISCUSSION_MIN_SUBMIT_SECONDS = 0

        self._post(client, article, issued=issued)  # within the same second

        assert Comment.objects.get().status == "approved"

    def test_same_body_within_ten_minutes_is_rejected_with_a_message(
        self, client, article
    ):
        self._post(client, article)

        response = self._post(client, article)

        assert response.status_code == 400
        assert COMMENT_DUPLICATE in response.text.replace("&#x27;", "'")
        assert Comment.objects.count() == 1

    def test_rate_limit_answers_429_with_a_readable_page(
        self, client, article, settings
    ):
        settings.DISCUSSION_RATE_LIMIT_PER_MINUTE = 2
        for n in range(2):
            assert self._post(client, article, body=f"Comment {n}").status_code == 302

        response = self._post(client, article, body="One too many")
        api = client.post(
            f"/comments/post/{article.pk}/",
            {"body": "x", "author_name": "y"},
            HTTP_ACCEPT="application/json",
        )

        assert response.status_code == 429 and "Slow down a little" in response.text
        assert api.status_code == 429 and "error" in api.json()
        assert Comment.objects.count() == 2

    def test_too_long_a_comment_is_a_clear_error(self, client, article, settings):
        settings.DISCUSSION_MAX_LENGTH = 50

        response = self._post(client, article, body="x" * 51)

        assert response.status_code == 400
        assert (
            "Your comment is too long: please keep it under 50 characters (it has 51)."
            in response.text
        )
        assert Comment.objects.count() == 0


class TestQueue:
    def test_moderator_filters_searches_and_bulk_approves(
        self, client, moderator, article, settings
    ):
        settings.DISCUSSION_HOLD_ALL = True
        held = [create(article, body=f"Held number {n}") for n in range(3)]
        client.force_login(moderator)

        listing = client.get(
            "/admin/snippets/discussion/comment/", {"status": "pending"}
        )
        search = client.get("/admin/snippets/discussion/comment/", {"q": "number 1"})
        url = "/admin/bulk/discussion/comment/approve_comments/"
        query = "&".join(f"id={c.pk}" for c in held[:2])
        confirm = client.get(f"{url}?{query}")
        done = client.post(f"{url}?{query}")

        assert listing.status_code == 200 and "Held number 2" in listing.text
        assert "Held number 1" in search.text and "Held number 2" not in search.text
        assert confirm.status_code == 200 and "Approve" in confirm.text
        assert done.status_code == 302
        assert [Comment.objects.get(pk=c.pk).status for c in held] == [
            "approved",
            "approved",
            "pending",
        ]
        assert (
            ModerationAction.objects.filter(
                actor=moderator, to_status="approved"
            ).count()
            == 2
        )
        assert public_count(article) == 2

    def test_inspect_view_shows_reason_and_history(
        self, client, moderator, article, settings
    ):
        settings.DISCUSSION_HOLD_ALL = True
        comment = create(article)
        client.force_login(moderator)

        html = client.get(
            f"/admin/snippets/discussion/comment/inspect/{comment.pk}/"
        ).text

        assert "hold_all" in html and "new → pending" in html


def test_replies_stay_visible_when_their_parent_is_held_again(client, article):
    parent = create(article, body="Reported parent")
    create(article, body="Innocent reply", parent=parent)
    from cliffhanger.discussion.services import comment_moderate

    comment_moderate(
        comment=parent, status="pending", reason="reports", source="reader reports"
    )

    html = client.get(article.url).text
    assert "Reported parent" not in html
    assert "A comment awaiting moderation." in html and "Innocent reply" in html


class TestClosing:
    def test_closed_article_refuses_comments_and_says_so(self, client, article):
        from cliffhanger.discussion.services import (
            COMMENTS_CLOSED,
            discussion_settings_set,
        )

        make_comment(article, body="Before closing")
        discussion_settings_set(article=article, closed=True)

        page = client.get(article.url).text
        response = client.post(
            f"/comments/post/{article.pk}/", {"body": "Late", "author_name": "Kay"}
        )
        api = client.post(
            f"/comments/post/{article.pk}/",
            {"body": "Late", "author_name": "Kay"},
            HTTP_ACCEPT="application/json",
        )

        assert "Before closing" in page and COMMENTS_CLOSED in page
        assert 'class="comment-form"' not in page
        assert response.status_code == 403 and COMMENTS_CLOSED in response.text
        assert api.status_code == 403 and api.json() == {"error": COMMENTS_CLOSED}
        assert Comment.objects.count() == 1

    def test_comments_close_automatically_after_n_days(self, client, article, settings):
        settings.DISCUSSION_CLOSE_AFTER_DAYS = 30
        article.first_published_at = timezone.now() - timedelta(days=31)
        article.save()

        response = client.post(
            f"/comments/post/{article.pk}/", {"body": "Too late", "author_name": "Kay"}
        )

        assert response.status_code == 403
        settings.DISCUSSION_CLOSE_AFTER_DAYS = 0
        assert (
            client.post(
                f"/comments/post/{article.pk}/",
                {"body": "Open again", "author_name": "Kay"},
            ).status_code
            == 302
        )

    def test_editor_closes_an_article_in_the_admin(self, client, editor, article):
        make_comment(article)
        discussion = ArticleDiscussion.objects.get(article=article)
        client.force_login(editor)

        response = client.post(
            f"/admin/snippets/discussion/articlediscussion/edit/{discussion.pk}/",
            {"closed": "on"},
        )

        assert response.status_code == 302
        assert ArticleDiscussion.objects.get(pk=discussion.pk).closed
