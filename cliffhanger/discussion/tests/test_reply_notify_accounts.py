"""Reply emails to readers who commented signed in (their /account/ switch)."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from cliffhanger.accounts.tests.conftest import reader_signed_in
from cliffhanger.discussion.models import CommentStatus
from cliffhanger.discussion.notifications import (
    replies_for_account_set,
    replies_wanted,
    reply_notify,
)
from cliffhanger.discussion.services import comment_approve

from .factories import make_comment

pytestmark = pytest.mark.django_db
EMAIL = "nadia@example.com"


@pytest.fixture
def nadia():
    return reader_signed_in(Client(), EMAIL)


@pytest.fixture
def parent(nadia, article):
    return make_comment(
        article,
        body="My take",
        name="Nadia",
        account=nadia,
        status=CommentStatus.APPROVED,
    )


def reply_to(parent, **extra):
    fields = {"name": "Ben", "body": "I disagree", "status": CommentStatus.APPROVED}
    return make_comment(parent.article, parent=parent, **{**fields, **extra})


def test_the_account_gets_a_reply_with_the_switch_on(parent):
    replies_for_account_set(email=EMAIL, wanted=True)
    reply = reply_to(parent, author_email="ben@example.org")

    assert reply_notify(reply_id=reply.pk)
    assert not reply_notify(reply_id=reply.pk)  # a retried task sends nothing more

    [message] = mail.outbox
    assert message.to == [EMAIL]
    assert message.subject == "Ben replied to your comment"
    assert "I disagree" in message.body
    assert "List-Unsubscribe" in message.extra_headers


def test_the_mails_unsubscribe_link_turns_the_switch_off(parent, client):
    replies_for_account_set(email=EMAIL, wanted=True)
    reply_notify(reply_id=reply_to(parent).pk)
    link = re.search(
        r"http://testserver(/comments/replies/unsubscribe/\S+)", mail.outbox[0].body
    ).group(1)

    response = Client(enforce_csrf_checks=True).post(
        link,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert not replies_wanted(email=EMAIL)
    assert not reply_notify(reply_id=reply_to(parent, body="Again").pk)
    assert len(mail.outbox) == 1


def test_nothing_with_the_switch_off_or_never_on(parent):
    assert not reply_notify(reply_id=reply_to(parent).pk)
    replies_for_account_set(email=EMAIL, wanted=True)
    replies_for_account_set(email=EMAIL, wanted=False)

    assert not reply_notify(reply_id=reply_to(parent, body="Later").pk)
    assert mail.outbox == []


def test_nothing_without_a_verified_address(parent, nadia):
    replies_for_account_set(email=EMAIL, wanted=True)
    EmailAddress.objects.filter(user=nadia).update(verified=False)

    assert not reply_notify(reply_id=reply_to(parent).pk)
    assert mail.outbox == []


def test_nothing_to_an_inactive_account(parent, nadia):
    replies_for_account_set(email=EMAIL, wanted=True)
    nadia.is_active = False
    nadia.save(update_fields=["is_active"])

    assert not reply_notify(reply_id=reply_to(parent).pk)
    assert mail.outbox == []


def test_nothing_for_replying_to_yourself(parent, nadia):
    replies_for_account_set(email=EMAIL, wanted=True)
    signed_in = reply_to(parent, account=nadia)
    typed_in = reply_to(parent, author_email="Nadia@Example.com")

    assert not reply_notify(reply_id=signed_in.pk)
    assert not reply_notify(reply_id=typed_in.pk)
    assert mail.outbox == []


def test_nothing_to_an_anonymous_comment_answered_by_its_author_signed_in(
    article, nadia
):
    replies_for_account_set(email=EMAIL, wanted=True)
    anonymous = make_comment(
        article, author_email=EMAIL, notify_replies=True, status="approved"
    )

    assert not reply_notify(reply_id=reply_to(anonymous, account=nadia).pk)
    assert mail.outbox == []


def test_a_held_reply_is_mailed_when_a_moderator_approves_it(
    parent, django_capture_on_commit_callbacks
):
    replies_for_account_set(email=EMAIL, wanted=True)
    reply = reply_to(parent, status=CommentStatus.PENDING)
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comment=reply)

    [message] = mail.outbox
    assert message.to == [EMAIL]


def test_the_switch_is_the_addresses_not_only_the_accounts(article):
    # An address confirmed from the anonymous form's mail counts when signed in.
    replies_for_account_set(email=EMAIL, wanted=True)
    anonymous = make_comment(
        article, author_email=EMAIL, notify_replies=True, status="approved"
    )

    assert reply_notify(reply_id=reply_to(anonymous).pk)
    assert mail.outbox[0].to == [EMAIL]


def test_a_reply_posted_approved_mails_the_account_at_once(
    parent, django_capture_on_commit_callbacks
):
    replies_for_account_set(email=EMAIL, wanted=True)
    with django_capture_on_commit_callbacks(execute=True):
        reply_to(parent, author_email="ben@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        reply_to(parent, author_email="cy@example.org", account=parent.account)

    assert [message.to for message in mail.outbox] == [[EMAIL]]  # not their own
