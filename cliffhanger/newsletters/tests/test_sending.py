"""Sending an issue to a real SMTP server (aiosmtpd): batches, headers, resume, no double send."""

from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from cliffhanger.newsletters import sending
from cliffhanger.newsletters.issues import issue_compose
from cliffhanger.newsletters.models import (
    Delivery,
    DeliveryStatus,
    IssueStatus,
    Subscription,
)
from cliffhanger.newsletters.sending import (
    issue_batch_send,
    issue_send_start,
    issues_resume_stalled,
)

SUBSCRIBERS = 50


@pytest.fixture
def issue(newsletter, articles, subscribers, settings):
    settings.NEWSLETTERS_BATCH_SIZE = 20
    subscribers(SUBSCRIBERS)
    return issue_compose(newsletter=newsletter)


def send(issue, capture):
    with capture(execute=True):
        assert issue_send_start(issue=issue)
    issue.refresh_from_db()


def test_every_subscriber_gets_one_copy_in_batches(
    issue, smtp_server, django_capture_on_commit_callbacks
):
    send(issue, django_capture_on_commit_callbacks)

    expected = sorted(Subscription.objects.values_list("email", flat=True))
    assert sorted(smtp_server.recipients) == expected  # each exactly once
    assert len(smtp_server.sessions) == 3  # 50 in batches of 20: one connection each
    assert issue.status == IssueStatus.SENT and issue.recipient_count == SUBSCRIBERS
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == SUBSCRIBERS


def test_each_copy_is_html_and_text_with_one_click_unsubscribe(
    issue, smtp_server, django_capture_on_commit_callbacks
):
    send(issue, django_capture_on_commit_callbacks)
    (to,), message = smtp_server.messages[0]

    assert message.get_content_type() == "multipart/alternative"
    kinds = [part.get_content_type() for part in message.iter_parts()]
    assert kinds == ["text/plain", "text/html"]
    unsubscribe = str(message["List-Unsubscribe"]).strip()  # may be folded
    assert unsubscribe.startswith("<http://testserver/newsletters/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Id"].endswith("<daily-headlines.newsletters.testserver>")
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    assert "Story 0" in html and "Story 0" in text
    assert unsubscribe[1:-1] in html and unsubscribe[1:-1] in text
    # No tracking: no images at all, and links go straight to the articles.
    assert "<img" not in html
    assert 'href="http://testserver/entertainment/story-0/"' in html
    assert to not in html  # the address is not written into the body


def test_the_header_link_unsubscribes_in_one_click(
    issue, smtp_server, django_capture_on_commit_callbacks
):
    send(issue, django_capture_on_commit_callbacks)
    (to,), message = smtp_server.messages[0]
    header = str(message["List-Unsubscribe"]).strip()
    path = header[1:-1].removeprefix("http://testserver")

    response = Client(enforce_csrf_checks=True).post(
        path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert not Subscription.objects.get(email=to).is_active


def test_mailto_is_offered_when_configured(
    issue, smtp_server, settings, django_capture_on_commit_callbacks
):
    settings.NEWSLETTERS_UNSUBSCRIBE_MAILTO = "unsubscribe@example.org"
    send(issue, django_capture_on_commit_callbacks)
    _, message = smtp_server.messages[0]

    assert (
        "<mailto:unsubscribe@example.org?subject=unsubscribe%20"
        in (message["List-Unsubscribe"])
    )


def test_starting_twice_or_running_a_batch_again_sends_nothing_twice(
    issue, smtp_server, django_capture_on_commit_callbacks
):
    send(issue, django_capture_on_commit_callbacks)
    first, last = Delivery.objects.order_by("pk").values_list("pk", flat=True)[::49]

    with django_capture_on_commit_callbacks(execute=True):
        assert not issue_send_start(issue=issue)
    issue_batch_send.call(issue.pk, first, last)
    sending.deliveries_create(issue=issue)

    assert len(smtp_server.recipients) == SUBSCRIBERS
    assert Delivery.objects.count() == SUBSCRIBERS


def test_who_unsubscribed_after_the_start_is_skipped(
    issue, smtp_server, django_capture_on_commit_callbacks
):
    issue_send_start(issue=issue)  # the fan-out task not run yet
    issue.refresh_from_db()
    sending.deliveries_create(issue=issue)
    leaver = Subscription.objects.order_by("pk").first()
    leaver.unsubscribed_at = timezone.now()
    leaver.save()

    sending.issue_fan_out.call(issue.pk)

    assert leaver.email not in smtp_server.recipients
    assert len(smtp_server.recipients) == SUBSCRIBERS - 1
    assert Delivery.objects.get(subscription=leaver).status == DeliveryStatus.SKIPPED


def test_a_send_interrupted_mid_batch_resumes_without_sending_twice(
    issue, smtp_server, django_capture_on_commit_callbacks
):
    # given: the worker dies after 27 mails, in the middle of the second batch
    real_send_one, calls = sending._send_one, []

    def dying_send_one(parts, subscription, connection):
        if len(calls) == 27:
            raise SystemExit("worker killed")
        calls.append(subscription.pk)
        return real_send_one(parts, subscription, connection)

    with (
        mock.patch.object(sending, "_send_one", dying_send_one),
        pytest.raises(SystemExit),
    ):
        sending.issue_send_start(issue=issue)
        issue.refresh_from_db()
        sending.deliveries_create(issue=issue)
        for first, last in sending.batches_plan(issue_id=issue.pk):
            sending.batch_send(issue_id=issue.pk, first_id=first, last_id=last)
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENDING and len(smtp_server.recipients) == 27

    # when: the scheduler finds the send stalled
    later = timezone.now() + timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert issues_resume_stalled(now=later) == 1

    # then: the rest went, nobody twice; the one claimed when it died is not retried
    issue.refresh_from_db()
    recipients = smtp_server.recipients
    assert len(recipients) == len(set(recipients)) == SUBSCRIBERS - 1
    assert Delivery.objects.filter(status=DeliveryStatus.UNCERTAIN).count() == 1
    assert issue.status == IssueStatus.SENT
    assert issues_resume_stalled(now=later + timedelta(hours=1)) == 0


def test_a_live_send_is_not_resumed(issue, django_capture_on_commit_callbacks):
    issue_send_start(issue=issue)

    assert issues_resume_stalled() == 0


def test_a_refused_recipient_is_recorded_and_the_rest_go(
    issue, smtp_server, django_capture_on_commit_callbacks
):
    refused = Subscription.objects.order_by("pk")[3]

    async def refuse(server, session, envelope, address, rcpt_options):
        if address == refused.email:
            return "550 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    smtp_server.handle_RCPT = refuse
    send(issue, django_capture_on_commit_callbacks)

    assert len(smtp_server.recipients) == SUBSCRIBERS - 1
    failed = Delivery.objects.get(status=DeliveryStatus.FAILED)
    assert failed.subscription == refused and "550" in failed.error
    assert issue.status == IssueStatus.SENT


def test_the_web_request_only_queues(
    issue, smtp_server, django_capture_on_commit_callbacks
):
    """Starting a send is a status change and one queued task, not a send."""
    with (
        mock.patch.object(sending, "issue_fan_out") as fan_out,
        django_capture_on_commit_callbacks(execute=True),
    ):
        issue_send_start(issue=issue)

    assert smtp_server.messages == [] and Delivery.objects.count() == 0
    fan_out.enqueue.assert_called_once_with(issue.pk)
