"""The admin: editors register endpoints, see the secret and deliveries, replay one."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from cliffhanger.webhooks.models import Delivery, DeliveryStatus, Endpoint
from cliffhanger.webhooks.services import endpoint_disable, event_emit

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(make_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("ada", superuser=True))
    return client


def csrf_from(response) -> str:
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', response.content)
    assert match, "the page has a form with a CSRF token"
    return match.group(1).decode()


def test_pages_render(admin_client, endpoint):
    for url, shown in (
        (reverse("webhooks:index"), endpoint.url),
        (reverse("webhooks:add"), 'name="url"'),
        (reverse("webhooks:edit", args=[endpoint.pk]), f'value="{endpoint.url}"'),
        (
            reverse("webhooks:inspect", args=[endpoint.pk]),
            f"<code>{endpoint.url}</code>",
        ),
    ):
        response = admin_client.get(url)

        assert response.status_code == 200, url
        assert shown in response.content.decode(), url


def test_create_shows_the_secret(admin_client, allow_private, receiver):
    form = admin_client.get(reverse("webhooks:add"))
    response = admin_client.post(
        reverse("webhooks:add"),
        {
            "csrfmiddlewaretoken": csrf_from(form),
            "url": receiver.url,
            "description": "Our app",
            "events": ["article.published", "comment.approved"],
            "owner": "",
        },
    )
    endpoint = Endpoint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("webhooks:inspect", args=[endpoint.pk])
    assert endpoint.events == ["article.published", "comment.approved"]
    assert endpoint.secret.startswith("whsec_") and endpoint.enabled
    page = admin_client.get(response["Location"])
    assert endpoint.secret in page.content.decode()


def test_create_refuses_a_private_address(admin_client):
    form = admin_client.get(reverse("webhooks:add"))
    response = admin_client.post(
        reverse("webhooks:add"),
        {
            "csrfmiddlewaretoken": csrf_from(form),
            "url": "http://169.254.169.254/latest/",
            "events": ["article.published"],
        },
    )
    assert response.status_code == 200
    assert "not a public address" in response.content.decode()
    assert not Endpoint.objects.exists()


def test_replay_with_csrf(
    admin_client, endpoint, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOKS_RETRY_SCHEDULE = []
    receiver.fail_first = 1
    with django_capture_on_commit_callbacks(execute=True):
        event_emit(event_type="poll.resolved", build=lambda: {"id": 1})
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.GAVE_UP

    page = admin_client.get(reverse("webhooks:inspect", args=[endpoint.pk]))
    assert delivery.message_id in page.content.decode()
    replay = reverse("webhooks:replay", args=[endpoint.pk, delivery.pk])
    assert admin_client.post(replay).status_code == 403  # no token, no replay
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(replay, {"csrfmiddlewaretoken": csrf_from(page)})

    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED
    assert delivery.attempts.filter(is_replay=True).count() == 1
    assert admin_client.get(replay).status_code == 405


def test_no_replay_to_a_disabled_endpoint(
    admin_client, endpoint, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        event_emit(event_type="poll.resolved", build=lambda: {"id": 1})
    delivery = Delivery.objects.get()
    sent = len(receiver.requests)
    endpoint_disable(endpoint=endpoint, reason="Paused.")
    page = admin_client.get(reverse("webhooks:inspect", args=[endpoint.pk]))
    replay = reverse("webhooks:replay", args=[endpoint.pk, delivery.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            replay, {"csrfmiddlewaretoken": csrf_from(page)}, follow=True
        )
    assert "Enable the endpoint first" in response.content.decode()
    assert len(receiver.requests) == sent


def test_disable_and_enable(admin_client, endpoint):
    page = admin_client.get(reverse("webhooks:inspect", args=[endpoint.pk]))
    token = {"csrfmiddlewaretoken": csrf_from(page)}
    admin_client.post(reverse("webhooks:disable", args=[endpoint.pk]), token)
    endpoint.refresh_from_db()
    assert not endpoint.enabled and endpoint.disabled_reason == "Disabled by ada."

    admin_client.post(reverse("webhooks:enable", args=[endpoint.pk]), token)
    endpoint.refresh_from_db()
    assert endpoint.enabled and not endpoint.disabled_reason


def test_rotate_keeps_the_old_secret_for_a_day(admin_client, endpoint):
    old = endpoint.secret
    page = admin_client.get(reverse("webhooks:inspect", args=[endpoint.pk]))
    admin_client.post(
        reverse("webhooks:rotate", args=[endpoint.pk]),
        {"csrfmiddlewaretoken": csrf_from(page)},
    )
    endpoint.refresh_from_db()
    assert endpoint.secret != old and endpoint.previous_secret == old


class TestWhoManagesEndpoints:
    def test_editors_do(self, client, editor, endpoint):
        client.force_login(editor)
        response = client.get(reverse("webhooks:index"))

        assert response.status_code == 200
        assert endpoint.url in response.content.decode()

    def test_writers_do_not(self, client, writer, endpoint):
        client.force_login(writer)
        assert client.get(reverse("webhooks:index")).status_code == 302
        response = client.post(reverse("webhooks:disable", args=[endpoint.pk]))
        # Wagtail turns PermissionDenied into a message on the dashboard.
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
        endpoint.refresh_from_db()
        assert endpoint.enabled


def test_the_secret_is_shown_only_to_who_may_change_the_endpoint(
    client, writer, endpoint
):
    writer.user_permissions.add(Permission.objects.get(codename="view_endpoint"))
    client.force_login(writer)
    page = client.get(reverse("webhooks:inspect", args=[endpoint.pk]))
    assert page.status_code == 200
    assert endpoint.secret not in page.content.decode()
