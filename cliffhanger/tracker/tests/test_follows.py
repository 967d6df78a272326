"""Following a show: double opt-in, signed links, one email per change."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail, signing
from django.test import Client

from cliffhanger.tracker.follow_links import (
    CONFIRM_SALT,
    TOKEN_EXPIRED,
    TOKEN_INVALID,
    confirm_token,
    email_tag,
    unsubscribe_token,
)
from cliffhanger.tracker.follow_mail import status_change_notify
from cliffhanger.tracker.forms import FOLLOW_EMAIL_INVALID, FOLLOW_EMAIL_REQUIRED
from cliffhanger.tracker.models import ShowFollow, StatusNotification


def _link(message, kind: str) -> str:
    return re.search(
        rf"http://testserver(/shows/follow/{kind}/[^/\s]+/)", message.body
    ).group(1)


@pytest.fixture
def follow_and_confirm(client, partner_track, django_capture_on_commit_callbacks):
    def follow(email="fan@example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/shows/partner-track/follow/", {"email": email})
        confirm_by_button(_link(mail.outbox[-1], "confirm"))
        return ShowFollow.objects.get(email=email)

    return follow


def confirm_by_button(link: str):
    """Open the emailed link, then press the page's button, CSRF checks on."""
    reader = Client(enforce_csrf_checks=True)
    page = reader.get(link)
    assert page.status_code == 200 and "Yes, follow" in page.text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    return reader.post(link, {"csrfmiddlewaretoken": token.group(1)})


class TestFollowing:
    def test_request_sends_a_confirmation_and_nothing_else(
        self, client, partner_track, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/shows/partner-track/follow/", {"email": "Fan@Example.org"}
            )

        assert response.status_code == 200 and "Check your inbox" in response.text
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["fan@example.org"]
        follow = ShowFollow.objects.get()
        assert not follow.is_active

    def test_asking_twice_within_the_hour_sends_one_email(
        self, client, partner_track, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(3):
                client.post(
                    "/shows/partner-track/follow/", {"email": "fan@example.org"}
                )

        assert len(mail.outbox) == 1
        assert ShowFollow.objects.count() == 1

    @pytest.mark.parametrize(
        ("email", "message"),
        [("", FOLLOW_EMAIL_REQUIRED), ("not-an-email", FOLLOW_EMAIL_INVALID)],
    )
    def test_bad_email_comes_back_with_the_reason(
        self, client, partner_track, email, message
    ):
        response = client.post("/shows/partner-track/follow/", {"email": email})

        assert response.status_code == 400
        assert message in response.text
        # The reader's own input, marked, not the blank one drawn for everyone.
        assert f'value="{email}"' in response.text or not email
        assert 'aria-invalid="true"' in response.text
        assert ShowFollow.objects.count() == 0

    def test_confirm_link_activates(self, follow_and_confirm):
        assert follow_and_confirm().is_active

    def test_opening_the_link_only_asks(
        self, client, partner_track, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/shows/partner-track/follow/", {"email": "scan@example.org"})

        client.get(_link(mail.outbox[-1], "confirm"))  # a mail scanner

        assert not ShowFollow.objects.get(email="scan@example.org").is_active

    def test_a_used_link_cannot_subscribe_again_after_unsubscribing(
        self, partner_track, follow_and_confirm
    ):
        follow = follow_and_confirm("once@example.org")
        link = _link(mail.outbox[0], "confirm")
        unsubscribe = Client(enforce_csrf_checks=True).post(
            f"/shows/follow/unsubscribe/{unsubscribe_token(follow)}/"
        )
        assert unsubscribe.status_code == 200

        replay = confirm_by_button(link)

        assert replay.status_code == 400
        assert "used already" in replay.text
        assert not ShowFollow.objects.get(pk=follow.pk).is_active

    @pytest.mark.parametrize(
        "token", ["garbage", "eyJmIjoxfQ:1abc:tampered", "a" * 300]
    )
    def test_tampered_confirm_link_is_a_clear_400(self, client, partner_track, token):
        response = client.get(f"/shows/follow/confirm/{token}/")

        assert response.status_code == 400
        assert TOKEN_INVALID in response.text.replace("&#x27;", "'")

    def test_expired_confirm_link_is_a_clear_400(
        self, client, partner_track, monkeypatch
    ):
        follow = ShowFollow.objects.create(show=partner_track, email="late@example.org")
        token = confirm_token(follow)
        monkeypatch.setattr(
            "cliffhanger.tracker.follows.CONFIRM_MAX_AGE",
            __import__("datetime").timedelta(seconds=-1),
        )

        response = client.get(f"/shows/follow/confirm/{token}/")

        assert response.status_code == 400
        assert TOKEN_EXPIRED in response.text
        follow.refresh_from_db()
        assert follow.confirmed_at is None

    def test_a_token_for_another_address_is_refused(self, client, partner_track):
        follow = ShowFollow.objects.create(show=partner_track, email="a@example.org")
        token = signing.dumps(
            {"f": follow.pk, "e": email_tag("b@example.org")}, salt=CONFIRM_SALT
        )

        assert client.get(f"/shows/follow/confirm/{token}/").status_code == 400


class TestNotifications:
    def test_each_change_is_emailed_once_with_an_unsubscribe_link(
        self,
        client,
        season_one,
        follow_and_confirm,
        record,
        django_capture_on_commit_callbacks,
    ):
        follow_and_confirm()
        mail.outbox.clear()

        with django_capture_on_commit_callbacks(execute=True):
            change = record(
                season_one, "cancelled", date(2022, 11, 8), source_outlet="Deadline"
            )
        status_change_notify(change_id=change.pk)  # a retried task sends nothing more

        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.subject == "Partner Track: Cancelled"
        assert "season 1: Cancelled as of 08 November 2022" in message.body
        assert (
            message.extra_headers["List-Unsubscribe-Post"]
            == "List-Unsubscribe=One-Click"
        )
        assert StatusNotification.objects.count() == 1

    def test_a_follower_who_came_after_the_change_is_not_told_old_news(
        self, season_one, record
    ):
        change = record(season_one, "cancelled", date(2022, 11, 8))
        ShowFollow.objects.create(
            show=season_one.show,
            email="late@example.org",
            confirmed_at=change.recorded_at + timedelta(seconds=1),
        )
        mail.outbox.clear()

        assert status_change_notify(change_id=change.pk) == 0  # its task ran late
        assert mail.outbox == []

    def test_unconfirmed_and_unsubscribed_readers_get_nothing(
        self,
        client,
        season_one,
        follow_and_confirm,
        record,
        django_capture_on_commit_callbacks,
    ):
        follow_and_confirm("leaving@example.org")
        with django_capture_on_commit_callbacks(execute=True):
            record(season_one, "awaiting", date(2022, 9, 26))
        unsubscribe = _link(mail.outbox[-1], "unsubscribe")
        assert "Unsubscribe" in client.get(unsubscribe).text  # GET only asks
        # A mail client's one-click POST (RFC 8058) comes with no CSRF token.
        one_click = Client(enforce_csrf_checks=True).post(
            unsubscribe,
            "List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
        assert one_click.status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                "/shows/partner-track/follow/", {"email": "never-confirmed@example.org"}
            )
        mail.outbox.clear()

        with django_capture_on_commit_callbacks(execute=True):
            record(season_one, "cancelled", date(2022, 11, 8))

        assert mail.outbox == []

    def test_tampered_unsubscribe_link_is_a_clear_400(self, client, partner_track):
        assert client.post("/shows/follow/unsubscribe/not-a-token/").status_code == 400

    def test_links_do_not_carry_the_email(self, client, follow_and_confirm):
        follow_and_confirm("private@example.org")
        token = _link(mail.outbox[0], "confirm").split("/")[-2]

        payload = signing.loads(token, salt=CONFIRM_SALT)
        assert "private" not in str(payload)

    def test_follower_emails_are_never_shown(self, client, follow_and_confirm):
        follow_and_confirm("secret-fan@example.org")

        assert "secret-fan@example.org" not in client.get("/shows/partner-track/").text


class TestConfirmationFlood:
    def follow(self, email, address="198.51.100.30"):
        reader = Client(enforce_csrf_checks=True)
        reader.get("/csrf-token/", HTTP_X_FORWARDED_FOR=address)
        return reader.post(
            "/shows/partner-track/follow/",
            {"email": email, "csrfmiddlewaretoken": reader.cookies["csrftoken"].value},
            HTTP_X_FORWARDED_FOR=address,
        )

    def test_spellings_of_one_gmail_inbox_get_one_mail(
        self, partner_track, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            for n, email in enumerate(
                [
                    "kay.smith@gmail.com",
                    "kaysmith+tv@gmail.com",
                    "k.a.y.s.m.i.t.h@googlemail.com",
                ]
            ):
                assert (
                    self.follow(email, address=f"198.51.100.{n + 40}").status_code
                    == 200
                )

        assert len(mail.outbox) == 1

    def test_one_network_may_ask_a_few_times_an_hour(
        self, partner_track, settings, django_capture_on_commit_callbacks
    ):
        settings.TRACKER_FOLLOW_REQUESTS_PER_HOUR = 2
        with django_capture_on_commit_callbacks(execute=True):
            answers = [self.follow(f"fan{n}@example.org") for n in range(3)]

        assert [a.status_code for a in answers] == [200, 200, 429]
        assert "Many follow requests came from your network" in answers[2].text
        assert 'value="fan2@example.org"' in answers[2].text  # nothing typed is lost
        assert len(mail.outbox) == 2
