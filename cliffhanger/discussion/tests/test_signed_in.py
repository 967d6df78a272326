"""Commenting signed in: the account names, owns and vouches for its comments."""

import re
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cliffhanger.accounts.forms import DISPLAY_NAME_TOO_LONG
from cliffhanger.accounts.services import (
    reader_account_for_sign_in,
    reader_display_name_set,
    reader_get_or_create,
)
from cliffhanger.discussion.models import Comment, CommenterBan, CommentStatus
from cliffhanger.discussion.services import (
    ACCOUNT_BAN_STAFF,
    ACCOUNT_BANNED,
    COMMENT_BODY_REQUIRED,
    COMMENT_EDIT_WINDOW_CLOSED,
    COMMENT_NOT_YOURS,
    account_ban,
    comment_approve,
)
from cliffhanger.newsroom.tests.factories import ArticlePageFactory, AuthorFactory

from .factories import make_comment

JSON = {"HTTP_ACCEPT": "application/json"}


def make_reader(email: str, name: str = "Nadia"):
    """A reader as sign-in makes one (accounts services), named or not."""
    user = reader_account_for_sign_in(email=email)
    if name:
        reader_display_name_set(
            reader=reader_get_or_create(user=user), display_name=name
        )
    return user


def signed_in(email: str, name: str = "Nadia", **client_kwargs):
    client = Client(**client_kwargs)
    user = make_reader(email, name)
    client.force_login(user)
    return client, user


def post(client, article, **fields):
    data = {"body": "Signed in and happy.", **fields}
    return client.post(f"/comments/post/{article.pk}/", data)


@pytest.fixture
def nadia(db):
    return signed_in("nadia@example.com", "Nadia")


class TestTheForm:
    def test_says_who_is_commenting_and_asks_no_name_or_email(self, nadia, article):
        client, user = nadia

        html = client.get(article.url).text

        assert "Commenting as" in html and "Nadia" in html
        assert 'name="author_name"' not in html
        assert 'name="author_email"' not in html and 'name="remember"' not in html
        assert "nadia@example.com" not in html
        assert 'name="body"' in html

    def test_a_reader_without_a_name_is_asked_for_one(self, article, db):
        client, user = signed_in("nameless@example.com", name="")

        html = client.get(article.url).text
        response = post(client, article, display_name="Ola")

        assert 'name="display_name"' in html and "Commenting as" not in html
        assert response.status_code == 302
        assert Comment.objects.get().author_name == "Ola"
        user.reader.refresh_from_db()
        assert user.reader.display_name == "Ola"

    def test_a_bad_name_comes_back_with_the_text_kept(self, article, db):
        client, _ = signed_in("nameless@example.com", name="")

        response = post(client, article, display_name="x" * 200, body="Keep me")

        assert response.status_code == 400
        assert DISPLAY_NAME_TOO_LONG in response.text
        assert "Keep me</textarea>" in response.text
        assert Comment.objects.count() == 0

    def test_an_empty_comment_comes_back_with_a_message(self, nadia, article):
        client, _ = nadia

        response = post(client, article, body="  ")

        assert response.status_code == 400
        assert COMMENT_BODY_REQUIRED in response.text
        assert "Commenting as" in response.text
        assert Comment.objects.count() == 0


class TestPosting:
    def test_the_comment_belongs_to_the_account(self, nadia, article):
        client, user = nadia

        response = post(client, article, author_name="Someone Else")

        comment = Comment.objects.get()
        assert response.status_code == 302
        assert comment.account == user
        assert comment.author_name == "Nadia"  # not what the post said
        assert comment.author_email == "" and not comment.notify_replies
        assert comment.avatar_seed == user.reader.avatar_seed
        assert not comment.author_verified

    def test_the_name_is_the_one_at_the_time(self, nadia, article):
        client, user = nadia
        post(client, article)

        reader_display_name_set(reader=user.reader, display_name="Nadia B.")
        post(client, article, body="Later.")

        names = list(Comment.objects.values_list("author_name", flat=True))
        assert names == ["Nadia", "Nadia B."]

    def test_with_javascript_it_comes_back_as_html(self, nadia, article):
        client, _ = nadia

        response = client.post(
            f"/comments/post/{article.pk}/", {"body": "In place."}, **JSON
        )

        assert response.status_code == 201
        assert "Nadia" in response.json()["html"]
        assert "comment__edit" in response.json()["html"]

    def test_the_form_needs_its_csrf_token(self, article, db):
        client, _ = signed_in("nadia@example.com", enforce_csrf_checks=True)

        refused = post(client, article)
        token = client.get("/csrf-token/").json()["token"]
        accepted = post(client, article, csrfmiddlewaretoken=token)

        assert refused.status_code == 403
        assert accepted.status_code == 302
        assert Comment.objects.count() == 1


class TestOwnComments:
    def test_edit_and_delete_from_another_device(self, nadia, article):
        client, user = nadia
        post(client, article)
        comment = Comment.objects.get()
        phone = Client()
        phone.force_login(user)

        page = phone.get(article.url).text
        edited = phone.post(f"/comments/{comment.pk}/edit/", {"body": "Reworded."})
        deleted = phone.post(f"/comments/{comment.pk}/delete/")

        assert f'href="/comments/{comment.pk}/edit/"' in page
        assert edited.status_code == 302
        assert deleted.status_code == 302
        comment.refresh_from_db()
        assert comment.body == "Reworded." and comment.status == CommentStatus.REMOVED

    def test_another_reader_cannot_touch_them(self, nadia, article):
        client, _ = nadia
        post(client, article)
        comment = Comment.objects.get()
        other, _ = signed_in("ola@example.com", "Ola")

        page = other.get(article.url).text
        response = other.post(f"/comments/{comment.pk}/edit/", {"body": "Mine now"})

        assert f'href="/comments/{comment.pk}/edit/"' not in page
        assert response.status_code == 403 and COMMENT_NOT_YOURS in response.text
        assert Comment.objects.get().body == "Signed in and happy."

    def test_the_edit_window_still_closes(self, nadia, article, settings):
        client, user = nadia
        post(client, article)
        comment = Comment.objects.get()
        Comment.objects.filter(pk=comment.pk).update(
            created_at=timezone.now() - timedelta(minutes=60)
        )
        phone = Client()
        phone.force_login(user)

        page = phone.get(article.url).text
        response = phone.post(f"/comments/{comment.pk}/edit/", {"body": "Late"})

        assert f'href="/comments/{comment.pk}/edit/"' not in page
        assert response.status_code == 400
        minutes = settings.DISCUSSION_EDIT_MINUTES
        assert COMMENT_EDIT_WINDOW_CLOSED.format(minutes=minutes) in response.text

    def test_a_held_comment_shows_to_its_author_on_every_device(
        self, nadia, article, settings
    ):
        settings.DISCUSSION_HOLD_FIRST_COMMENT = True
        client, user = nadia
        post(client, article, body="Held for now.")
        phone = Client()
        phone.force_login(user)

        assert "Held for now." in phone.get(article.url).text
        assert "Held for now." not in Client().get(article.url).text


class TestTrustedAccounts:
    @pytest.fixture(autouse=True)
    def hold_first_comments(self, settings):
        settings.DISCUSSION_HOLD_FIRST_COMMENT = True
        settings.DISCUSSION_TRUSTED_AFTER_APPROVALS = 2

    def test_held_until_approved_n_times(self, nadia, article):
        client, _ = nadia
        for n in range(2):
            post(client, article, body=f"Comment {n}")
        first = list(Comment.objects.values_list("status", flat=True))
        for comment in Comment.objects.all():
            comment_approve(comment=comment)

        post(client, article, body="Trusted now")

        assert first == [CommentStatus.PENDING, CommentStatus.PENDING]
        assert Comment.objects.get(body="Trusted now").status == CommentStatus.APPROVED

    def test_an_anonymous_approval_under_the_same_name_does_not_count(
        self, nadia, article
    ):
        client, _ = nadia
        make_comment(article, name="Nadia", ip_address="127.0.0.1", status="approved")

        post(client, article)

        assert Comment.objects.get(account__isnull=False).status == "pending"

    def test_zero_trusts_every_account(self, nadia, article, settings):
        settings.DISCUSSION_TRUSTED_AFTER_APPROVALS = 0
        client, _ = nadia

        post(client, article)

        assert Comment.objects.get().status == CommentStatus.APPROVED


class TestBans:
    def test_a_ban_ends_every_session_of_the_account(self, nadia, article):
        client, user = nadia
        phone = Client()
        phone.force_login(user)
        bystander, _ = signed_in("ola@example.com", "Ola")

        account_ban(account=user, reason="trolling")

        for browser in (client, phone):
            assert "Commenting as" not in browser.get(article.url).text
        assert "Commenting as" in bystander.get(article.url).text
        assert Session.objects.count() == 1  # the bystander's

    def test_a_banned_accounts_post_is_refused_and_kept(self, nadia, article):
        client, user = nadia
        CommenterBan.objects.create(
            kind=CommenterBan.Kind.ACCOUNT, account=user, value=str(user.pk)
        )

        response = post(client, article, body="Let me in")
        as_json = client.post(
            f"/comments/post/{article.pk}/", {"body": "Let me in"}, **JSON
        )

        assert response.status_code == 403
        assert (
            ACCOUNT_BANNED in response.text and "Let me in</textarea>" in response.text
        )
        assert as_json.status_code == 403 and as_json.json()["error"] == ACCOUNT_BANNED
        assert Comment.objects.count() == 0

    def test_an_expired_ban_refuses_nothing(self, nadia, article):
        client, user = nadia
        CommenterBan.objects.create(
            kind=CommenterBan.Kind.ACCOUNT,
            account=user,
            value=str(user.pk),
            expires_at=timezone.now() - timedelta(days=1),
        )

        assert post(client, article).status_code == 302

    def test_staff_are_not_banned_here(self, editor):
        with pytest.raises(ValidationError, match=ACCOUNT_BAN_STAFF):
            account_ban(account=editor)

        assert not CommenterBan.objects.exists()

    def test_moderators_ban_from_the_queue_and_see_an_accounts_history(
        self, nadia, article, other_article, client, moderator
    ):
        reader_client, user = nadia
        post(reader_client, article, body="First from Nadia")
        post(reader_client, other_article, body="Second from Nadia")
        make_comment(article, body="From someone else")
        ids = list(Comment.objects.filter(account=user).values_list("pk", flat=True))
        client.force_login(moderator)

        history = client.get(
            "/admin/snippets/discussion/comment/", {"account": user.pk}
        )
        confirm = client.get(
            "/admin/bulk/discussion/comment/ban_comment_accounts/",
            {"id": ids[0], "next": "/admin/"},
        )
        done = client.post(
            "/admin/bulk/discussion/comment/ban_comment_accounts/?next=/admin/"
            f"&id={ids[0]}"
        )

        assert (
            "First from Nadia" in history.text and "Second from Nadia" in history.text
        )
        assert "From someone else" not in history.text
        assert "nadia@example.com" not in history.text
        assert confirm.status_code == 200
        assert done.status_code == 302
        ban = CommenterBan.objects.get()
        assert ban.account == user and ban.created_by == moderator
        assert "Commenting as" not in reader_client.get(article.url).text  # signed out
        assert Comment.objects.filter(account=user).count() == 2


class TestVerifiedBadge:
    def test_staff_signed_in_are_verified(self, editor, article):
        client = Client()
        client.force_login(editor)

        post(client, article, display_name="The Editor")

        assert Comment.objects.get().author_verified
        assert "comment__verified" in Client().get(article.url).text

    def test_the_articles_author_is_verified(self, section, db):
        author_user = make_reader("writer@example.com", "Wren")
        article = ArticlePageFactory(
            parent=section, authors=[AuthorFactory(user=author_user)]
        )
        client = Client()
        client.force_login(author_user)

        post(client, article)

        assert Comment.objects.get().author_verified

    def test_readers_are_not(self, nadia, article):
        client, _ = nadia
        post(client, article)

        assert not Comment.objects.get().author_verified
        assert "comment__verified" not in Client().get(article.url).text


class TestSharedCopies:
    @pytest.fixture(autouse=True)
    def caches_on(self, settings):
        settings.FRAGMENT_CACHE_SECONDS = 300
        settings.PAGE_CACHE_SECONDS = 300

    def test_nothing_personal_reaches_another_reader(self, article, db):
        nadia, _ = signed_in("nadia@example.com", "Nadia")
        ola, _ = signed_in("ola@example.com", "Ola")
        anonymous = Client()
        post(nadia, article, body="Nadia's own")
        post(ola, article, body="Ola's own")
        nadias_id, olas_id = (
            Comment.objects.get(body=body).pk for body in ("Nadia's own", "Ola's own")
        )

        for _ in range(2):  # the second round is served from what the first kept
            pages = {
                "nadia": nadia.get(article.url).text,
                "ola": ola.get(article.url).text,
                "anonymous": anonymous.get(article.url).text,
            }
            assert (
                'Commenting as <span class="respond__as-name">Nadia' in pages["nadia"]
            )
            assert f"/comments/{nadias_id}/edit/" in pages["nadia"]
            assert f"/comments/{olas_id}/edit/" in pages["ola"]
            assert f"/comments/{olas_id}/edit/" not in pages["nadia"]
            assert f"/comments/{nadias_id}/edit/" not in pages["ola"]
            assert "Commenting as" not in pages["anonymous"]
            assert "/edit/" not in pages["anonymous"]
            assert 'name="author_name"' in pages["anonymous"]
            assert (
                'Commenting as <span class="respond__as-name">Ola' not in pages["nadia"]
            )
            for page in pages.values():
                assert "@example.com" not in page

    def test_a_signed_in_page_is_never_kept_for_others(self, article, db):
        anonymous = Client()
        anonymous.get(article.url)  # the shared copy
        nadia, _ = signed_in("nadia@example.com", "Nadia")

        response = nadia.get(article.url)

        assert "Commenting as" in response.text
        assert "private" in response["Cache-Control"]
        assert "Commenting as" not in anonymous.get(article.url).text


def _page_queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_a_signed_in_page_costs_the_same_whatever_the_thread(
    nadia, article, other_article, settings
):
    settings.DISCUSSION_COMMENTS_PER_PAGE = 1000
    settings.FRAGMENT_CACHE_SECONDS = 0  # both pages made from the database
    client, user = nadia
    post(client, other_article, body="Mine")
    for n in range(3):
        make_comment(other_article, body=f"Comment {n}")
    few = _page_queries(client, other_article.url)
    anonymous = _page_queries(Client(), other_article.url)

    post(client, article, body="Mine here too")
    for n in range(150):
        parent = make_comment(article, body=f"Top {n}")
        make_comment(article, parent=parent, body="Reply")

    assert _page_queries(client, article.url) == few
    # The session, the account with its profile, its comments on the article.
    assert few <= anonymous + 3


class TestTheFormMadeOnce:
    """A named reader's form is made once per process and article, then filled in."""

    def test_each_reader_gets_their_own_name(self, article, db):
        ana, _ = signed_in("ana@example.com", "Ana Reader")
        ben, _ = signed_in("ben@example.com", "Ben Reader")

        ana_page, ben_page = ana.get(article.url).text, ben.get(article.url).text

        assert '<span class="respond__as-name">Ana Reader</span>' in ana_page
        assert "Ben Reader" not in ana_page
        assert '<span class="respond__as-name">Ben Reader</span>' in ben_page
        assert "__cliffhanger_" not in ana_page + ben_page

    def test_a_name_of_markup_or_marks_is_shown_as_typed(self, article, db):
        client, _ = signed_in("mark@example.com", "<b>__cliffhanger_token__</b>")

        html = client.get(article.url).text

        shown = (
            '<span class="respond__as-name">&lt;b&gt;__cliffhanger_token__&lt;/b&gt;'
        )
        assert shown in html
        assert "<b>__cliffhanger" not in html

    def test_it_posts_like_the_form_made_for_the_request(self, article, db):
        client, user = signed_in(
            "poster@example.com", "Poster", enforce_csrf_checks=True
        )
        client.get("/csrf-token/")  # as form-token.js does for a tokenless page
        html = client.get(article.url).text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        issued = re.search(r'name="issued" value="([^"]+)"', html).group(1)

        response = client.post(
            f"/comments/post/{article.pk}/",
            {
                "body": "Made once, posted fine.",
                "csrfmiddlewaretoken": token,
                "issued": issued,
            },
        )

        assert response.status_code == 302
        assert Comment.objects.get(account=user).body == "Made once, posted fine."


class TestBannedProfiles:
    def test_a_banned_account_cannot_show_its_profile_until_the_ban_ends(
        self, nadia, moderator
    ):
        from cliffhanger.discussion.selectors import PROFILE_HIDDEN_WHILE_BANNED

        client, user = nadia
        reader = reader_get_or_create(user=user)
        reader.profile_is_public = True
        reader.save()
        profile_url = reader.get_absolute_url()
        assert Client().get(profile_url).status_code == 200
        account_ban(account=user, actor=moderator)
        reader.profile_is_public = True  # as if made public again somehow
        reader.save()
        client.force_login(user)  # signs in again after the ban

        assert Client().get(profile_url).status_code == 404
        assert PROFILE_HIDDEN_WHILE_BANNED in client.get("/account/").text
        response = client.post(
            "/account/profile/visibility/", {"public": "1"}, follow=True
        )
        assert PROFILE_HIDDEN_WHILE_BANNED in response.text

        CommenterBan.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
        client.post("/account/profile/visibility/", {"public": "1"})
        assert Client().get(profile_url).status_code == 200
