"""accounts.signals.reader_email_verified: sent for proven addresses only."""

import pytest
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.test import Client

from cliffhanger.accounts.signals import reader_email_verified

from .conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    calls = []

    def listener(sender, user, email, **kwargs):
        calls.append((user.pk, email))

    reader_email_verified.connect(listener, dispatch_uid="test.heard")
    yield calls
    reader_email_verified.disconnect(dispatch_uid="test.heard")


def test_signing_in_with_a_code_announces_the_address(heard, csrf_client):
    sign_in(csrf_client, "Nadia@Example.com")

    address = EmailAddress.objects.get()
    assert address.verified
    assert heard == [(address.user_id, "nadia@example.com")]


def test_an_address_not_yet_proven_is_not_announced(heard, csrf_client):
    sign_in(csrf_client, "nadia@example.com")
    user = EmailAddress.objects.get().user
    EmailAddress.objects.create(user=user, email="second@example.com", verified=False)
    heard.clear()

    csrf_client.logout()
    sign_in(Client(enforce_csrf_checks=True), "nadia@example.com")

    assert heard == [(user.pk, "nadia@example.com")]


def test_a_confirmed_new_address_is_announced(heard, csrf_client):
    sign_in(csrf_client, "nadia@example.com")
    user = EmailAddress.objects.get().user
    address = EmailAddress.objects.create(
        user=user, email="second@example.com", verified=True
    )
    heard.clear()

    email_confirmed.send(sender=EmailAddress, request=None, email_address=address)

    assert heard == [(user.pk, "second@example.com")]


def test_staff_addresses_are_not_announced(heard, make_user):
    staff = make_user("edith", superuser=True)
    address = EmailAddress.objects.create(
        user=staff, email="edith@example.com", verified=True
    )

    email_confirmed.send(sender=EmailAddress, request=None, email_address=address)

    assert heard == []
