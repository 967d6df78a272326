"""Subscribing: double opt-in, signed links, rate limits, CSRF, one-click unsubscribe."""

import re
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.test import Client
from django.utils.html import escape

from cliffhanger.newsletters.forms import (
    SUBSCRIBE_EMAIL_INVALID,
    SUBSCRIBE_EMAIL_REQUIRED,
)
from cliffhanger.newsletters.links import (
    CONFIRM_SALT,
    TOKEN_EXPIRED,
    TOKEN_INVALID,
    TOKEN_USED,
    email_tag,
    unsubscribe_token,
)
from cliffhanger.newsletters.models import Subscription
from cliffhanger.newsletters.services import subscriptions_attach_account
from cliffhanger.newsletters.views import SUBSCRIBE_REQUESTS_TOO_MANY

SUBSCRIBE = "/newsletters/daily-headlines/subscribe/"


def _link(message, kind: str) -> str:
    return re.search(
        rf"http://testserver(/newsletters/{kind}/[^/\s]+/)", message.body
    ).group(1)


def _csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


@pytest.fixture
def subscribe(client, newsletter, django_capture_on_commit_callbacks):
    def subscribe(email="fan@example.org", **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(SUBSCRIBE, {"email": email}, **extra)

    return subscribe


def confirm_by_button(link: str):
    """Open the emailed link, then press the page's button, CSRF checks on."""
    reader = Client(enforce_csrf_checks=True)
    page = reader.get(link)
    assert page.status_code == 200 and "Yes, subscribe" in page.text
    return reader.post(link, {"csrfmiddlewaretoken": _csrf(page.text)})


class TestSubscribe:
    def test_request_sends_one_confirmation_and_nothing_else(self, subscribe):
        response = subscribe("Fan@Example.org")

        assert response.status_code == 200 and "Check your inbox" in response.text
        assert [message.to for message in mail.outbox] == [["fan@example.org"]]
        assert not Subscription.objects.get().is_active

    def test_asking_again_within_the_hour_sends_nothing_new(self, subscribe):
        for email in ("fan@example.org", "fan@example.org", "FAN@example.org"):
            subscribe(email)

        assert len(mail.outbox) == 1

    def test_another_spelling_of_one_gmail_inbox_gets_one_mail(self, subscribe):
        subscribe("kay.smith@gmail.com")
        subscribe("kaysmith+tv@googlemail.com")

        assert len(mail.outbox) == 1

    def test_the_answer_is_the_same_for_a_subscribed_address(self, subscribe):
        first = subscribe("fan@example.org")
        confirm_by_button(_link(mail.outbox[0], "confirm"))
        again = subscribe("fan@example.org")

        assert again.status_code == first.status_code == 200
        assert again.text == first.text
        assert len(mail.outbox) == 1  # nothing sent to an active subscriber

    @pytest.mark.parametrize(
        ("email", "message"),
        [
            ("", SUBSCRIBE_EMAIL_REQUIRED),
            ("not-an-email", SUBSCRIBE_EMAIL_INVALID),
            ("fan@example.org\r\nBcc: victim@example.org", SUBSCRIBE_EMAIL_INVALID),
            ("fan@example.org\nSubject: hi", SUBSCRIBE_EMAIL_INVALID),
            ("a" * 250 + "@example.org", None),
        ],
    )
    def test_bad_email_comes_back_with_the_reason(self, subscribe, email, message):
        response = subscribe(email)

        assert response.status_code == 400
        if message:
            assert message in response.text
        assert Subscription.objects.count() == 0 and mail.outbox == []

    def test_unknown_or_private_newsletter_is_not_found(self, client, newsletter):
        newsletter.is_public = False
        newsletter.save()

        assert client.post(SUBSCRIBE, {"email": "a@example.org"}).status_code == 404
        assert client.get("/newsletters/nope/").status_code == 404

    def test_limited_per_network_whatever_the_client_says(self, subscribe, settings):
        settings.NEWSLETTERS_SUBSCRIBE_REQUESTS_PER_HOUR = 2
        for number in range(2):
            assert subscribe(f"r{number}@example.org").status_code == 200

        # A new cookie jar and User-Agent change nothing: the key is the address.
        limited = Client().post(
            SUBSCRIBE, {"email": "r9@example.org"}, HTTP_USER_AGENT="Other/1.0"
        )
        other_network = Client(REMOTE_ADDR="198.51.100.7").post(
            SUBSCRIBE, {"email": "r8@example.org"}
        )

        assert limited.status_code == 429
        assert SUBSCRIBE_REQUESTS_TOO_MANY in limited.text
        assert 'value="r9@example.org"' in limited.text  # kept filled in
        assert other_network.status_code == 200

    def test_post_without_a_csrf_token_is_refused(self, newsletter):
        reader = Client(enforce_csrf_checks=True)
        reader.get("/csrf-token/")  # a reader who has the cookie

        refused = reader.post(SUBSCRIBE, {"email": "fan@example.org"})

        assert refused.status_code == 403
        assert Subscription.objects.count() == 0

    def test_post_with_the_token_from_the_page_is_accepted(self, newsletter):
        reader = Client(enforce_csrf_checks=True)
        reader.get("/csrf-token/")
        page = reader.get("/newsletters/daily-headlines/")

        accepted = reader.post(
            SUBSCRIBE,
            {"email": "fan@example.org", "csrfmiddlewaretoken": _csrf(page.text)},
        )

        assert accepted.status_code == 200
        assert Subscription.objects.count() == 1


class TestConfirm:
    def test_the_link_confirms_once_by_button(self, subscribe):
        subscribe()
        link = _link(mail.outbox[0], "confirm")

        assert confirm_by_button(link).status_code == 200
        assert Subscription.objects.get().is_active

    def test_opening_the_link_changes_nothing(self, client, subscribe):
        subscribe()
        client.get(_link(mail.outbox[0], "confirm"))

        assert not Subscription.objects.get().is_active

    def test_a_used_link_cannot_subscribe_again_after_unsubscribing(
        self, client, subscribe
    ):
        subscribe()
        link = _link(mail.outbox[0], "confirm")
        confirm_by_button(link)
        subscription = Subscription.objects.get()
        client.post(f"/newsletters/unsubscribe/{unsubscribe_token(subscription)}/")

        again = client.post(link)

        assert again.status_code == 400 and escape(TOKEN_USED) in again.text
        subscription.refresh_from_db()
        assert not subscription.is_active

    def test_an_expired_link_says_so(self, client, subscribe, settings):
        subscribe()
        link = _link(mail.outbox[0], "confirm")
        token = link.split("/")[-2]
        real_loads = signing.loads

        def loads_later(value, **kwargs):
            if kwargs.get("max_age"):
                kwargs["max_age"] = timedelta(seconds=-1)
            return real_loads(value, **kwargs)

        signing.loads = loads_later
        try:
            response = client.post(f"/newsletters/confirm/{token}/")
        finally:
            signing.loads = real_loads

        assert response.status_code == 400 and escape(TOKEN_EXPIRED) in response.text
        assert not Subscription.objects.get().is_active

    @pytest.mark.parametrize("token", ["nonsense", "a" * 300, "%00%0d%0a"])
    def test_a_tampered_link_is_refused(self, client, newsletter, token):
        response = client.post(f"/newsletters/confirm/{token}/")

        assert response.status_code in (400, 404)

    def test_a_link_for_another_address_is_refused(self, client, subscribe):
        subscribe()
        subscription = Subscription.objects.get()
        forged = signing.dumps(
            {"n": subscription.pk, "e": email_tag("other@example.org")},
            salt=CONFIRM_SALT,
        )

        response = client.post(f"/newsletters/confirm/{forged}/")

        assert response.status_code == 400 and escape(TOKEN_INVALID) in response.text

    def test_links_and_pages_never_carry_the_email(self, client, subscribe):
        subscribe("secret.reader@example.org")
        link = _link(mail.outbox[0], "confirm")
        confirm_by_button(link)
        subscription = Subscription.objects.get()
        pages = [
            client.get("/newsletters/").text,
            client.get("/newsletters/daily-headlines/").text,
            client.get(link).text,
            client.get(
                f"/newsletters/unsubscribe/{unsubscribe_token(subscription)}/"
            ).text,
        ]

        assert "secret.reader" not in link
        assert not any("secret.reader" in page for page in pages)


class TestUnsubscribe:
    @pytest.fixture
    def active(self, newsletter):
        from .factories import SubscriptionFactory

        return SubscriptionFactory(newsletter=newsletter)

    def test_get_asks_and_changes_nothing(self, client, active):
        url = f"/newsletters/unsubscribe/{unsubscribe_token(active)}/"

        page = client.get(url)

        assert page.status_code == 200 and "Unsubscribe" in page.text
        active.refresh_from_db()
        assert active.is_active

    def test_one_click_post_needs_no_csrf_token_and_is_idempotent(self, active):
        mail_client = Client(enforce_csrf_checks=True)
        url = f"/newsletters/unsubscribe/{unsubscribe_token(active)}/"

        first = mail_client.post(
            url,
            "List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
        active.refresh_from_db()
        stamped = active.unsubscribed_at
        second = mail_client.post(
            url,
            "List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
        active.refresh_from_db()

        assert first.status_code == second.status_code == 200
        assert stamped is not None and active.unsubscribed_at == stamped

    def test_a_bad_token_unsubscribes_nobody(self, client, active):
        response = client.post("/newsletters/unsubscribe/forged:token/")

        assert response.status_code == 400
        active.refresh_from_db()
        assert active.is_active

    def test_other_methods_are_refused(self, client, active):
        url = f"/newsletters/unsubscribe/{unsubscribe_token(active)}/"

        assert client.put(url).status_code == 405


def test_an_account_is_attached_by_email(newsletter, django_user_model):
    from .factories import SubscriptionFactory

    subscription = SubscriptionFactory(newsletter=newsletter, email="kay@example.org")
    user = django_user_model.objects.create_user(
        username="kay", email="kay@example.org"
    )

    attached = subscriptions_attach_account(account=user, email="Kay@Example.org ")

    subscription.refresh_from_db()
    assert attached == 1 and subscription.account == user
