"""A tokenless first post is accepted only with a browser's same-origin proof."""

import re

import pytest
from django.test import Client

from cliffhanger.discussion.models import Comment

ARTICLE = "/entertainment/partner-track-season-2/"
SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "http://testserver"}


@pytest.fixture
def action(article):
    html = Client().get(ARTICLE).content.decode()
    return re.search(r'action="(/comments/post/\d+/)', html).group(1)


def post(client, action, body, **headers):
    return client.post(action, {"body": body, "author_name": "Ana"}, **headers)


def test_a_first_time_readers_same_origin_post_needs_no_token(action):
    response = post(Client(enforce_csrf_checks=True), action, "No token", **SAME_ORIGIN)

    assert response.status_code == 302
    assert Comment.objects.filter(body="No token").exists()


@pytest.mark.parametrize(
    "headers",
    [
        {},  # an old browser or a script: the token is needed
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_SEC_FETCH_SITE": "same-site", "HTTP_ORIGIN": "http://sub.testserver"},
        {"HTTP_SEC_FETCH_SITE": "same-origin"},  # no Origin to verify
        {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "https://evil.example"},
    ],
)
def test_anything_less_is_refused_and_stores_nothing(action, headers):
    response = post(Client(enforce_csrf_checks=True), action, "Forged", **headers)

    assert response.status_code == 403
    assert not Comment.objects.filter(body="Forged").exists()


def test_a_reader_with_a_csrf_cookie_still_needs_the_token(action):
    reader = Client(enforce_csrf_checks=True)
    reader.get("/csrf-token/")

    refused = post(reader, action, "Cookie, no token", **SAME_ORIGIN)

    assert refused.status_code == 403
    assert not Comment.objects.filter(body="Cookie, no token").exists()


def test_the_admin_always_needs_the_token(db):
    response = Client(enforce_csrf_checks=True).post(
        "/admin/login/", {"username": "x", "password": "y"}, **SAME_ORIGIN
    )

    assert response.status_code == 403


def test_the_deploy_check_warns_without_our_csrf_middleware(settings):
    from cliffhanger.core.checks import CSRF_MIDDLEWARE, csrf_middleware_installed

    assert csrf_middleware_installed(None) == []
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != CSRF_MIDDLEWARE]
    assert [w.id for w in csrf_middleware_installed(None)] == ["cliffhanger.W003"]


@pytest.mark.parametrize(
    "headers",
    [
        # a trusted sibling host passes Django's Origin check: only the
        # browser's Sec-Fetch-Site tells its post from one of our own pages
        {"HTTP_SEC_FETCH_SITE": "same-site", "HTTP_ORIGIN": "http://sub.testserver"},
        {"HTTP_SEC_FETCH_SITE": "none", "HTTP_ORIGIN": "http://testserver"},
        {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "null"},
    ],
)
def test_a_trusted_origin_is_not_proof_of_a_same_origin_post(action, settings, headers):
    settings.CSRF_TRUSTED_ORIGINS = ["http://*.testserver"]

    response = post(Client(enforce_csrf_checks=True), action, "Forged", **headers)

    assert response.status_code == 403
    assert not Comment.objects.filter(body="Forged").exists()
