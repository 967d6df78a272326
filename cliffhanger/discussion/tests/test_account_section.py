"""
A signed-in reader's comments: "Your comments" and the reply emails switch
on /account/, the page of them all, their public profile, and a ban.
"""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from cliffhanger.accounts.selectors import reader_for_user
from cliffhanger.accounts.services import reader_profile_visibility_set
from cliffhanger.accounts.tests.conftest import reader_signed_in, token_of
from cliffhanger.discussion.account_views import (
    REPLIES_NEED_VERIFIED_EMAIL,
    REPLIES_OFF,
    REPLIES_ON,
)
from cliffhanger.discussion.models import CommentStatus, ReplyOptIn, ReplyOptOut
from cliffhanger.discussion.notifications import replies_wanted, reply_address_hash
from cliffhanger.discussion.selectors import (
    OWN_COMMENT_DELETED,
    OWN_COMMENT_STATUS,
    comment_list_of_account,
)
from cliffhanger.discussion.services import account_ban, comment_delete_by_author
from cliffhanger.newsroom.tests.factories import ArticlePageFactory

from .factories import make_comment

pytestmark = pytest.mark.django_db
EMAIL = "nadia@example.com"
LONG_WORD = "W" * 200


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def nadia(csrf_client):
    return reader_signed_in(csrf_client, EMAIL)


def comment_by(user, article, body="A fair point.", **extra):
    extra.setdefault("status", CommentStatus.APPROVED)
    return make_comment(article, body=body, name="Nadia", account=user, **extra)


def section_of(page: str) -> str:
    return page.split('id="account-comments-heading"')[1].split("</section>")[0]


def replies_post(client, wanted: str):
    token = token_of(client, "/account/")
    return client.post(
        "/account/comments/replies/",
        {"wanted": wanted, "csrfmiddlewaretoken": token},
    )


def hide(article):
    PageViewRestriction.objects.create(
        page=article, restriction_type="password", password="secret"
    )


class TestYourComments:
    def test_lists_the_readers_comments_newest_first_with_permalinks(
        self, nadia, csrf_client, article, other_article
    ):
        older = comment_by(nadia, article, body="My first thought")
        newer = comment_by(nadia, other_article, body="My second thought")
        make_comment(article, body="Someone else's words")

        section = section_of(csrf_client.get("/account/").text)

        assert section.index("My second thought") < section.index("My first thought")
        assert f'href="{older.get_absolute_url()}"' in section
        assert f'href="{newer.get_absolute_url()}"' in section
        assert "<bdi>Partner Track news</bdi>" in section
        assert "Someone else" not in section
        assert "All your comments" not in section

    def test_says_what_became_of_comments_that_are_not_public(
        self, nadia, csrf_client, article
    ):
        held = comment_by(nadia, article, body="Held", status=CommentStatus.PENDING)
        spam = comment_by(nadia, article, body="Spammy", status=CommentStatus.SPAM)
        removed = comment_by(nadia, article, body="Rude", status=CommentStatus.REMOVED)
        deleted = comment_by(nadia, article, body="Oops")
        comment_delete_by_author(comment=deleted)

        section = section_of(csrf_client.get("/account/").text)

        for status in (CommentStatus.PENDING, CommentStatus.SPAM):
            assert OWN_COMMENT_STATUS[status] in section
        assert OWN_COMMENT_STATUS[CommentStatus.REMOVED] in section
        assert OWN_COMMENT_DELETED in section
        for comment in (held, spam, removed, deleted):
            assert comment.get_absolute_url() not in section
        # Named but not linked: the permalink of a comment not public is a 404.
        assert section.count("<bdi>Partner Track news</bdi>") == 4

    @pytest.mark.parametrize("how", ["private", "unpublished"])
    def test_a_comment_on_an_article_no_longer_public_is_not_linked(
        self, nadia, csrf_client, other_article, how
    ):
        other_article.title = "Leaked headline"
        other_article.save_revision().publish()
        comment = comment_by(nadia, other_article, body="Said before it went")
        if how == "private":
            hide(other_article)
        else:
            other_article.unpublish()

        section = section_of(csrf_client.get("/account/").text)

        assert "Said before it went" in section
        assert "an article no longer published" in section
        assert "Leaked headline" not in section
        assert comment.get_absolute_url() not in section

    def test_more_than_twenty_link_to_a_page_of_them_all(
        self, nadia, csrf_client, article
    ):
        for number in range(45):
            comment_by(nadia, article, body=f"Comment {number:02}.")

        section = section_of(csrf_client.get("/account/").text)
        first = csrf_client.get("/account/comments/")
        last = csrf_client.get("/account/comments/?page=3")

        assert section.count('class="account-list__item') == 20
        assert "Comment 44." in section and "Comment 24." not in section
        assert 'href="/account/comments/"' in section
        assert first.status_code == 200
        assert first.text.count('class="account-list__item') == 20
        assert "Page 1 of 3" in first.text and "Comment 44." in first.text
        assert last.text.count('class="account-list__item') == 5
        assert "Comment 00." in last.text and "Comment 05." not in last.text

    def test_the_page_of_them_all_needs_signing_in_and_shows_only_ones_own(
        self, nadia, article, client
    ):
        comment_by(nadia, article, body="Only mine")
        other = Client()
        reader_signed_in(other, "omar@example.com")

        assert client.get("/account/comments/").status_code == 302
        assert "Only mine" not in other.get("/account/comments/").text
        assert client.post("/account/comments/replies/").status_code == 302

    def test_a_long_unbroken_comment_wraps_inside_the_list(
        self, nadia, csrf_client, article
    ):
        comment_by(nadia, article, body=LONG_WORD)

        section = section_of(csrf_client.get("/account/").text)

        assert re.search(r'class="account-comment__excerpt"><bdi>W{150,}', section)
        with open("cliffhanger/static/cliffhanger/css/site.css") as css:
            rule = re.search(r"\.account-comment__excerpt \{([^}]*)\}", css.read())
        assert "overflow-wrap: anywhere" in rule.group(1)

    def test_html_in_a_comment_is_shown_as_text(self, nadia, csrf_client, article):
        comment_by(nadia, article, body="<script>alert(1)</script>")

        section = section_of(csrf_client.get("/account/").text)

        assert "<script>alert" not in section
        assert "&lt;script&gt;alert(1)" in section

    def test_queries_do_not_grow_with_the_comments(
        self, nadia, csrf_client, article, other_article, django_assert_num_queries
    ):
        hide(other_article)
        for _ in range(3):
            comment_by(nadia, article)
        comment_by(nadia, other_article)
        csrf_client.get("/account/")  # caches what any first page reads
        with CaptureQueriesContext(connection) as few:
            csrf_client.get("/account/")
        for _ in range(27):
            comment_by(nadia, article, status=CommentStatus.PENDING)

        with django_assert_num_queries(len(few.captured_queries)):
            response = csrf_client.get("/account/")

        assert section_of(response.text).count('class="account-list__item') == 20

    def test_the_list_is_one_query(
        self, nadia, article, other_article, django_assert_num_queries
    ):
        hide(other_article)
        comment_by(nadia, article)
        comment_by(nadia, other_article, status=CommentStatus.PENDING)
        # Building it reads the view restrictions (kept once per request).
        comments = comment_list_of_account(account=nadia)

        with django_assert_num_queries(1):
            shown = [
                (c.article.title, c.article_is_public, c.shows_link, c.body)
                for c in comments
            ]

        assert [row[1:3] for row in shown] == [(False, False), (True, True)]


class TestReplyEmailsSwitch:
    def test_turning_it_on_confirms_the_verified_address_at_once(
        self, nadia, csrf_client
    ):
        ReplyOptOut.objects.create(email_hash=reply_address_hash(EMAIL))
        page = csrf_client.get("/account/").text
        assert "Email me when someone replies to my comments" in page

        response = replies_post(csrf_client, "1")

        assert response.status_code == 302
        assert response["Location"] == "/account/#account-replies-heading"
        assert ReplyOptIn.objects.get().confirmed_at is not None
        assert not ReplyOptOut.objects.exists()
        page = csrf_client.get("/account/").text
        assert REPLIES_ON in page and "Stop emailing me replies" in page

    def test_turning_it_off_unsubscribes_the_address(self, nadia, csrf_client):
        replies_post(csrf_client, "1")

        replies_post(csrf_client, "0")

        assert ReplyOptOut.objects.filter(email_hash=reply_address_hash(EMAIL)).exists()
        assert not replies_wanted(email=EMAIL)
        page = csrf_client.get("/account/").text
        assert REPLIES_OFF in page
        assert "Email me when someone replies to my comments" in page

    def test_an_address_confirmed_before_signing_in_shows_as_on(
        self, nadia, csrf_client
    ):
        ReplyOptIn.objects.create(
            email_hash=reply_address_hash("Nadia@Example.com "),
            confirmed_at=timezone.now(),
        )

        section = section_of(csrf_client.get("/account/").text)

        assert "Stop emailing me replies" in section

    def test_without_a_verified_address_it_asks_to_confirm_one(self, csrf_client):
        reader_signed_in(csrf_client, EMAIL, verified=False)

        section = section_of(csrf_client.get("/account/").text)
        response = replies_post(csrf_client, "1")

        assert 'href="/account/email/"' in section
        assert 'action="/account/comments/replies/"' not in section
        assert response.status_code == 302
        assert REPLIES_NEED_VERIFIED_EMAIL in csrf_client.get("/account/").text
        assert not ReplyOptIn.objects.exists()

    def test_a_post_without_the_csrf_token_is_refused(self, nadia, csrf_client):
        response = csrf_client.post("/account/comments/replies/", {"wanted": "1"})

        assert response.status_code == 403
        assert not ReplyOptIn.objects.exists()


class TestPublicProfile:
    def test_shows_approved_comments_on_public_articles_only(
        self, nadia, article, other_article, section, client
    ):
        reader_profile_visibility_set(reader=nadia.reader, is_public=True)
        shown = comment_by(nadia, article, body="Out in the open")
        comment_by(nadia, article, body="Held back", status=CommentStatus.PENDING)
        comment_by(nadia, article, body="Junk", status=CommentStatus.SPAM)
        comment_by(nadia, article, body="Gone", status=CommentStatus.REMOVED)
        comment_by(nadia, other_article, body="On a private one")
        hide(other_article)
        draft = ArticlePageFactory(parent=section, slug="draft-story")
        comment_by(nadia, draft, body="On a draft")
        draft.unpublish()
        make_comment(article, body="Another reader's")

        page = client.get(nadia.reader.get_absolute_url()).text

        assert "Out in the open" in page
        assert f'href="{shown.get_absolute_url()}"' in page
        for hidden in ("Held back", "Junk", "Gone", "On a private one", "On a draft"):
            assert hidden not in page
        assert "Another reader's" not in page
        assert EMAIL not in page

    def test_a_profile_without_public_comments_has_no_comments_section(
        self, nadia, client
    ):
        reader_profile_visibility_set(reader=nadia.reader, is_public=True)

        page = client.get(nadia.reader.get_absolute_url())

        assert page.status_code == 200
        assert "profile-comments-heading" not in page.text


def test_a_ban_hides_the_public_profile(nadia, client):
    reader_profile_visibility_set(reader=nadia.reader, is_public=True)
    assert client.get(nadia.reader.get_absolute_url()).status_code == 200

    account_ban(account=nadia, reason="abuse")

    nadia.reader.refresh_from_db()
    assert not nadia.reader.profile_is_public
    assert client.get(nadia.reader.get_absolute_url()).status_code == 404


def test_a_ban_of_an_account_without_a_profile_makes_none(make_user):
    user = make_user("no-profile")

    ban = account_ban(account=user)

    assert ban.account == user
    assert reader_for_user(user=user) is None
