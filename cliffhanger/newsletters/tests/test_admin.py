"""The admin: editors define newsletters, compose, preview, test-send, schedule and send."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cliffhanger.newsletters.models import Issue, IssueStatus, Newsletter

from .factories import SubscriptionFactory


@pytest.fixture
def editor_client(client, editor):
    editor.email = "edna@example.org"
    editor.save()
    client.force_login(editor)
    return client


def _csrf(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_an_editor_defines_a_newsletter(editor_client, section):
    page = editor_client.get(reverse("newsletter_admin:add"))
    response = editor_client.post(
        reverse("newsletter_admin:add"),
        {
            "csrfmiddlewaretoken": _csrf(page.text),
            "title": "Renewal alerts, weekly",
            "slug": "renewal-alerts",
            "kind": "renewals",
            "cadence": "weekly",
            "send_hour": "8",
            "send_weekday": "0",
            "is_public": "on",
            "is_active": "on",
        },
    )

    assert response.status_code == 302, response.text[:2000]
    assert Newsletter.objects.get().get_absolute_url() == "/newsletters/renewal-alerts/"


def test_a_reserved_slug_is_refused(editor_client):
    page = editor_client.get(reverse("newsletter_admin:add"))
    response = editor_client.post(
        reverse("newsletter_admin:add"),
        {
            "csrfmiddlewaretoken": _csrf(page.text),
            "title": "Confirm",
            "slug": "confirm",
            "kind": "headlines",
            "cadence": "daily",
            "send_hour": "8",
            "send_weekday": "0",
        },
    )

    assert response.status_code == 200 and Newsletter.objects.count() == 0


def test_subscriber_counts_but_no_addresses_in_the_listing(editor_client, newsletter):
    SubscriptionFactory.create_batch(2, newsletter=newsletter)
    SubscriptionFactory(
        newsletter=newsletter, email="quiet@example.org", confirmed_at=None
    )

    page = editor_client.get(reverse("newsletter_admin:index"))

    assert page.status_code == 200
    assert "@example.org" not in page.text


def test_compose_preview_test_send_schedule_and_send(
    editor_client, newsletter, articles, django_capture_on_commit_callbacks
):
    SubscriptionFactory.create_batch(3, newsletter=newsletter)
    form = editor_client.get(reverse("newsletter_issues:add"))
    composed = editor_client.post(
        reverse("newsletter_issues:add"),
        {
            "csrfmiddlewaretoken": _csrf(form.text),
            "newsletter": newsletter.pk,
            "intro": "Hello readers",
        },
    )
    issue = Issue.objects.get()
    assert composed.status_code == 302 and issue.intro == "Hello readers"

    inspect = editor_client.get(reverse("newsletter_issues:inspect", args=[issue.pk]))
    preview = editor_client.get(reverse("newsletter_issues:preview", args=[issue.pk]))
    assert (
        inspect.status_code == 200 and "Send a test to edna@example.org" in inspect.text
    )
    assert preview.status_code == 200 and "Story 0" in preview.text

    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(reverse("newsletter_issues:test_send", args=[issue.pk]))
    assert [m.to for m in mail.outbox] == [["edna@example.org"]]
    assert mail.outbox[0].subject.startswith("[Test] ")

    later = (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    editor_client.post(
        reverse("newsletter_issues:schedule", args=[issue.pk]), {"send_at": later}
    )
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SCHEDULED

    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(reverse("newsletter_issues:send_now", args=[issue.pk]))
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT and len(mail.outbox) == 4

    edit = editor_client.get(reverse("newsletter_issues:edit", args=[issue.pk]))
    assert edit.status_code == 302  # a sent issue no longer changes


def test_compose_with_nothing_new_says_so(editor_client, newsletter):
    form = editor_client.get(reverse("newsletter_issues:add"))
    response = editor_client.post(
        reverse("newsletter_issues:add"),
        {"csrfmiddlewaretoken": _csrf(form.text), "newsletter": newsletter.pk},
    )

    assert response.status_code == 200 and "Nothing to send" in response.text
    assert Issue.objects.count() == 0


def test_writers_cannot_send(client, writer, newsletter, articles):
    from cliffhanger.newsletters.issues import issue_compose

    issue = issue_compose(newsletter=newsletter)
    client.force_login(writer)

    response = client.post(reverse("newsletter_issues:send_now", args=[issue.pk]))

    assert response.status_code in (302, 403)
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT
