"""Rate limits per network address, keys for more, issued and revoked in the admin."""

import re

import pytest
from django.test import Client, override_settings

from cliffhanger.api.models import ApiKey


def issue_key(name="Fan site", per_minute=600) -> tuple[ApiKey, str]:
    api_key = ApiKey(name=name, requests_per_minute=per_minute)
    key = api_key.issue()
    api_key.save()
    return api_key, key


@override_settings(API_ANONYMOUS_REQUESTS_PER_MINUTE=3)
def test_anonymous_callers_are_limited_per_address_whatever_they_send(client, db):
    for number in range(3):
        response = client.get("/api/v1/shows/", HTTP_USER_AGENT=f"agent {number}")
        assert response.status_code == 200
    refused = client.get("/api/v1/shows/", HTTP_USER_AGENT="a fourth agent")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["code"] == "throttled"
    other_address = client.get("/api/v1/shows/", REMOTE_ADDR="203.0.113.9")
    assert other_address.status_code == 200


@override_settings(API_ANONYMOUS_REQUESTS_PER_MINUTE=1)
def test_a_key_has_its_own_higher_limit(client, db):
    _, key = issue_key(per_minute=5)
    client.get("/api/v1/shows/")
    assert client.get("/api/v1/shows/").status_code == 429
    for _ in range(5):
        response = client.get("/api/v1/shows/", HTTP_AUTHORIZATION=f"Bearer {key}")
        assert response.status_code == 200
    over = client.get("/api/v1/shows/", HTTP_X_API_KEY=key)
    assert over.status_code == 429


@pytest.mark.parametrize(
    "presented",
    [
        "Bearer chk_nope_nope",
        "Bearer something-else",
        "Bearer chk_",
        "Basic dXNlcjpwdw==",
        "",
    ],
)
def test_a_wrong_key_is_refused_not_ignored(client, db, presented):
    response = client.get("/api/v1/shows/", HTTP_AUTHORIZATION=presented)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_keys_are_stored_hashed_and_revocable(client, db):
    api_key, key = issue_key()
    secret = key.split("_", 2)[2]
    stored = ApiKey.objects.filter(pk=api_key.pk).values().get()
    assert not any(secret in str(value) for value in stored.values())
    assert client.get("/api/v1/shows/", HTTP_X_API_KEY=key).status_code == 200
    api_key.revoke()
    api_key.save()
    assert client.get("/api/v1/shows/", HTTP_X_API_KEY=key).status_code == 401


def test_an_editor_issues_a_key_in_the_admin_and_sees_it_once(editor):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)
    form = browser.get("/admin/snippets/api/apikey/add/")
    assert form.status_code == 200
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', form.content.decode()
    ).group(1)
    response = browser.post(
        "/admin/snippets/api/apikey/add/",
        {
            "csrfmiddlewaretoken": token,
            "name": "Partner app",
            "requests_per_minute": 900,
        },
        follow=True,
    )
    assert response.status_code == 200
    key = re.search(r"chk_[0-9a-f]{8}_[-\w]+", response.content.decode()).group(0)
    api_key = ApiKey.objects.get()
    assert api_key.owner == editor and api_key.requests_per_minute == 900
    assert Client().get("/api/v1/shows/", HTTP_X_API_KEY=key).status_code == 200
    listing = browser.get("/admin/snippets/api/apikey/").content.decode()
    assert "Partner app" in listing and key not in listing


def test_writers_cannot_see_keys(writer):
    browser = Client()
    browser.force_login(writer)
    assert browser.get("/admin/snippets/api/apikey/").status_code in (302, 403)


@override_settings(API_ANONYMOUS_REQUESTS_PER_MINUTE=2)
def test_wrong_keys_count_against_the_address_and_preflights_do_not(client, db):
    for _ in range(3):
        preflight = client.options("/api/v1/shows/", HTTP_ORIGIN="https://a.example")
        assert preflight.status_code == 200
    statuses = [
        client.get("/api/v1/shows/", HTTP_X_API_KEY="chk_guess_guess").status_code
        for _ in range(3)
    ]
    assert statuses == [401, 401, 429]
