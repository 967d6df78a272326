"""
"Your data" on /account/: a signed-in reader downloads everything the site
holds about them and deletes the account, keeping their comments as "Deleted
reader" or removing them. After deletion, no column of any table holds their
address or name.
"""

import json

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core import signing
from django.db import models
from django.db.models import Q
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cliffhanger.accounts.middleware import SIGNED_IN_COOKIE
from cliffhanger.accounts.models import Reader
from cliffhanger.accounts.services import (
    ACCOUNT_CLOSE_STAFF,
    account_close,
    reader_account_for_sign_in,
    reader_display_name_set,
    reader_get_or_create,
)
from cliffhanger.core.privacy import client_hash
from cliffhanger.core.readers import READER_COOKIE, READER_COOKIE_SALT
from cliffhanger.discussion.models import (
    Comment,
    CommentStatus,
    CommentVote,
    ReplyOptIn,
)
from cliffhanger.discussion.notifications import reply_address_hash
from cliffhanger.discussion.personal_data import DELETED_READER
from cliffhanger.discussion.tests.factories import make_comment
from cliffhanger.newsletters.models import Subscription
from cliffhanger.newsletters.tests.factories import NewsletterFactory
from cliffhanger.tracker.models import ShowFollow
from cliffhanger.webhooks.models import Delivery, Endpoint, EventType
from cliffhanger.webhooks.payloads import comment_data

from .conftest import token_of

pytestmark = pytest.mark.django_db
User = get_user_model()

EMAIL = "nadia.qx7@example.com"
NAME = "Nadia Qx7"
BROWSER_ID = "browser-id-of-nadia"


def reader_with_a_history(article, partner_track):
    """
    A reader with one of everything: a verified address, a name, a comment
    signed in, one written anonymously with the same address before, a show
    followed and a newsletter, reply mails confirmed, a vote from this browser.
    """
    user = reader_account_for_sign_in(email=EMAIL)
    EmailAddress.objects.filter(user=user).update(verified=True)
    reader_display_name_set(reader=reader_get_or_create(user=user), display_name=NAME)
    signed = make_comment(
        article, body="Signed in, I say season 3.", name=NAME, account=user
    )
    anonymous = make_comment(
        article, body="Before I had an account.", name=NAME, author_email=EMAIL.upper()
    )
    ShowFollow.objects.create(
        show=partner_track, email=EMAIL, confirmed_at=timezone.now()
    )
    Subscription.objects.create(
        newsletter=NewsletterFactory(title="Daily headlines", slug="daily-headlines"),
        email=EMAIL,
        account=user,
        confirmed_at=timezone.now(),
    )
    ReplyOptIn.objects.create(
        email_hash=reply_address_hash(EMAIL), confirmed_at=timezone.now()
    )
    CommentVote.objects.create(
        comment=signed,
        reader_key=client_hash("reader", BROWSER_ID),
        address_key="network",
        value=1,
    )
    return user, signed, anonymous


def browser_for(user) -> Client:
    """A browser signed in as `user`, carrying its anonymous reader id."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.cookies[READER_COOKIE] = signing.get_cookie_signer(
        salt=READER_COOKIE + READER_COOKIE_SALT
    ).sign(BROWSER_ID)
    return client


def delete_post(client, **fields):
    token = token_of(client, "/account/delete/")
    return client.post("/account/delete/", {"csrfmiddlewaretoken": token, **fields})


def rows_holding(text: str) -> list[str]:
    """Every model and column, in the whole database, whose value contains `text`."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(
                field, models.CharField | models.TextField | models.JSONField
            ):
                continue
            lookup = Q(**{f"{field.attname}__icontains": text})
            if model._base_manager.filter(lookup).exists():
                found.append(f"{model._meta.label}.{field.name}")
    return found


class TestDownload:
    def test_holds_everything_and_nothing_of_anyone_else(self, article, partner_track):
        user, signed, anonymous = reader_with_a_history(article, partner_track)
        # Someone else's comment, and one made with an address Nadia added
        # but never proved: neither is hers to download.
        make_comment(
            article, body="Not hers.", name="Ola", author_email="ola@example.com"
        )
        EmailAddress.objects.create(user=user, email="ola@example.com", verified=False)

        response = browser_for(user).get("/account/data/")

        assert response.status_code == 200
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert response["Content-Disposition"].startswith(
            'attachment; filename="cliffhanger-my-data-'
        )
        assert "no-store" in response["Cache-Control"]
        data = json.loads(response.content)
        assert data["format"] == "cliffhanger-personal-data/1"
        assert data["account"]["display_name"] == NAME
        assert {a["email"] for a in data["account"]["email_addresses"]} == {
            EMAIL,
            "ola@example.com",
        }
        comments = data["discussion"]["comments"]
        assert [c["id"] for c in comments] == [signed.pk, anonymous.pk]
        assert comments[0]["article"]["title"] == article.title
        assert comments[0]["body"] == "Signed in, I say season 3."
        assert data["discussion"]["votes_from_this_browser"][0]["value"] == 1
        assert data["discussion"]["reply_emails"][0]["confirmed_at"]
        assert [f["show"] for f in data["show_follows"]] == [partner_track.title]
        assert [s["newsletter"] for s in data["newsletter_subscriptions"]] == [
            "Daily headlines"
        ]
        assert "Not hers." not in response.content.decode()

    def test_asks_a_visitor_to_sign_in(self, client):
        response = client.get("/account/data/")

        assert response.status_code == 302
        assert response["Location"].startswith("/account/login/")


class TestDelete:
    def test_keeping_comments_leaves_them_as_deleted_reader(
        self, article, partner_track
    ):
        user, signed, anonymous = reader_with_a_history(article, partner_track)
        client = browser_for(user)

        response = delete_post(client, comments="keep", confirm="on")

        assert response.status_code == 302
        assert response["Location"] == "/account/closed/"
        assert not User.objects.filter(pk=user.pk).exists()
        for comment in Comment.objects.filter(pk__in=[signed.pk, anonymous.pk]):
            assert comment.author_name == DELETED_READER
            assert (comment.author_email, comment.account_id, comment.ip_hash) == (
                "",
                None,
                "",
            )
            assert comment.status == CommentStatus.APPROVED and comment.body
        assert not ShowFollow.objects.exists()
        assert not Subscription.objects.exists()
        assert not ReplyOptIn.objects.exists()
        assert CommentVote.objects.count() == 1  # never anyone's: still counted
        page = client.get(article.url).text
        assert DELETED_READER in page and NAME not in page

    def test_removing_comments_keeps_the_thread_whole(self, article, partner_track):
        user, signed, anonymous = reader_with_a_history(article, partner_track)
        make_comment(article, parent=signed, body="A reply from Ola.", name="Ola")

        delete_post(browser_for(user), comments="remove", confirm="on")

        signed.refresh_from_db()
        assert signed.status == CommentStatus.REMOVED
        assert (signed.body, signed.body_html, signed.author_name) == (
            "",
            "",
            DELETED_READER,
        )
        page = Client().get(article.url).text
        assert "Comment removed." in page and "A reply from Ola." in page
        assert "season 3" not in page and "Before I had an account" not in page

    def test_nothing_identifying_remains_anywhere(
        self, article, partner_track, settings
    ):
        user, signed, _ = reader_with_a_history(article, partner_track)
        owner = User.objects.create_user(
            username="hook-owner", email="owner@example.com"
        )
        endpoint = Endpoint.objects.create(
            url="https://hooks.example.com/in",
            events=[EventType.COMMENT_APPROVED],
            owner=owner,
        )
        payload = {
            "type": EventType.COMMENT_APPROVED,
            "data": comment_data(comment_id=signed.pk),
        }
        Delivery.objects.create(
            endpoint=endpoint,
            event_type=EventType.COMMENT_APPROVED,
            message_id="m1",
            payload=payload,
        )
        DBTaskResult.objects.create(
            status="SUCCESSFUL",
            args_kwargs={
                "args": [],
                "kwargs": {"to": [EMAIL], "body": f"Hello {NAME}"},
            },
            task_path="cliffhanger.accounts.tasks.send_account_mail",
            backend_name="default",
            run_after=timezone.now(),
            exception_class_path="",
            traceback="",
        )
        assert rows_holding(EMAIL) and rows_holding(NAME)  # the search finds them

        delete_post(browser_for(user), comments="keep", confirm="on")

        assert rows_holding(EMAIL) == []
        assert rows_holding(NAME) == []
        assert Delivery.objects.get().payload["data"]["author_name"] == DELETED_READER
        assert not any(
            session.get_decoded().get("_auth_user_id") == str(user.pk)
            for session in Session.objects.all()
        )

    def test_every_session_ends_and_the_old_cookie_is_anonymous(
        self, article, partner_track
    ):
        user, _, _ = reader_with_a_history(article, partner_track)
        phone = browser_for(user)
        phone.cookies[SIGNED_IN_COOKIE] = "1"
        laptop = browser_for(user)

        delete_post(laptop, comments="keep", confirm="on")

        response = phone.get("/account/")
        assert response.status_code == 302
        assert response["Location"].startswith("/account/login/")
        assert phone.cookies[SIGNED_IN_COOKIE].value == ""  # the hint is dropped
        closed = laptop.get("/account/closed/")
        assert closed.status_code == 200 and "Your account is deleted" in closed.text

    @pytest.mark.parametrize(
        ("fields", "message"),
        [
            ({"comments": "keep"}, "Tick the box to delete your account."),
            ({"confirm": "on"}, "Choose what happens to your comments."),
            (
                {"comments": "burn", "confirm": "on"},
                "Choose what happens to your comments.",
            ),
        ],
    )
    def test_an_incomplete_form_comes_back_and_deletes_nothing(
        self, article, partner_track, fields, message
    ):
        user, _, _ = reader_with_a_history(article, partner_track)
        client = browser_for(user)

        response = delete_post(client, **fields)

        assert response.status_code == 400
        assert message in response.text
        if fields.get("comments") == "keep":
            assert 'value="keep" id="id_comments_0" checked' in response.text
        assert User.objects.filter(pk=user.pk).exists()
        assert Comment.objects.filter(account=user).count() == 1

    def test_needs_the_forms_token(self, article, partner_track):
        user, _, _ = reader_with_a_history(article, partner_track)
        client = browser_for(user)

        response = client.post(
            "/account/delete/", {"comments": "keep", "confirm": "on"}
        )

        assert response.status_code == 403
        assert User.objects.filter(pk=user.pk).exists()

    def test_staff_are_closed_in_the_admin(self, db):
        staff = User.objects.create_user(
            username="editor", email="ed@example.com", is_staff=True
        )
        Reader.objects.create(user=staff)
        client = browser_for(staff)

        response = delete_post(client, comments="keep", confirm="on")

        assert response.status_code == 400
        assert ACCOUNT_CLOSE_STAFF in response.text
        assert User.objects.filter(pk=staff.pk).exists()

    def test_a_failing_step_deletes_nothing(self, article, partner_track, monkeypatch):
        user, signed, _ = reader_with_a_history(article, partner_track)

        def broken(self, *args, **kwargs):
            raise RuntimeError("the database went away")

        monkeypatch.setattr(User, "delete", broken)
        with pytest.raises(RuntimeError):
            account_close(user=user, keep_comments=False)

        signed.refresh_from_db()
        assert signed.author_name == NAME and signed.body
        assert ShowFollow.objects.exists() and Subscription.objects.exists()
