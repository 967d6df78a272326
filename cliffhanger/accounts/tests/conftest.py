import re

import pytest
from django.core import mail
from django.test import Client

from cliffhanger.tracker.tests.conftest import (  # noqa: F401
    article,
    netflix,
    partner_track,
    section,
)

CODE = re.compile(r"^([A-Z0-9][A-Z0-9-]{4,}[A-Z0-9])$", re.MULTILINE)


def code_in(message) -> str:
    return CODE.search(message.body).group(1)


@pytest.fixture
def csrf_client():
    """A browser that sends the form's token, as a real one does: no exemption."""
    return Client(enforce_csrf_checks=True)


def token_of(client, path: str) -> str:
    response = client.get(path)
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def code_request(client, email: str, *, address: str = "203.0.113.7", **extra):
    """Ask for a sign-in code as the page's form does."""
    token = token_of(client, "/account/login/")
    return client.post(
        "/account/login/",
        {"email": email, "csrfmiddlewaretoken": token, **extra},
        REMOTE_ADDR=address,
    )


def code_enter(client, code: str, **extra):
    # The CSRF cookie's secret is a valid token too (as a page's form would send).
    token = client.cookies["csrftoken"].value
    return client.post(
        "/account/login/code/confirm/",
        {"code": code, "csrfmiddlewaretoken": token, **extra},
    )


def sign_in(client, email: str, *, address: str = "203.0.113.7") -> None:
    """The whole journey: ask, read the code from the outbox, enter it."""
    sent_before = len(mail.outbox)
    response = code_request(client, email, address=address)
    assert response.status_code == 302, response.content
    assert len(mail.outbox) == sent_before + 1
    response = code_enter(client, code_in(mail.outbox[-1]))
    assert response.status_code == 302
    assert response["Location"] == "/account/"


@pytest.fixture
def signed_in(db, csrf_client):
    sign_in(csrf_client, "nadia@example.com")
    return csrf_client


def reader_signed_in(client, email: str, *, verified: bool = True):
    """
    A reader made as sign-in makes one (accounts services), their address
    proven or not, and signed in on `client` without the code journey.
    """
    from allauth.account.models import EmailAddress

    from cliffhanger.accounts.services import reader_account_for_sign_in

    user = reader_account_for_sign_in(email=email)
    EmailAddress.objects.filter(user=user).update(verified=verified)
    client.force_login(user)
    return user
