"""/account/: the profile, its display name, the email part and signing out."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from cliffhanger.accounts.forms import DISPLAY_NAME_TOO_LONG
from cliffhanger.accounts.middleware import SIGNED_IN_COOKIE
from cliffhanger.accounts.models import Reader
from cliffhanger.accounts.services import DISPLAY_NAME_REQUIRED
from cliffhanger.accounts.views import NAME_SAVED

from .conftest import sign_in, token_of

pytestmark = pytest.mark.django_db
User = get_user_model()
RLO = "\u202e"


def name_post(client, name: str):
    token = token_of(client, "/account/")
    return client.post(
        "/account/", {"display_name": name, "csrfmiddlewaretoken": token}
    )


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"] == "/account/login/?next=/account/"


def test_the_profile_shows_avatar_name_email_and_sign_out(signed_in):
    response = signed_in.get("/account/")

    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "X-Page-Cache" not in response
    assert '<svg class="avatar"' in response.text
    assert "nadia@example.com" in response.text
    assert 'action="/account/logout/"' in response.text
    assert 'href="/account/email/"' in response.text


def test_the_display_name_is_saved_and_shown(signed_in):
    response = name_post(signed_in, "  Nadia   from Leeds ")

    assert response.status_code == 302
    page = signed_in.get(response["Location"])
    assert NAME_SAVED in page.text
    assert "<bdi>Nadia from Leeds</bdi>" in page.text
    assert Reader.objects.get().display_name == "Nadia from Leeds"


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("N" * 200, DISPLAY_NAME_TOO_LONG),
        ("   ", DISPLAY_NAME_REQUIRED),
        (RLO + "\u200b", DISPLAY_NAME_REQUIRED),
    ],
)
def test_a_bad_display_name_comes_back_with_a_message(signed_in, name, error):
    response = name_post(signed_in, name)

    assert response.status_code == 400
    assert error in response.text
    if name.strip():
        assert f'value="{name}"' in response.text  # what was typed is kept
    assert Reader.objects.get().display_name == ""


def test_bidi_overrides_are_taken_out_of_a_display_name(signed_in):
    name_post(signed_in, f"Nadia{RLO}gnp.exe")
    assert Reader.objects.get().display_name == "Nadiagnp.exe"


def test_changing_the_name_needs_the_token(signed_in):
    response = signed_in.post("/account/", {"display_name": "Mallory"})
    assert response.status_code == 403
    assert Reader.objects.get().display_name == ""


def test_signing_out_ends_the_session_and_drops_the_hint(signed_in):
    token = token_of(signed_in, "/account/")

    response = signed_in.post("/account/logout/", {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert response["Location"] == "/account/login/"
    assert response.cookies[SIGNED_IN_COOKIE]["max-age"] == 0
    assert signed_in.get("/account/").status_code == 302


def test_a_deleted_accounts_cookie_is_just_a_visitor(signed_in, article):
    User.objects.all().delete()

    assert signed_in.get("/account/").status_code == 302
    response = signed_in.get(article.url)
    assert response.status_code == 200
    assert response.cookies[SIGNED_IN_COOKIE]["max-age"] == 0
    assert signed_in.get("/account/login/").status_code == 200


def test_a_closed_accounts_session_ends(signed_in):
    User.objects.update(is_active=False)
    assert signed_in.get("/account/").status_code == 302


def test_staff_get_a_profile_when_they_open_the_page(client, make_user):
    client.force_login(make_user("edith", superuser=True))
    assert client.get("/account/").status_code == 200
    assert Reader.objects.count() == 1


@pytest.mark.parametrize(
    "path",
    [
        "/account/signup/",
        "/account/password/change/",
        "/account/password/set/",
        "/account/password/reset/",
        "/account/reauthenticate/",
    ],
)
def test_password_and_sign_up_pages_lead_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == "/account/login/"


def test_the_email_page_lists_only_the_readers_own_addresses(signed_in):
    sign_in(Client(enforce_csrf_checks=True), "other@example.com")

    response = signed_in.get("/account/email/")

    assert response.status_code == 200
    assert "nadia@example.com" in response.text
    assert "other@example.com" not in response.text
    assert 'name="csrfmiddlewaretoken"' in response.text


def test_no_page_shows_a_readers_email_to_others(signed_in, article, client):
    for path in (article.url, "/account/login/", "/"):
        assert "nadia@example.com" not in client.get(path).text
