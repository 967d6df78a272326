"""A signed-in reader's newsletters: attached at sign-in, toggled on /account/."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cliffhanger.accounts.tests.conftest import reader_signed_in, sign_in, token_of
from cliffhanger.newsletters.account_views import (
    NEWSLETTER_NOT_FOUND,
    SUBSCRIBED,
    UNSUBSCRIBED,
)
from cliffhanger.newsletters.models import Subscription
from cliffhanger.newsletters.selectors import newsletter_list_for_account
from cliffhanger.newsletters.services import (
    SUBSCRIBE_NEEDS_VERIFIED_EMAIL,
    subscription_set_for_account,
    subscriptions_attach_account,
)

from .factories import NewsletterFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db
EMAIL = "nadia@example.com"
PATH = "/account/newsletters/"


def toggle(client, newsletter, subscribed: str):
    token = token_of(client, "/account/")
    return client.post(
        PATH,
        {
            "newsletter": newsletter.slug,
            "subscribed": subscribed,
            "csrfmiddlewaretoken": token,
        },
    )


def section_of(page: str) -> str:
    return page.split('id="account-newsletters-heading"')[1].split("</section>")[0]


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def nadia(csrf_client):
    return reader_signed_in(csrf_client, EMAIL)


class TestAttachAtSignIn:
    def test_confirmed_subscriptions_of_the_address_become_the_readers(
        self, newsletter, csrf_client
    ):
        mine = SubscriptionFactory(newsletter=newsletter, email=EMAIL)
        pending = SubscriptionFactory(email=EMAIL, confirmed_at=None)
        others = SubscriptionFactory(newsletter=newsletter, email="other@example.com")

        sign_in(csrf_client, EMAIL)

        user = EmailAddress.objects.get(email=EMAIL).user
        for subscription in (mine, pending, others):
            subscription.refresh_from_db()
        assert mine.account == user
        assert pending.account is None
        assert others.account is None
        section = section_of(csrf_client.get("/account/").text)
        assert "(subscribed)" in section

    def test_never_by_an_address_not_proven(self, newsletter):
        subscription = SubscriptionFactory(
            newsletter=newsletter, email="2nd@example.com"
        )
        user = reader_signed_in(Client(), EMAIL)
        EmailAddress.objects.create(user=user, email="2nd@example.com", verified=False)
        from allauth.account.signals import user_logged_in

        user_logged_in.send(sender=user.__class__, request=None, user=user)

        subscription.refresh_from_db()
        assert subscription.account is None

    def test_unconfirmed_subscriptions_are_left_alone(self, newsletter, nadia):
        SubscriptionFactory(newsletter=newsletter, email=EMAIL, confirmed_at=None)
        assert subscriptions_attach_account(account=nadia, email=EMAIL) == 0


class TestAccountSection:
    def test_one_toggle_per_public_newsletter(self, nadia, csrf_client):
        subscribed = NewsletterFactory(title="Renewal alerts")
        NewsletterFactory(title="Daily headlines")
        NewsletterFactory(title="Staff only", is_public=False)
        SubscriptionFactory(newsletter=subscribed, email=EMAIL, account=nadia)

        section = section_of(csrf_client.get("/account/").text)

        assert section.count('action="/account/newsletters/"') == 2
        assert "Staff only" not in section
        assert section.count('name="subscribed" value="0"') == 1
        assert section.count('name="subscribed" value="1"') == 1
        assert section.count('name="csrfmiddlewaretoken"') == 2

    def test_subscribe_needs_no_confirmation_mail(self, nadia, csrf_client, newsletter):
        response = toggle(csrf_client, newsletter, "1")

        assert response.status_code == 302
        assert response["Location"] == "/account/#account-newsletters-heading"
        subscription = Subscription.objects.get()
        assert subscription.is_active and subscription.account == nadia
        assert subscription.email == EMAIL
        assert mail.outbox == []
        page = csrf_client.get("/account/").text
        assert SUBSCRIBED.format(title="Daily headlines") in page

    def test_unsubscribe_and_subscribe_again(self, nadia, csrf_client, newsletter):
        SubscriptionFactory(newsletter=newsletter, email=EMAIL, account=nadia)

        toggle(csrf_client, newsletter, "0")

        assert not Subscription.objects.get().is_active
        assert (
            UNSUBSCRIBED.format(title="Daily headlines")
            in csrf_client.get("/account/").text
        )
        toggle(csrf_client, newsletter, "1")
        assert Subscription.objects.get().is_active

    def test_subscribe_takes_over_an_anonymous_pending_request(
        self, nadia, csrf_client, newsletter
    ):
        SubscriptionFactory(newsletter=newsletter, email=EMAIL, confirmed_at=None)

        toggle(csrf_client, newsletter, "1")

        subscription = Subscription.objects.get()
        assert subscription.is_active and subscription.account == nadia

    def test_unsubscribe_touches_only_the_readers_own(
        self, nadia, csrf_client, newsletter
    ):
        other = reader_signed_in(Client(), "other@example.com")
        theirs = SubscriptionFactory(
            newsletter=newsletter, email="other@example.com", account=other
        )
        anonymous = SubscriptionFactory(newsletter=newsletter)

        toggle(csrf_client, newsletter, "0")

        theirs.refresh_from_db(), anonymous.refresh_from_db()
        assert theirs.is_active and anonymous.is_active

    def test_the_form_needs_the_token(self, nadia, csrf_client, newsletter):
        SubscriptionFactory(newsletter=newsletter, email=EMAIL, account=nadia)

        response = csrf_client.post(
            PATH, {"newsletter": newsletter.slug, "subscribed": "0"}
        )

        assert response.status_code == 403
        assert Subscription.objects.get().is_active

    def test_anonymous_visitors_change_nothing(self, client, newsletter):
        SubscriptionFactory(newsletter=newsletter)

        response = client.post(PATH, {"newsletter": newsletter.slug, "subscribed": "0"})

        assert response.status_code == 302
        assert response["Location"].startswith("/account/login/")
        assert Subscription.objects.get().is_active

    @pytest.mark.parametrize(
        ("slug", "subscribed"),
        [("no-such", "1"), ("", "1"), ("daily-headlines", "maybe"), ("<b>", "1")],
    )
    def test_junk_gets_a_message(
        self, nadia, csrf_client, newsletter, slug, subscribed
    ):
        token = token_of(csrf_client, "/account/")
        response = csrf_client.post(
            PATH,
            {
                "newsletter": slug,
                "subscribed": subscribed,
                "csrfmiddlewaretoken": token,
            },
        )

        assert response.status_code == 302
        assert NEWSLETTER_NOT_FOUND in csrf_client.get("/account/").text
        assert not Subscription.objects.exists()

    def test_a_private_newsletter_cannot_be_subscribed_from_here(
        self, nadia, csrf_client
    ):
        private = NewsletterFactory(is_public=False)

        toggle(csrf_client, private, "1")

        assert not Subscription.objects.exists()

    def test_an_address_not_proven_cannot_subscribe(self, newsletter):
        client = Client(enforce_csrf_checks=True)
        reader_signed_in(client, EMAIL, verified=False)

        toggle(client, newsletter, "1")

        assert not Subscription.objects.exists()
        page = client.get("/account/").text
        assert SUBSCRIBE_NEEDS_VERIFIED_EMAIL in page
        assert 'action="/account/newsletters/"' not in section_of(page)

    def test_the_section_costs_the_same_queries_for_many_newsletters(
        self, nadia, csrf_client
    ):
        def account_queries():
            csrf_client.get("/account/")  # the page's shared pieces, cached
            with CaptureQueriesContext(connection) as queries:
                assert csrf_client.get("/account/").status_code == 200
            return [query["sql"] for query in queries]

        SubscriptionFactory(newsletter=NewsletterFactory(), email=EMAIL, account=nadia)
        few = account_queries()
        for _ in range(6):
            SubscriptionFactory(
                newsletter=NewsletterFactory(), email=EMAIL, account=nadia
            )
            NewsletterFactory()

        many = account_queries()
        assert len(many) == len(few), "\n".join(many)


class TestServices:
    def test_the_list_marks_active_subscriptions_in_one_query(
        self, nadia, newsletter, django_assert_num_queries
    ):
        SubscriptionFactory(newsletter=newsletter, email=EMAIL, account=nadia)
        stopped = NewsletterFactory()
        SubscriptionFactory(
            newsletter=stopped,
            email=EMAIL,
            account=nadia,
            unsubscribed_at=timezone.now(),
        )

        with django_assert_num_queries(1):
            marks = {
                n.pk: n.is_subscribed
                for n in newsletter_list_for_account(account=nadia)
            }

        assert marks == {newsletter.pk: True, stopped.pk: False}

    def test_subscribing_needs_a_verified_address(self, nadia, newsletter):
        with pytest.raises(ValueError, match=SUBSCRIBE_NEEDS_VERIFIED_EMAIL):
            subscription_set_for_account(
                newsletter=newsletter, account=nadia, email=None, subscribed=True
            )
